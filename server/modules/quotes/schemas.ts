import { z } from 'zod';
import { fen, id, optionalText, quantity, text, timestamp } from '../../lib/schemas';
import { PAYMENT_METHODS } from '../orders/submit';
import { QUOTE_STATUSES } from './tables';

/** A real calendar date YYYY-MM-DD. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');
const version = z.number().int().min(1).max(2_147_483_647).optional();

export const quoteStatus = z.enum(QUOTE_STATUSES);
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum([...QUOTE_STATUSES, 'expired']).optional(),
  companyId: id.optional(),
});

export const createBody = z.strictObject({
  /** staff only: the customer the quote is for (a customer's own is implied) */
  companyId: id.optional(),
  title: text(100),
  lines: z.array(z.strictObject({
    skuId: id,
    unit: text(10).optional(),
    /** in `unit` */
    qty: quantity,
    /** wished price per base unit, fen */
    targetPrice: fen.nullish(),
  })).min(1, 'at least one line').max(100, 'at most 100 lines'),
  message: optionalText(2000),
});
const linePrices = z.array(z.strictObject({ lineId: id, unitPrice: fen })).min(1).max(100);
export const offerBody = z.strictObject({ version, lines: linePrices, validUntil: isoDate, terms: optionalText(1000), message: optionalText(2000) });
export const counterBody = z.strictObject({ version, lines: linePrices, message: optionalText(2000) });
export const messageBody = z.strictObject({ version, body: text(2000) });
export const closeBody = z.strictObject({ version, body: optionalText(2000) });
export const acceptBody = z.strictObject({
  addressId: id,
  paymentMethod: z.enum(PAYMENT_METHODS).nullish(),
  invoiceType: z.enum(['none', 'normal', 'special']).optional(),
  wishedDeliveryDate: isoDate.nullish(),
  customerPo: optionalText(50),
  note: optionalText(500),
  expectedTotal: fen.nullish(),
});

export const quoteListed = z.object({
  id: z.number(), number: z.string(), title: z.string(), status: quoteStatus, companyId: z.number(), companyName: z.string(), validUntil: timestamp.nullable(),
  orderId: z.number().nullable(), version: z.number(), createdAt: timestamp, updatedAt: timestamp, lineCount: z.number(),
  /** the offer's total, fen (null until every line has a price) */
  offerTotal: z.number().nullable(),
  /** on offer but past its validity: cannot be accepted */
  expired: z.boolean(),
});
export const quoteDetail = quoteListed.extend({
  terms: z.string().nullable(), offeredAt: timestamp.nullable(), orderedAt: timestamp.nullable(),
  lines: z.array(z.object({
    id: z.number(), lineNo: z.number(), skuId: z.number(), code: z.string(), name: z.string(), specText: z.string(), baseUnit: z.string(), unit: z.string(), unitFactor: z.number(),
    /** base units */
    qty: z.number(),
    /** fen per base unit: the customer's list price when asked, the buyer's wish (or counter), the current offer */
    listPrice: z.number(), targetPrice: z.number().nullable(), offerPrice: z.number().nullable(), lineTotal: z.number().nullable(), listTotal: z.number(),
  })),
  listTotal: z.number(),
  messages: z.array(z.object({
    id: z.number(), side: z.enum(['customer', 'supplier']), kind: z.enum(['request', 'offer', 'counter', 'message', 'accept', 'decline', 'withdraw']), body: z.string().nullable(),
    prices: z.array(z.object({ lineId: z.number(), unitPrice: z.number() })).nullable(), validUntil: timestamp.nullable(), createdAt: timestamp, authorName: z.string().nullable(),
  })),
  /** what the caller may do now: message, offer, counter, accept, decline, withdraw */
  actions: z.array(z.string()),
});
export const acceptOptions = z.object({
  addresses: z.array(z.object({ id: z.number() }).passthrough()),
  paymentMethods: z.array(z.enum(PAYMENT_METHODS)),
  defaultPaymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  invoiceTypes: z.array(z.enum(['none', 'normal', 'special'])),
});
export const accepted = z.object({
  order: z.object({ id: z.number(), number: z.string(), status: z.string(), total: z.number(), subtotal: z.number(), lines: z.number(), paymentMethod: z.enum(PAYMENT_METHODS), onBehalf: z.boolean() }),
  replayed: z.boolean(),
});
