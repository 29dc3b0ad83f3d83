import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { registerMessages, type Locale } from '../../lib/i18n';
import { formatYuan } from '../../lib/money';
import { actorLabel } from '../../lib/actor-label';
import { emitAudited } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { getOrderingTerms, type CustomerTerms } from '../customers';
import { getInvoiceProfile } from '../customers/profile';
import { reserve } from '../inventory/reservations';
import { allowedPaymentMethods } from '../payments';
import { assignOrderNumber } from './numbers';
import { enterWorkflow } from './workflow';
import { storedWorkflowSql, workflowSettingsFrom } from './settings';
import { priceLines, type LineInput, type PricedLine } from './orderable';
import type { OrderStatus } from './status';
import './tables';

/**
 * Order creation (submission). One transaction, given by the caller, which also holds the
 * idempotency key and the cart: re-checks every line (visibility, shelf, MOQ, multiple, price
 * at this moment), copies the delivery address and invoice title, creates the order with
 * frozen prices, reserves stock all-or-nothing, writes the first history row, the audit entry
 * and the `order.submitted` event, and only then takes the day's order number (a lock held to commit).
 */
registerMessages({
  ORDER_EMPTY: { zh: '购物车是空的，请先添加商品', en: 'The cart is empty; add products first' },
  ORDER_LINES_INVALID: { zh: '有 {n} 行商品需要处理后才能提交：{first}', en: '{n} line(s) must be fixed before submitting: {first}' },
  CUSTOMER_SUSPENDED: { zh: '客户账户已停用，暂不能下单，请联系供应商', en: 'This customer account is suspended and cannot order; contact the supplier' },
  INVOICE_PROFILE_MISSING: { zh: '请先在“我的公司”中填写开票信息', en: 'Fill in the invoice profile (开票信息) first' },
  INVOICE_PROFILE_NOT_SPECIAL: { zh: '开具专票需要完整的专票开票信息（开户行、账号、地址、电话）', en: 'A special VAT invoice needs a special invoice profile with bank, account, address and phone' },
  PRICE_CHANGED: { zh: '价格已变动：应付 ¥{total}（确认时为 ¥{expected}），请确认后重新提交', en: 'Prices changed: the total is now ¥{total} (you confirmed ¥{expected}); review and submit again' },
});

export const PAYMENT_METHODS = ['online', 'transfer', 'balance', 'credit', 'cod'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * The payment methods offered at checkout, default first. Which methods a customer may use is
 * the payments module's rule (allowedPaymentMethods: its terms — prepay: online / transfer /
 * balance; cod adds cod; credit adds credit unless on credit hold — narrowed by the supplier's
 * per-customer / per-tier settings). The default follows the terms: 货到付款 customers pay on
 * delivery, 账期 customers on credit, everyone else online.
 */
export async function paymentMethodsFor(db: Kysely<DB> | Transaction<DB>, companyId: number, terms: CustomerTerms): Promise<PaymentMethod[]> {
  const allowed = await allowedPaymentMethods(db, companyId, terms);
  const preferred: PaymentMethod | null = terms.paymentTerms === 'cod' ? 'cod' : terms.paymentTerms === 'credit' ? 'credit' : null;
  return preferred && allowed.includes(preferred) ? [preferred, ...allowed.filter((m) => m !== preferred)] : allowed;
}

/**
 * The status a new order is inserted with. Over the buyer's per-order spending limit the
 * customer's own admin approves first; otherwise the supplier reviews. Orders placed on behalf by
 * staff skip the customer-side approval. enterWorkflow then routes pending_review to the first
 * step of the supplier's review chain through the transition table.
 */
export function initialStatus(o: { total: number; buyerLimit: number | null; onBehalf: boolean }): OrderStatus {
  if (!o.onBehalf && o.buyerLimit != null && o.total > o.buyerLimit) return 'awaiting_approval';
  return 'pending_review';
}

export interface SubmitInput {
  companyId: number;
  /** the customer user the order is for (null when staff order on behalf) */
  buyerUserId: number | null;
  onBehalf: boolean;
  lines: LineInput[];
  addressId: number;
  wishedDeliveryDate?: string | null;
  invoiceType: 'none' | 'normal' | 'special';
  customerPo?: string | null;
  note?: string | null;
  paymentMethod: PaymentMethod;
  /** the total the buyer confirmed; a different total now is PRICE_CHANGED */
  expectedTotal?: number;
}

export interface SubmittedOrder {
  id: number;
  number: string;
  status: OrderStatus;
  total: number;
  subtotal: number;
  lines: number;
  paymentMethod: PaymentMethod;
  onBehalf: boolean;
}

export async function createOrder(trx: Transaction<DB>, actor: Actor, input: SubmitInput, opts: { timeZone: string; locale?: Locale }): Promise<SubmittedOrder> {
  if (input.lines.length === 0) throw new AppError('ORDER_EMPTY', 422);
  const ordering = await getOrderingTerms(trx, input.companyId, input.onBehalf ? null : input.buyerUserId, input.addressId);
  const { terms, buyerLimit: limit } = ordering;
  if (terms.status !== 'active') throw new AppError('CUSTOMER_SUSPENDED', 422);
  const allowed = await allowedPaymentMethods(trx, input.companyId, terms);
  if (!allowed.includes(input.paymentMethod)) {
    throw new AppError('PAYMENT_METHOD_NOT_ALLOWED', 422, { method: input.paymentMethod, allowed: allowed.join(', ') || '-' }, { allowed });
  }
  const address = ordering.address();
  let invoice: unknown = null;
  if (input.invoiceType !== 'none') {
    const profile = await getInvoiceProfile(trx, actor, input.companyId);
    if (!profile) throw new AppError('INVOICE_PROFILE_MISSING', 422);
    if (input.invoiceType === 'special' && profile.kind !== 'special') throw new AppError('INVOICE_PROFILE_NOT_SPECIAL', 422);
    invoice = { kind: input.invoiceType, title: profile.title, taxNo: profile.taxNo, bankName: profile.bankName, bankAccount: profile.bankAccount, address: profile.address, phone: profile.phone, email: profile.email };
  }

  // Stock is not looked at here: reserve() below decides under row locks and names every short line.
  const priced = await priceLines(trx, input.companyId, input.lines, opts.locale ?? 'zh-CN', { stock: false });
  const bad = priced.lines.filter((l) => l.problems.length > 0);
  if (bad.length > 0 || priced.lines.length !== input.lines.length) {
    const details = bad.map((l) => ({ ref: l.ref, skuId: l.skuId, code: l.code, problems: l.problems.map(({ code, message, params }) => ({ code, message, params })) }));
    throw new AppError('ORDER_LINES_INVALID', 422, { n: Math.max(1, bad.length), first: bad[0] ? `${bad[0].code} ${bad[0].problems[0]!.message}` : '' }, details);
  }
  const { totals } = priced;
  if (input.expectedTotal !== undefined && input.expectedTotal !== totals.total) {
    throw new AppError('PRICE_CHANGED', 409, { total: formatYuan(totals.total), expected: formatYuan(input.expectedTotal) }, { total: totals.total, expected: input.expectedTotal });
  }
  const buyerLimit = input.buyerUserId != null && !input.onBehalf ? limit : null;
  const status = initialStatus({ total: totals.total, buyerLimit, onBehalf: input.onBehalf });

  const label = actorLabel(actor);
  // One statement: the order, its first history row, and the review-chain settings it will enter.
  const order = await trx
    .with('o', (db) => db
      .insertInto('orders')
      .values({
        // Placeholder until the number is taken at the end (keeps the day's counter row locked briefly).
        number: `pending-${randomUUID()}`,
        company_id: input.companyId,
        buyer_user_id: input.buyerUserId,
        placed_by_user_id: actor.userId,
        on_behalf: input.onBehalf,
        status,
        payment_method: input.paymentMethod,
        subtotal: totals.subtotal,
        total: totals.total,
        address: JSON.stringify({
          addressId: address.id, contact: address.recipient, phone: address.phone, province: address.province, city: address.city,
          district: address.district, detail: address.address, postcode: address.postcode,
        }),
        wished_delivery_date: input.wishedDeliveryDate ?? null,
        invoice_type: input.invoiceType,
        invoice: invoice == null ? null : JSON.stringify(invoice),
        customer_po: input.customerPo ?? null,
        note: input.note ?? null,
        approved_at: null, shipped_at: null, delivered_at: null, completed_at: null, cancelled_at: null, cancel_reason: null, reject_reason: null,
      })
      .returning(['id', 'version']))
    .with('h', (db) => db
      .insertInto('order_history')
      .columns(['order_id', 'event', 'from_status', 'to_status', 'actor_user_id', 'actor_label', 'note', 'data'])
      .expression((eb) => eb.selectFrom('o').select([
        'o.id', sql.lit('submit').as('event'), sql<null>`null`.as('from_status'), sql.val(status).as('to_status'), sql.val(actor.userId).as('actor_user_id'),
        sql.val(label).as('actor_label'), sql<null>`null`.as('note'),
        sql.val(JSON.stringify({ onBehalf: input.onBehalf, total: totals.total, buyerLimit })).as('data'),
      ]))
      .returning('order_id'))
    .selectFrom('o')
    .select(['o.id', 'o.version', storedWorkflowSql().as('workflow'), sql<number>`(select count(*) from h)`.as('h')])
    .executeTakeFirstOrThrow();
  const lineRows = await trx
    .insertInto('order_lines')
    .values(priced.lines.map((l, i) => lineRow(order.id, i + 1, l)))
    .returning(['id', 'sku_id', 'qty'])
    .execute();
  await reserve(trx, { orderId: order.id, companyId: input.companyId, lines: lineRows.map((r) => ({ orderLineId: r.id, skuId: r.sku_id, qty: r.qty })) });

  const settings = workflowSettingsFrom(order.workflow);
  // From here to commit every submission queues on the day's counter row: keep this tail short.
  const number = await assignOrderNumber(trx, order.id, opts.timeZone);
  // The workflow routes the new order to the first step of the supplier's review chain (and may auto-approve it).
  const routed = await enterWorkflow(trx, order.id, new Date(), {
    settings,
    order: { status, version: order.version, total: totals.total, paid_total: 0, payment_method: input.paymentMethod, payment_terms: terms.paymentTerms },
  });
  const summary: SubmittedOrder = { id: order.id, number, status: routed.to, total: totals.total, subtotal: totals.subtotal, lines: lineRows.length, paymentMethod: input.paymentMethod, onBehalf: input.onBehalf };
  await emitAudited(trx, 'order.submitted', {
    orderId: order.id, number, companyId: input.companyId, status: routed.to, total: totals.total, paymentMethod: input.paymentMethod,
    placedByUserId: actor.userId, buyerUserId: input.buyerUserId, onBehalf: input.onBehalf,
  }, actor, { action: 'order.submit', entityType: 'order', entityId: order.id, after: summary });
  return summary;
}

function lineRow(orderId: number, lineNo: number, l: PricedLine<null>) {
  return {
    order_id: orderId, line_no: lineNo, sku_id: l.skuId, sku_code: l.code, name: l.name, spec_text: l.specText, unit: l.unit, unit_factor: l.unitFactor,
    qty: l.qty, unit_price: l.unitPrice, base_price: l.basePrice, price_rule: JSON.stringify(l.price?.rule ?? null), line_total: l.lineTotal,
  };
}
