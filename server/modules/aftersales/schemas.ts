import { z } from 'zod';
import { fen, id, optionalText, pageQuery, quantity, text, timestamp } from '../../lib/schemas';
import { AFTERSALES_EVENTS, AFTERSALES_KINDS, AFTERSALES_STATUSES } from './transitions-table';
import { shipmentSchema } from '../shipping';

export const photo = z.object({ id: z.number(), side: z.enum(['customer', 'staff']), width: z.number(), height: z.number(), createdAt: timestamp });
export const kind = z.enum(AFTERSALES_KINDS);
export const status = z.enum(AFTERSALES_STATUSES);
export const event = z.enum(AFTERSALES_EVENTS);

export const createBody = z.strictObject({
  orderId: id,
  shipmentId: id.nullish(),
  kind,
  reasonId: id,
  description: optionalText(1000),
  /** qty in the SKU's base unit (a whole number), like order lines */
  lines: z.array(z.strictObject({ orderLineId: id, qty: quantity })).min(1, 'at least one line').max(200),
});

const count = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(10_000_000);
export const eventBody = z.strictObject({
  event,
  version: z.number().int().positive().optional(),
  note: optionalText(500),
  returnShipment: z.strictObject({ carrier: text(50), trackingNo: text(50) }).optional(),
  inspection: z.strictObject({
    warehouseId: id,
    quarantineWarehouseId: id.nullish(),
    lines: z.array(z.strictObject({ lineId: id, toStock: count, defective: count, refused: count, refuseReason: optionalText(200) })).min(1).max(200),
  }).optional(),
  refund: z.strictObject({ amount: fen.optional(), destination: z.enum(['balance', 'original']) }).optional(),
  replacement: z.strictObject({
    warehouseId: id.nullish(), carrier: text(50), trackingNo: optionalText(50),
    /** goods held in two warehouses leave as two parcels: each warehouse's own carrier and tracking (others use carrier/trackingNo) */
    parcels: z.array(z.strictObject({ warehouseId: id, carrier: text(50), trackingNo: optionalText(50) })).max(20)
      .refine((ps) => new Set(ps.map((p) => p.warehouseId)).size === ps.length, 'one parcel per warehouse').optional(),
  }).optional(),
});

export const listQuery = pageQuery.extend({
  status: status.optional(),
  kind: kind.optional(),
  orderId: id.optional(),
  search: z.string().trim().max(100).optional(),
  overdue: z.enum(['1', 'true']).transform(() => true).optional(),
});

const head = z.object({
  id: z.number(), number: z.string(), kind, status, version: z.number(), source: z.enum(['buyer', 'staff', 'receipt']),
  companyId: z.number(), companyName: z.string(), orderId: z.number(), orderNumber: z.string(), shipmentId: z.number().nullable(),
  reasonId: z.number(), reasonZh: z.string(), reasonEn: z.string(), description: z.string().nullable(),
  returnCarrier: z.string().nullable(), returnTrackingNo: z.string().nullable(), replacementCarrier: z.string().nullable(), replacementTrackingNo: z.string().nullable(),
  refundAmount: z.number().nullable(), refundDestination: z.enum(['balance', 'original']).nullable(), refundNote: z.string().nullable(), creditAmount: z.number(),
  rejectReason: z.string().nullable(), cancelReason: z.string().nullable(), overdue: z.boolean(),
  createdAt: timestamp, updatedAt: timestamp, replacementShippedAt: timestamp.nullable(), submittedAt: timestamp.nullable(), approvedAt: timestamp.nullable(), receivedAt: timestamp.nullable(), completedAt: timestamp.nullable(),
});
export const listed = head.extend({ summary: z.string() });
export const detail = head.extend({
  lines: z.array(z.object({
    id: z.number(), orderLineId: z.number(), skuId: z.number(), skuCode: z.string(), name: z.string(), unit: z.string(), unitFactor: z.number(), baseUnit: z.string(),
    qty: z.number(), qtyText: z.string(), heldQty: z.number(), replacementQty: z.number(), replacementQtyText: z.string().nullable(), toStockQty: z.number(), defectiveQty: z.number(), refusedQty: z.number(), refuseReason: z.string().nullable(), paidAmount: z.number(),
  })),
  history: z.array(z.object({ id: z.number(), at: timestamp, event: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), actorLabel: z.string().nullable(), note: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable() })),
  refunds: z.array(z.object({ id: z.number(), number: z.string(), amount: z.number(), destination: z.string(), status: z.string(), createdAt: timestamp, completedAt: timestamp.nullable() })),
  events: z.array(event),
  photos: z.array(photo),
  /** the warehouses the replacement is held in now: one parcel (carrier, tracking) each when it ships */
  heldWarehouseIds: z.array(z.number()),
  /** the replacement's shipments through the shipping module (exchanges and reissues) */
  shipments: z.array(shipmentSchema),
});

export const options = z.object({
  orderId: z.number(), orderNumber: z.string(), orderStatus: z.string(), windowDays: z.number(), windowEndsAt: timestamp.nullable(), windowOpen: z.boolean(),
  lines: z.array(z.object({
    id: z.number(), lineNo: z.number(), skuId: z.number(), skuCode: z.string(), name: z.string(), specText: z.string(), unit: z.string(), unitFactor: z.number(), baseUnit: z.string(),
    qty: z.number(), shippedQty: z.number(), receivedQty: z.number(), lineTotal: z.number(), paidTotal: z.number(), requestedQty: z.number(), availableQty: z.number(),
  })),
});

export const reason = z.object({ id: z.number(), code: z.string(), nameZh: z.string(), nameEn: z.string(), active: z.boolean(), sort: z.number() });
export const reasonBody = z.strictObject({ code: text(40).regex(/^[a-z0-9_]+$/, 'lowercase letters, digits, _'), nameZh: text(40), nameEn: text(60), active: z.boolean().default(true), sort: z.number().int().min(0).max(10_000).default(0) });
export const reasonPatch = reasonBody.omit({ code: true }).partial().strict();
export const settings = z.object({ windowDays: z.number(), quarantineWarehouseId: z.number().nullable(), slaHours: z.number(), complaintResponseHours: z.number(), complaintResolveHours: z.number() });
const hours = z.number({ error: 'hours, a whole number' }).int('hours, a whole number').min(1, 'at least 1 hour').max(24 * 90, 'at most 2160 hours (90 days)');
export const settingsBody = z.strictObject({
  windowDays: z.number().int().min(0).max(365).optional(), quarantineWarehouseId: id.nullable().optional(),
  slaHours: hours.optional(), complaintResponseHours: hours.optional(), complaintResolveHours: hours.optional(),
});

// ---- photos and complaints ----
export const photoQuery = z.object({ size: z.enum(['main', 'thumb']).default('main') });
const complaintStatus = z.enum(['open', 'answered', 'resolved', 'closed']);
export const complaintBody = z.strictObject({ orderId: id.nullish(), subject: text(100), body: text(2000) });
/** staff filing on a customer's behalf: the customer, and optionally its user the complaint is for (else its admins) */
export const staffComplaintBody = complaintBody.extend({ companyId: id, customerUserId: id.nullish() }).strict();
export const replyBody = z.strictObject({ body: text(2000), version: z.number().int().positive().optional() });
export const complaintPatch = z.strictObject({ status: z.enum(['resolved', 'closed']).optional(), assigneeUserId: id.nullable().optional(), version: z.number().int().positive().optional() });
export const complaintListQuery = pageQuery.extend({
  status: complaintStatus.optional(),
  assignee: z.enum(['me', 'none']).optional(),
  overdue: z.enum(['1', 'true']).transform(() => true).optional(),
  search: z.string().trim().max(100).optional(),
});
export const complaintListed = z.object({
  id: z.number(), number: z.string(), companyId: z.number(), companyName: z.string(), orderId: z.number().nullable(), orderNumber: z.string().nullable(), subject: z.string(),
  status: complaintStatus, version: z.number(), assigneeUserId: z.number().nullable(), assigneeName: z.string().nullable(), firstResponseAt: timestamp.nullable(), resolvedAt: timestamp.nullable(),
  lastMessageAt: timestamp, createdAt: timestamp, updatedAt: timestamp, overdue: z.boolean(),
  /** customer: filed by the customer; staff: filed by raisedByName on the customer's behalf (for customerUserName, or its admins) */
  source: z.enum(['customer', 'staff']), raisedByName: z.string().nullable(), customerUserName: z.string().nullable(),
});
export const complaintDetail = complaintListed.extend({
  messages: z.array(z.object({ id: z.number(), side: z.enum(['customer', 'staff']), authorLabel: z.string().nullable(), body: z.string(), createdAt: timestamp })),
  photos: z.array(photo),
});
export const assignee = z.object({ id: z.number(), name: z.string(), role: z.string() });
export const created = z.object({ id: z.number(), number: z.string() });
export const eventResult = z.object({ id: z.number(), from: status, to: status, version: z.number() });
