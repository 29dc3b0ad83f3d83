import { z } from 'zod';
import { orderDiscountsView } from '../marketing/schemas';
import { fen, id, optionalText, pageQuery, quantity, text, timestamp } from '../../lib/schemas';
import { ORDER_STATUSES, PAYMENT_STATUSES } from './status';
import { ORDER_EVENTS } from './workflow';
import { workflowSettings } from './settings';

export const orderStatus = z.enum(ORDER_STATUSES);
export const orderEvent = z.enum(ORDER_EVENTS);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');
/** one status or several separated by commas (the console's status tabs group some) */
const statusList = z
  .string()
  .max(300)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(orderStatus).min(1, 'at least one status').max(ORDER_STATUSES.length));

export const myOrderQuery = pageQuery.extend({
  status: statusList.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** order number, SKU code or product name */
  q: z.string().trim().max(100).optional(),
});

export const orderQuery = myOrderQuery.extend({
  companyId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  salesRepId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  urgent: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** priority: urgent first, then oldest first (the warehouse queue); default newest first */
  sort: z.enum(['newest', 'priority']).default('newest'),
});

export const orderSummary = z.object({
  id: z.number(),
  number: z.string(),
  companyId: z.number(),
  companyName: z.string(),
  buyerName: z.string().nullable(),
  salesRepName: z.string().nullable(),
  status: orderStatus,
  paymentStatus: z.enum(PAYMENT_STATUSES),
  paymentMethod: z.string().nullable(),
  urgent: z.boolean(),
  total: z.number(),
  paidTotal: z.number(),
  lineCount: z.number(),
  version: z.number(),
  submittedAt: timestamp,
  updatedAt: timestamp,
});

export const historyEntry = z.object({
  id: z.number(),
  at: timestamp,
  event: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorLabel: z.string().nullable(),
  /** The person (null for the system) and their role code at the time ('system' for automatic steps). */
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  note: z.string().nullable(),
  data: z.unknown(),
});

export const orderLine = z.object({
  id: z.number(),
  lineNo: z.number(),
  skuId: z.number(),
  skuCode: z.string(),
  name: z.string(),
  specText: z.string(),
  /** the selling unit ordered in (箱) and how many base units one holds (24) */
  unit: z.string(),
  unitFactor: z.number(),
  /** the base unit every quantity of the line counts in (瓶) */
  baseUnit: z.string(),
  /** base units (48); shown as ordered with server/lib/quantity.ts: "2 箱（48 瓶）" */
  qty: z.number(),
  unitPrice: z.number(),
  basePrice: z.number(),
  lineTotal: z.number(),
  shippedQty: z.number(),
  receivedQty: z.number(),
  reservedQty: z.number(),
  /** base units still waiting for stock (pre-order / backorder) and the date promised; null when nothing waits */
  waiting: z.object({ qty: z.number(), mode: z.enum(['backorder', 'preorder']), expectedDate: z.string().nullable() }).nullable(),
  /** where the reserved stock sits (the warehouse ships from there) */
  allocations: z.array(z.object({ warehouseId: z.number(), warehouseName: z.string(), qty: z.number() })),
  priceRule: z.unknown(),
});

/** The credit status a reviewer sees: `code` why not ok (CREDIT_OVERDUE, CREDIT_LIMIT_EXCEEDED, CUSTOMER_ON_HOLD), `overdue` fen owed past terms. */
export const creditInfo = z.object({ configured: z.boolean(), ok: z.boolean().nullable(), code: z.string().nullable(), overdue: z.number(), summary: z.string().nullable() });

export const orderDetail = orderSummary.extend({
  subtotal: z.number(),
  discountTotal: z.number(),
  shippingFee: z.number(),
  address: z.unknown(),
  wishedDeliveryDate: z.string().nullable(),
  invoiceType: z.string(),
  invoice: z.unknown(),
  customerPo: z.string().nullable(),
  note: z.string().nullable(),
  onBehalf: z.boolean(),
  approvedAt: timestamp.nullable(),
  shippedAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
  cancelReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  lines: z.array(orderLine),
  history: z.array(historyEntry),
  /** the events the viewer may perform now (the UI shows only these buttons) */
  allowedEvents: z.array(orderEvent),
  /** staff only; customers get null */
  credit: creditInfo.nullable(),
  /** the promotions and coupon frozen at submission, with each line's share (marketing's record) */
  discounts: orderDiscountsView,
});

export const eventBody = z.strictObject({
  event: orderEvent,
  /** the version the caller saw: a newer one means someone else acted first (409) */
  version: z.number().int().min(1).max(2_147_483_647).optional(),
  note: optionalText(500),
});

export const transitionRow = z.object({
  event: orderEvent,
  from: z.array(orderStatus),
  to: z.string(),
  roles: z.array(z.string()),
  internal: z.boolean(),
  reason: z.boolean(),
  guarded: z.boolean(),
});

export { workflowSettings };
export const settingsBody = workflowSettings;

export const modifyBody = z.strictObject({
  version: z.number().int().min(1).max(2_147_483_647),
  reason: text(500),
  lines: z.array(z.strictObject({ id: id.optional(), skuId: id.optional(), qty: quantity, unitPrice: fen.optional() })).min(1, 'at least one line').max(500),
});
export const modifyResult = z.object({ version: z.number(), total: z.number(), changes: z.array(z.object({ line: z.string(), before: z.string(), after: z.string() })) });
export const urgentBody = z.strictObject({ urgent: z.boolean() });
export const reviewQuery = pageQuery.extend({ status: z.string().max(300).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(orderStatus).max(ORDER_STATUSES.length)).optional() });
export const reviewItem = z.object({
  id: z.number(), number: z.string(), status: orderStatus, urgent: z.boolean(), total: z.number(), version: z.number(), submittedAt: timestamp,
  companyId: z.number(), companyName: z.string(), salesRepName: z.string().nullable(), lineCount: z.number(),
  linesShort: z.number(), linesLowPrice: z.number(), linesLowStock: z.number(), credit: creditInfo, allowedEvents: z.array(orderEvent),
});
