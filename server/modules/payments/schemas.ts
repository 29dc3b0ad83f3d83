import { z } from 'zod';
import { id, optionalText, text, timestamp } from '../../lib/schemas';

/** A money amount that must be paid: a positive whole number of fen. */
export const amount = z
  .number({ error: 'must be an integer amount in fen' })
  .int('must be an integer amount in fen (分)')
  .positive('must be greater than 0')
  .max(1_000_000_000_000, 'amount too large');

/** The same, arriving as a multipart text field. */
export const amountField = z
  .string()
  .regex(/^\d{1,13}$/, 'must be a positive integer amount in fen (分)')
  .transform(Number)
  .pipe(amount);

export const payMethod = z.enum(['online', 'transfer', 'balance', 'cod']);
export const orderPayMethod = z.enum(['online', 'transfer', 'balance', 'credit', 'cod']);
export const paymentState = z.enum(['pending', 'succeeded', 'rejected', 'closed']);

export const payment = z.object({
  id: z.number(),
  number: z.string(),
  companyId: z.number(),
  companyName: z.string(),
  companyCode: z.string(),
  orderId: z.number().nullable(),
  orderNumber: z.string().nullable(),
  purpose: z.enum(['order', 'topup', 'opening']),
  method: payMethod,
  provider: z.string().nullable(),
  amount: z.number(),
  status: paymentState,
  refundedAmount: z.number(),
  payerName: z.string().nullable(),
  note: z.string().nullable(),
  rejectReason: z.string().nullable(),
  payUrl: z.string().nullable(),
  hasVoucher: z.boolean(),
  createdAt: timestamp,
  confirmedAt: timestamp.nullable(),
  createdByName: z.string().nullable(),
  confirmedByName: z.string().nullable(),
});

export const paymentQuery = z.object({
  status: paymentState.optional(),
  method: payMethod.optional(),
  purpose: z.enum(['order', 'topup', 'opening']).optional(),
  companyId: id.optional(),
  orderId: id.optional(),
  q: z.string().trim().max(100).optional(),
});

export const account = z.object({
  companyId: z.number(),
  companyCode: z.string(),
  companyName: z.string(),
  balance: z.number(),
  /** prepaid balance held for orders waiting for approval */
  held: z.number(),
  /** what the customer may spend: balance − held */
  available: z.number(),
  receivable: z.number(),
  paymentTerms: z.enum(['prepay', 'cod', 'credit']),
  creditLimit: z.number(),
  creditDays: z.number(),
  creditAvailable: z.number(),
  onHold: z.boolean(),
  holdReason: z.string().nullable(),
});

export const accountRow = account.omit({ creditAvailable: true, available: true });

export const creditStatus = z.object({
  configured: z.boolean(),
  paymentTerms: z.enum(['prepay', 'cod', 'credit']),
  creditLimit: z.number(),
  creditDays: z.number(),
  outstanding: z.number(),
  available: z.number(),
  overdue: z.number(),
  onHold: z.boolean(),
  holdReason: z.string().nullable(),
});

export const journal = z.object({
  id: z.number(),
  kind: z.enum(['topup', 'order_charge', 'order_payment', 'order_cancel', 'refund', 'adjustment', 'return_credit', 'opening', 'opening_payment']),
  amount: z.number(),
  memo: z.string().nullable(),
  createdAt: timestamp,
  orderId: z.number().nullable(),
  orderNumber: z.string().nullable(),
  paymentNumber: z.string().nullable(),
  paymentMethod: payMethod.nullable(),
  refundNumber: z.string().nullable(),
  balanceChange: z.number(),
  receivableChange: z.number(),
});

export const orderPayment = z.object({
  orderId: z.number(),
  number: z.string(),
  status: z.string(),
  paymentStatus: z.enum(['unpaid', 'partially_paid', 'paid', 'partially_refunded', 'refunded']),
  paymentMethod: orderPayMethod.nullable(),
  total: z.number(),
  paidTotal: z.number(),
  refundedTotal: z.number(),
  outstanding: z.number(),
  allowedMethods: z.array(orderPayMethod),
  balance: z.number(),
  /** held of the balance for orders waiting for approval (this one included) */
  held: z.number(),
  /** held for this order: it is paid from it at approval, or let go on cancel or reject */
  heldForOrder: z.number(),
  /** what this order may be paid with from the balance now: balance − what other orders hold */
  availableForOrder: z.number(),
  credit: creditStatus,
  payments: z.array(payment),
});

export const applied = z.object({
  paymentId: z.number(),
  paymentNumber: z.string(),
  orderId: z.number(),
  paidTotal: z.number(),
  outstanding: z.number(),
  paymentStatus: z.enum(['unpaid', 'partially_paid', 'paid', 'partially_refunded', 'refunded']),
  status: z.string(),
});

export const amountBody = z.object({ amount });

/**
 * How the buyer pays online: 'qr' (default) a code shown on a desktop and scanned with the phone's
 * pay app; 'mobile' the provider's mobile-web payment (WeChat Pay H5, Alipay wap.pay) in the phone's browser.
 */
export const payChannel = z.enum(['qr', 'mobile'], { error: 'must be "qr" (a QR code to scan, on a desktop) or "mobile" (pay in the phone\'s browser)' });
export const onlineOrderPayBody = z.object({ amount: amount.optional(), channel: payChannel.default('qr') });
export const onlineTopupBody = z.object({ amount, channel: payChannel.default('qr') });
export const rejectBody = z.object({ reason: text(200) });
export const holdBody = z.object({ hold: z.boolean(), reason: optionalText(200) });

/** Multipart text fields sent with a voucher image. */
export const transferFields = z.object({
  amount: amountField,
  payerName: optionalText(100),
  note: optionalText(500),
});
export const topupFields = transferFields.extend({ method: z.enum(['transfer', 'online']).default('transfer') });

/** A receipt (收款) against a customer's opening receivable: amount in fen (at most what is still open). */
export const openingReceiptBody = z.object({
  amount,
  /** balance: paid out of the customer's prepaid balance (预存款抵扣), never below what orders hold */
  method: z.enum(['transfer', 'online', 'balance']).default('transfer'),
  payerName: optionalText(100),
  note: optionalText(500),
});
/** A customer's opening receivable: imported, received against it, still open (fen), its due day. */
export const openingReceivable = z.object({
  companyId: z.number(), original: z.number(), received: z.number(), outstanding: z.number(),
  dueDate: z.string().nullable(), importedDueDate: z.string().nullable(), overdue: z.boolean(),
});
export const openingReceipt = z.object({
  paymentId: z.number(), paymentNumber: z.string(), companyId: z.number(), amount: z.number(), original: z.number(), received: z.number(), outstanding: z.number(),
});

export const methodRule = z.object({ scope: z.enum(['default', 'tier', 'company']), scopeId: z.number(), methods: z.array(z.string()), updatedAt: timestamp });
export const methodRuleBody = z.object({
  scope: z.enum(['default', 'tier', 'company']),
  scopeId: id.optional(),
  methods: z.array(orderPayMethod).max(5).nullable(),
});
