import { z } from 'zod';
import { id, optionalText, quantity, text, timestamp } from '../../lib/schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

export const shipmentBody = z.strictObject({
  warehouseId: id,
  carrier: text(50),
  trackingNo: optionalText(60),
  estimatedDelivery: isoDate.nullish(),
  lines: z.array(z.strictObject({ orderLineId: id, qty: quantity })).min(1, 'at least one line').max(500),
});

export const trackingBody = z.strictObject({
  /** when it happened (ISO time); default now */
  at: z.iso.datetime({ offset: true }).nullish(),
  place: optionalText(100),
  description: text(500),
});

export const receiptBody = z.strictObject({
  lines: z.array(z.strictObject({
    orderLineId: id,
    receivedQty: z.number().int('whole number').min(0, 'must not be negative').max(10_000_000),
    damagedQty: z.number().int('whole number').min(0, 'must not be negative').max(10_000_000).optional(),
    note: optionalText(500),
  })).max(500).optional(),
  note: optionalText(500),
});

export const trackingEvent = z.object({ id: z.number(), shipmentId: z.number(), at: timestamp, place: z.string().nullable(), description: z.string(), source: z.string() });

export const shipment = z.object({
  id: z.number(),
  number: z.string(),
  orderId: z.number(),
  warehouseId: z.number(),
  warehouseName: z.string(),
  carrier: z.string(),
  trackingNo: z.string().nullable(),
  shippedAt: timestamp,
  estimatedDelivery: z.string().nullable(),
  status: z.enum(['in_transit', 'received']),
  receivedAt: timestamp.nullable(),
  autoReceived: z.boolean(),
  receiptNote: z.string().nullable(),
  /** set when the shipment carries another document than the order (an after-sales replacement SH…): its type, id and number */
  documentType: z.string().nullable(),
  documentId: z.number().nullable(),
  documentNo: z.string().nullable(),
  lines: z.array(z.object({
    orderLineId: z.number(), lineNo: z.number(), skuCode: z.string(), name: z.string(), specText: z.string(),
    /** the unit the line was ordered in, its factor and the base unit: quantities here are base units */
    unit: z.string(), unitFactor: z.number(), baseUnit: z.string(),
    /** what the order line asked for in all; qty is this shipment's part of it */
    orderedQty: z.number(),
    qty: z.number(), receivedQty: z.number().nullable(), damagedQty: z.number(), discrepancyNote: z.string().nullable(),
  })),
  tracking: z.array(trackingEvent),
});

/** quantities are base units; unit / unitFactor is what the buyer ordered in (shown "2 箱（48 瓶）") */
const pickLine = z.object({ orderLineId: z.number(), lineNo: z.number(), skuId: z.number(), skuCode: z.string(), name: z.string(), specText: z.string(), unit: z.string(), unitFactor: z.number(), baseUnit: z.string(), qty: z.number() });
export const pickListSchema = z.object({
  warehouse: z.object({ id: z.number(), code: z.string(), name: z.string(), address: z.string().nullable() }),
  /**
   * Orders to pick and, beside them, other documents ready to ship from here (an after-sales
   * replacement: `document` set, `number` is the document's SH…, `orderNumber` the original order,
   * `link` the console page that ships it, `status` the order's).
   */
  orders: z.array(z.object({
    orderId: z.number(), number: z.string(), urgent: z.boolean(), status: z.string(), submittedAt: timestamp, companyName: z.string(), address: z.unknown(), lines: z.array(pickLine),
    document: z.object({ type: z.string(), id: z.number(), kind: z.string(), title: z.string(), orderNumber: z.string(), link: z.string() }).nullable(),
  })),
  /** per SKU in base units; unit / unitFactor: the largest unit the SKU was ordered in, to count whole cases */
  totals: z.array(z.object({ skuId: z.number(), skuCode: z.string(), name: z.string(), specText: z.string(), unit: z.string(), unitFactor: z.number(), baseUnit: z.string(), qty: z.number() })),
});

export const warehouseQuery = z.object({ warehouseId: id });
export const paperQuery = z.object({ paper: z.enum(['a4', '80mm']).default('a4') });
