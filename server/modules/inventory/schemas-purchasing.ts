import { z } from 'zod';
import { fen, id, optionalText, quantity, text, timestamp } from '../../lib/schemas';
import { PO_STATUSES } from './tables';

export const supplierBody = z.strictObject({
  code: text(20).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  name: text(100),
  contactName: optionalText(50),
  phone: optionalText(30),
  email: z.string().trim().max(200).email('not an email address').nullish(),
  address: optionalText(200),
  taxNo: z.string().trim().max(20).regex(/^[0-9A-Za-z]*$/, 'letters and digits only').nullish().transform((v) => (v ? v.toUpperCase() : v === '' ? null : v)),
  paymentTerms: optionalText(50),
  notes: optionalText(500),
  active: z.boolean().optional(),
});
export const supplierPatch = supplierBody.partial().strict();
const supplierBase = z.object({
  id: z.number(), code: z.string(), name: z.string(), contactName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(),
  address: z.string().nullable(), taxNo: z.string().nullable(), paymentTerms: z.string().nullable(), notes: z.string().nullable(), active: z.boolean(), createdAt: timestamp, updatedAt: timestamp,
});
export const supplierListed = supplierBase.extend({ skuCount: z.number() });
export const supplier = supplierBase.extend({
  skus: z.array(z.object({
    skuId: z.number(), skuCode: z.string(), productName: z.string(), specText: z.string(), supplierSkuCode: z.string().nullable(),
    cost: z.number(), leadTimeDays: z.number(), moq: z.number(), preferred: z.boolean(),
  })),
});
export const supplierQuery = z.object({ search: z.string().trim().max(100).optional(), active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
export const supplierSkuBody = z.strictObject({
  skuId: id,
  supplierSkuCode: optionalText(50),
  cost: fen,
  leadTimeDays: z.number().int('must be a whole number of days').min(0).max(365).optional(),
  moq: quantity.optional(),
  preferred: z.boolean().optional(),
});
export const supplierSkuParams = z.object({ id, skuId: id });

const poLine = z.strictObject({ skuId: id, qty: quantity, unitCost: fen.nullish() });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-31').refine((d) => !Number.isNaN(Date.parse(d)), 'not a real date');
export const poBody = z.strictObject({
  supplierId: id,
  warehouseId: id,
  expectedAt: date.nullish(),
  notes: optionalText(500),
  lines: z.array(poLine).min(1, 'at least one line').max(500),
});
export const poPatch = poBody.omit({ supplierId: true }).partial().strict();
export const receiveBody = z.strictObject({
  lines: z.array(z.strictObject({ skuId: id, qty: quantity })).min(1, 'at least one line').max(500),
  note: optionalText(200),
});
const poStatus = z.enum(PO_STATUSES);
export const poQuery = z.object({ status: poStatus.optional(), supplierId: id.optional(), warehouseId: id.optional() });
const poHead = z.object({
  id: z.number(), number: z.string(), supplierId: z.number(), supplierName: z.string(), warehouseId: z.number(), warehouseName: z.string(),
  status: poStatus, expectedAt: z.string().nullable(), total: z.number(), createdAt: timestamp,
});
export const poListed = poHead.extend({ qty: z.number(), receivedQty: z.number() });
export const po = poHead.extend({
  notes: z.string().nullable(), orderedAt: timestamp.nullable(), receivedAt: timestamp.nullable(), cancelledAt: timestamp.nullable(),
  lines: z.array(z.object({
    skuId: z.number(), skuCode: z.string(), productName: z.string(), specText: z.string(), qty: z.number(), unitCost: z.number(), receivedQty: z.number(), lineTotal: z.number(),
  })),
});
export const suggestion = z.object({
  skuId: z.number(), skuCode: z.string(), productName: z.string(), sold30: z.number(), velocityPerDay: z.number(), available: z.number(), onOrder: z.number(),
  safetyStock: z.number(), leadTimeDays: z.number(), reorderPoint: z.number(), belowSafety: z.number(), shortfall: z.number(), suggestedQty: z.number(), supplierId: z.number().nullable(),
  supplierName: z.string().nullable(), unitCost: z.number().nullable(), moq: z.number(),
});
export const fromSuggestionsBody = z.strictObject({
  warehouseId: id,
  lines: z.array(z.strictObject({ skuId: id, qty: quantity, supplierId: id })).min(1, 'at least one line').max(500),
});
