import { z } from 'zod';
import { fen, id, optionalText, quantity, text } from '../../lib/schemas';
import { moment } from '../marketing/schemas';

/** Request and response shapes of the fair routes (zod: validation, OpenAPI, the web client's types). */
const qty = quantity;
const idList = z.array(id).max(1000, 'at most 1000');

export const fairItemBody = z.strictObject({
  skuId: id,
  minQty: qty.nullish(),
  maxQty: qty.nullish(),
  targetQty: qty.nullish(),
  /** quantity breaks: the first at 1 */
  prices: z.array(z.strictObject({ minQty: qty, unitPrice: fen })).min(1, 'at least one price').max(10, 'at most 10 breaks'),
});

export const fairBody = z.strictObject({
  name: text(60),
  opensAt: moment,
  closesAt: moment,
  items: z.array(fairItemBody).min(1, 'at least one product').max(500, 'at most 500'),
  tierIds: idList.optional(),
  companyIds: idList.optional(),
  customers: z.array(z.strictObject({ companyId: id, minAmount: fen.nullish(), maxAmount: fen.min(1, 'more than 0').nullish(), targetAmount: fen.min(1, 'more than 0').nullish() })).max(1000, 'at most 1000').optional(),
  minAmount: fen.nullish(),
  maxAmount: fen.min(1, 'more than 0').nullish(),
  targetAmount: fen.min(1, 'more than 0').nullish(),
  depositKind: z.enum(['none', 'percent', 'fixed']).optional(),
  /** percent: basis points (3000 = 30%); fixed: fen per booking */
  depositValue: fen.optional(),
  /** pay the deposit by then (from the prepaid balance); omitted: it is held at booking */
  depositDueAt: moment.nullish(),
  /** a buyer cancelling a booking gets the paid deposit back (refund) or not (forfeit) */
  depositRefund: z.enum(['refund', 'forfeit']).optional(),
  note: optionalText(500),
});
export type FairBody = z.infer<typeof fairBody>;

export const STATES = ['draft', 'scheduled', 'open', 'closed', 'cancelled'] as const;
export type FairState = (typeof STATES)[number];

const priceBreak = z.object({ minQty: z.number(), unitPrice: z.number() });
export const fairItemView = z.object({
  skuId: z.number(), code: z.string(), name: z.string(), specText: z.string().nullable(), unit: z.string(), basePrice: z.number(),
  minQty: z.number().nullable(), maxQty: z.number().nullable(), targetQty: z.number().nullable(), prices: z.array(priceBreak),
});
export const fairView = z.object({
  id: z.number(), name: z.string(), status: z.enum(['draft', 'published', 'cancelled']), state: z.enum(STATES),
  opensAt: z.date(), closesAt: z.date(), serverNow: z.date(), tierIds: z.array(z.number()), companyIds: z.array(z.number()),
  minAmount: z.number().nullable(), maxAmount: z.number().nullable(), targetAmount: z.number().nullable(),
  depositKind: z.enum(['none', 'percent', 'fixed']), depositValue: z.number(), depositDueAt: z.date().nullable(), depositRefund: z.enum(['refund', 'forfeit']),
  note: z.string().nullable(), version: z.number(),
  items: z.array(fairItemView),
  customers: z.array(z.object({ companyId: z.number(), name: z.string(), minAmount: z.number().nullable(), maxAmount: z.number().nullable(), targetAmount: z.number().nullable() })),
});
export const fairSummary = z.object({
  id: z.number(), name: z.string(), status: z.enum(['draft', 'published', 'cancelled']), state: z.enum(STATES), opensAt: z.date(), closesAt: z.date(),
  items: z.number(), bookings: z.number(), booked: z.number(), targetAmount: z.number().nullable(),
});

export const bookBody = z.strictObject({
  lines: z.array(z.strictObject({ skuId: id, qty })).min(1, 'at least one line').max(500, 'at most 500'),
  note: optionalText(200),
});
export const cancelBody = z.strictObject({ reason: optionalText(200) });
export const idemHeaders = z.object({ 'idempotency-key': z.string().min(1).max(128, 'at most 128 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional() });

export const DEPOSIT_STATES = ['none', 'unpaid', 'held', 'applied', 'refunded', 'forfeited'] as const;
export const bookingView = z.object({
  id: z.number(), number: z.string(), fairId: z.number(), fairName: z.string(), companyId: z.number(), companyName: z.string(), province: z.string().nullable(),
  userId: z.number(), status: z.enum(['booked', 'converted', 'cancelled']), total: z.number(), deposit: z.number(), note: z.string().nullable(), createdAt: z.date(),
  depositStatus: z.enum(DEPOSIT_STATES), depositApplied: z.number(), depositDueAt: z.date().nullable(), depositOverdue: z.boolean(), cancelReason: z.string().nullable(), version: z.number(),
  lines: z.array(z.object({ id: z.number(), skuId: z.number(), code: z.string(), name: z.string(), unit: z.string(), qty: z.number(), unitPrice: z.number(), lineTotal: z.number(), convertedQty: z.number() })),
  orders: z.array(z.object({ orderId: z.number(), number: z.string(), status: z.string(), total: z.number(), deliveryDate: z.string().nullable(), createdAt: z.date() })),
});

/** What a customer sees of a fair: the fair, its own quota and what it has booked. */
export const myFairView = fairView.omit({ customers: true, tierIds: true, companyIds: true }).extend({
  quota: z.object({ minAmount: z.number().nullable(), maxAmount: z.number().nullable(), booked: z.number(), bookings: z.number(), bookedQty: z.record(z.string(), z.number()) }),
});

export const boardView = z.object({
  fairId: z.number(), at: z.date(), booked: z.number(), bookings: z.number(), customers: z.number(), targetAmount: z.number().nullable(),
  byProduct: z.array(z.object({ skuId: z.number(), code: z.string(), name: z.string(), unit: z.string(), qty: z.number(), amount: z.number(), targetQty: z.number().nullable() })),
  byCustomer: z.array(z.object({ companyId: z.number(), name: z.string(), province: z.string().nullable(), amount: z.number(), bookings: z.number(), targetAmount: z.number().nullable(), minAmount: z.number().nullable() })),
  byRegion: z.array(z.object({ province: z.string(), amount: z.number(), customers: z.number() })),
});

export const convertBody = z.strictObject({
  deliveryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-12-20'),
  /** only customers this warehouse serves (its provinces); their reservations prefer it */
  warehouseId: id.nullish(),
  /** omitted: every booking of the fair (in the warehouse's region) */
  bookings: z.array(z.strictObject({
    bookingId: id,
    /** omitted: everything left of the booking */
    lines: z.array(z.strictObject({ skuId: id, qty })).min(1, 'at least one line').max(500, 'at most 500').optional(),
  })).min(1, 'at least one booking').max(1000, 'at most 1000').optional(),
  note: optionalText(200),
});
export type ConvertBody = z.infer<typeof convertBody>;

export const convertResult = z.object({
  converted: z.array(z.object({ bookingId: z.number(), bookingNumber: z.string(), orderId: z.number(), orderNumber: z.string(), amount: z.number() })),
  skipped: z.array(z.object({ bookingId: z.number(), bookingNumber: z.string(), code: z.string(), message: z.string() })),
});
