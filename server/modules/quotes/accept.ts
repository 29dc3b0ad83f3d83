import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import type { Locale } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { getCustomerTerms } from '../customers';
import { getInvoiceProfile, listAddresses } from '../customers/profile';
import { paymentMethodsFor, QUOTE_ENTITY, submitOrder, type PaymentMethod, type SubmittedOrder } from '../orders/submit';
import { getOrder } from '../orders/queries';
import { quoteScope, STATUS_LABELS } from './service';

/**
 * 接受报价: the buyer turns an offered, unexpired quote of their company into an order at the
 * offered prices (orders_submit with p.quote — the prices hold for that order only; the price
 * list and promotions are untouched). The quote becomes an order once: a second accept of the same
 * quote by its company answers with the order it became (a retry is safe); the checks that matter
 * (company, on offer, not expired, lines as quoted) are made again inside the order's statement.
 */
export interface AcceptInput {
  addressId: number;
  paymentMethod?: PaymentMethod | null;
  invoiceType?: 'none' | 'normal' | 'special';
  wishedDeliveryDate?: string | null;
  customerPo?: string | null;
  note?: string | null;
  /** the total the buyer confirmed; another total now is PRICE_CHANGED */
  expectedTotal?: number | null;
}

async function visibleQuote(db: Kysely<DB>, actor: Actor, id: number) {
  const q = await db.selectFrom('quotes as q').innerJoin('companies as c', 'c.id', 'q.company_id')
    .select(['q.id', 'q.number', 'q.status', 'q.company_id', 'q.order_id', 'q.valid_until'])
    .where('q.id', '=', id).where(quoteScope(actor)).executeTakeFirst();
  if (!q) throw notFound(QUOTE_ENTITY);
  return q;
}

/** What the accept dialog offers: the company's addresses, invoice choices and payment methods. */
export async function acceptOptions(db: Kysely<DB>, actor: Actor, id: number) {
  const q = await visibleQuote(db, actor, id);
  const [terms, addresses, invoiceProfile] = [await getCustomerTerms(db, q.company_id), await listAddresses(db, actor, q.company_id), await getInvoiceProfile(db, actor, q.company_id)];
  const methods = await paymentMethodsFor(db, q.company_id, terms);
  return {
    addresses, paymentMethods: methods, defaultPaymentMethod: methods[0] ?? null,
    invoiceTypes: (invoiceProfile ? (invoiceProfile.kind === 'special' ? ['none', 'normal', 'special'] : ['none', 'normal']) : ['none']) as ('none' | 'normal' | 'special')[],
  };
}

export async function acceptQuote(db: Kysely<DB>, actor: Actor, id: number, input: AcceptInput, ctx: { timeZone: string; locale: Locale }): Promise<{ order: SubmittedOrder; replayed: boolean }> {
  if (actor.companyId == null) throw notFound(QUOTE_ENTITY);
  const q = await visibleQuote(db, actor, id);
  if (q.status === 'ordered' && q.order_id != null) return { order: await summaryOf(db, actor, q.order_id), replayed: true };
  if (q.status !== 'offered') throw new AppError('QUOTE_NOT_OFFERED', 409, { number: q.number, status: STATUS_LABELS[q.status].zh });
  if (!q.valid_until || q.valid_until.getTime() <= Date.now()) throw new AppError('QUOTE_EXPIRED', 409, { number: q.number });
  const lines = await db.selectFrom('quote_lines').select(['id', 'sku_id', 'unit', 'unit_factor', 'qty']).where('quote_id', '=', id).orderBy('line_no').execute();
  let method = input.paymentMethod ?? null;
  if (!method) method = (await paymentMethodsFor(db, q.company_id, await getCustomerTerms(db, q.company_id)))[0] ?? 'online';
  try {
    return await submitOrder(db, actor, {
      scope: '', key: '', companyId: q.company_id, buyerUserId: actor.userId, onBehalf: false, addressId: input.addressId,
      wishedDeliveryDate: input.wishedDeliveryDate ?? null, invoiceType: input.invoiceType ?? 'none', customerPo: input.customerPo ?? null, note: input.note ?? null,
      paymentMethod: method, expectedTotal: input.expectedTotal ?? null, timeZone: ctx.timeZone,
      lines: lines.map((l) => ({ ref: l.id, skuId: l.sku_id, unit: l.unit, unitFactor: l.unit_factor, qty: l.qty })), quote: { id },
    }, ctx.locale);
  } catch (e) {
    // two accepts at once: the one that lost sees the quote ordered — answer with that order
    if (e instanceof AppError && e.code === 'QUOTE_NOT_OFFERED') {
      const now = await visibleQuote(db, actor, id);
      if (now.status === 'ordered' && now.order_id != null) return { order: await summaryOf(db, actor, now.order_id), replayed: true };
      throw new AppError('QUOTE_NOT_OFFERED', 409, { number: now.number, status: STATUS_LABELS[now.status].zh });
    }
    if (e instanceof AppError && e.code === 'QUOTE_EXPIRED') throw new AppError('QUOTE_EXPIRED', 409, { number: q.number });
    throw e;
  }
}

/** The order a quote became, as submission answers (through orders' own read, so its scoping applies). */
async function summaryOf(db: Kysely<DB>, actor: Actor, orderId: number): Promise<SubmittedOrder> {
  const o = await getOrder(db, actor, orderId);
  return { id: o.id, number: o.number, status: o.status, total: o.total, subtotal: o.subtotal, lines: o.lineCount, paymentMethod: (o.paymentMethod ?? 'online') as PaymentMethod, onBehalf: o.onBehalf };
}
