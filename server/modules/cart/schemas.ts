import { z } from 'zod';
import { id, optionalText, quantity, text, fen } from '../../lib/schemas';
import { PAYMENT_METHODS } from '../orders/submit';
import { ORDER_STATUSES } from '../orders/status';
import { MAX_ROWS } from './parse';
import { couponChoice, fundAsk, marketingView } from '../marketing/schemas';

/** Staff name the customer they order for; customer users may omit it. */
export const ownerQuery = z.object({ customerId: id.optional() });

const unitName = text(10);

export const addBody = z.strictObject({ skuId: id, unit: unitName.optional(), qty: quantity });
export const updateBody = z.strictObject({ qty: quantity, unit: unitName.optional() });
export const lineParams = z.object({ lineId: id });

/** Stock as the caller may see it: `available` only for staff or under the exact display setting, `stockLevel` null when hidden. */
const stockFields = {
  available: z.number().nullable(),
  stockLevel: z.enum(['plenty', 'low', 'out']).nullable(),
  /** pre-order / backorder: what stock does not cover waits for it (expected date when known) */
  presale: z.object({ mode: z.enum(['backorder', 'preorder']), expectedDate: z.string().nullable() }).nullable().optional(),
};

const problem = z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
const unit = z.object({ unit: z.string(), factor: z.number() });

export const line = z.object({
  id: z.number(),
  skuId: z.number(),
  code: z.string(),
  name: z.string(),
  specText: z.string(),
  image: z.string().nullable(),
  baseUnit: z.string(),
  units: z.array(unit),
  unit: z.string(),
  unitFactor: z.number(),
  /** quantity in the chosen unit */
  unitQty: z.number(),
  /** quantity in base units */
  qty: z.number(),
  /** fen per base unit */
  unitPrice: z.number(),
  /** fen per chosen unit */
  unitPricePerUnit: z.number(),
  basePrice: z.number(),
  lineTotal: z.number(),
  priceKind: z.string(),
  nextBreak: z.object({ minQty: z.number(), unitPrice: z.number() }).nullable(),
  ...stockFields,
  moq: z.number(),
  orderMultiple: z.number(),
  problems: z.array(problem),
  /** fen off this line from promotions and the coupon (the live cart only) */
  discount: z.number().optional(),
});

export const totals = z.object({
  lines: z.number(), skus: z.number(), qty: z.number(), baseTotal: z.number(), subtotal: z.number(), savings: z.number(), shippingFee: z.number(), total: z.number(),
  /** promotions and coupon (the live cart only); total is subtotal − discount */
  discount: z.number().optional(),
});

export const cartView = z.object({
  cartId: z.number().nullable(),
  companyId: z.number(),
  onBehalf: z.boolean(),
  lines: z.array(line),
  totals,
  /** true when the cart can be submitted as it is */
  ok: z.boolean(),
  /** promotions and coupons applied, missed (and why) and gifts; null for an empty cart */
  marketing: marketingView.nullable().optional(),
});

/** The cart view's query: whose cart, and which coupon (auto: the best; none; or a coupon id). */
export const cartQuery = ownerQuery.extend({ coupon: couponChoice, rebate: fundAsk, points: fundAsk });

export const countView = z.object({ lines: z.number() });

export const quickBody = z.strictObject({
  rows: z.array(z.strictObject({
    code: z.string().max(64, 'at most 64 characters'),
    qty: z.union([z.string().max(32, 'at most 32 characters'), z.number()]),
    unit: z.string().max(10, 'at most 10 characters').nullish(),
  })).min(1, 'add at least one row').max(MAX_ROWS, `at most ${MAX_ROWS} rows at a time`).optional(),
  /** text pasted from a spreadsheet: code, quantity, unit per line */
  text: z.string().max(200_000, 'at most 200000 characters').optional(),
}).refine((b) => (b.rows ? 1 : 0) + (b.text !== undefined ? 1 : 0) === 1, { message: 'send either rows or text', path: ['rows'] });

export const rowResult = z.object({
  row: z.number(),
  code: z.string(),
  skuId: z.number().nullable(),
  name: z.string().nullable(),
  qty: z.string(),
  unit: z.string().nullable(),
  status: z.enum(['added', 'rejected']),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  ...stockFields,
});
export const addResult = z.object({ added: z.number(), rejected: z.number(), rows: z.array(rowResult), cart: cartView });

export const lookupQuery = ownerQuery.extend({ q: z.string().max(64, 'at most 64 characters'), limit: z.coerce.number().int().min(1).max(20).default(10) });
export const lookupItem = z.object({
  skuId: z.number(), code: z.string(), name: z.string(), specText: z.string(), baseUnit: z.string(), units: z.array(unit), image: z.string().nullable(),
  unitPrice: z.number(), moq: z.number(), orderMultiple: z.number(), ...stockFields,
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');

export const submitBody = z.strictObject({
  addressId: id,
  wishedDeliveryDate: isoDate.nullish(),
  invoiceType: z.enum(['none', 'normal', 'special']).optional(),
  customerPo: optionalText(64),
  note: optionalText(500),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  /** the total (fen) shown to the buyer; if prices moved since, the submission is refused */
  expectedTotal: fen.optional(),
  /** the coupon to use: omitted = the best one (as the cart showed), null = none */
  couponId: id.nullish(),
  /** rebate to deduct (fen, or max); omitted: none */
  rebate: fundAsk,
  /** points to spend (or max); omitted: none */
  points: fundAsk,
});

export const submitted = z.object({
  order: z.object({
    id: z.number(), number: z.string(), status: z.enum(ORDER_STATUSES), total: z.number(), subtotal: z.number(), discount: z.number().optional(), lines: z.number(),
    paymentMethod: z.enum(PAYMENT_METHODS), onBehalf: z.boolean(),
  }),
  replayed: z.boolean(),
});

const address = z.object({
  id: z.number(), companyId: z.number(), recipient: z.string(), phone: z.string(), province: z.string(), city: z.string(), district: z.string().nullable(),
  address: z.string(), postcode: z.string().nullable(), isDefault: z.boolean(),
});
export const preview = z.object({
  customer: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  cart: cartView,
  paymentTerms: z.enum(['prepay', 'cod', 'credit']),
  customerActive: z.boolean(),
  paymentMethods: z.array(z.enum(PAYMENT_METHODS)),
  defaultPaymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  addresses: z.array(address),
  invoiceProfile: z.looseObject({ kind: z.enum(["normal", "special"]), title: z.string(), taxNo: z.string() }).nullable(),
  invoiceTypes: z.array(z.enum(['none', 'normal', 'special'])),
  buyerLimit: z.number().nullable(),
  willNeedApproval: z.boolean(),
});

export const nameBody = z.strictObject({ name: text(40) });
export const savedParams = z.object({ id });
export const savedItem = z.object({ id: z.number(), name: z.string(), createdAt: z.date(), updatedAt: z.date(), lines: z.number(), qty: z.number() });
export const savedView = z.object({ id: z.number(), name: z.string(), createdAt: z.date(), updatedAt: z.date(), lines: z.array(line), totals, ok: z.boolean() });
export const created = z.object({ id: z.number() });
export const orderParams = z.object({ orderId: id });

export const frequentItem = z.object({
  skuId: z.number(), code: z.string(), name: z.string(), specText: z.string(), image: z.string().nullable(), baseUnit: z.string(), units: z.array(unit),
  times: z.number(), totalQty: z.number(), lastOrderedAt: z.date(), lastUnit: z.string(), lastUnitQty: z.number(), unitPrice: z.number(), ...stockFields,
});
