import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { isEmbedded } from '../../lib/db';
import { AppError, dbRefusal, notFound } from '../../lib/errors';
import { registerMessages, t, type Locale } from '../../lib/i18n';
import { formatYuan } from '../../lib/money';
import { emitAudited } from '../platform/outbox';
import { storeIdempotentResponse } from '../platform/idempotency';
import type { Actor } from '../auth/actor';
import type { CustomerTerms } from '../customers';
import { CUSTOMER_ENTITY } from '../customers/companies';
import { ADDRESS_ENTITY } from '../customers/profile';
import { lifecyclePorts } from './lifecycle';
import { enterWorkflow } from './workflow';
import { nextStep, workflowSettingsFrom, type WorkflowSettings } from './settings';
import type { ProblemCode } from './orderable';
import type { OrderStatus } from './status';
import './tables';

/**
 * Order creation (submission), in one database call (issue 20): the cart module's cart_submit
 * (idempotency key, the cart's lines) calls orders_submit (migrations/202612070213), which
 * re-checks every line (visibility, shelf, MOQ, multiple, price at this moment through pricing's
 * pricing_price_skus), copies the delivery address and invoice title, creates the order with
 * frozen prices, reserves stock all-or-nothing (inventory's inventory_reserve), writes the first
 * history row, the audit entry and the `order.submitted` event, and takes the day's order number
 * last (a lock held to commit). zod validation and permissions happen before, in the routes;
 * errors come back as 'ordo:<CODE>' and are turned into the same AppErrors here.
 */
registerMessages({
  ORDER_EMPTY: { zh: '购物车是空的，请先添加商品', en: 'The cart is empty; add products first' },
  ORDER_LINES_INVALID: { zh: '有 {n} 行商品需要处理后才能提交：{first}', en: '{n} line(s) must be fixed before submitting: {first}' },
  CUSTOMER_SUSPENDED: { zh: '客户账户已停用，暂不能下单，请联系供应商', en: 'This customer account is suspended and cannot order; contact the supplier' },
  INVOICE_PROFILE_MISSING: { zh: '请先在“我的公司”中填写开票信息', en: 'Fill in the invoice profile (开票信息) first' },
  INVOICE_PROFILE_NOT_SPECIAL: { zh: '开具专票需要完整的专票开票信息（开户行、账号、地址、电话）', en: 'A special VAT invoice needs a special invoice profile with bank, account, address and phone' },
  PRICE_CHANGED: { zh: '价格已变动：应付 ¥{total}（确认时为 ¥{expected}），请确认后重新提交', en: 'Prices changed: the total is now ¥{total} (you confirmed ¥{expected}); review and submit again' },
});

/** 报价单: named in a 404 for another company's or an unknown quote (submission from a quote). */
export const QUOTE_ENTITY = '报价单 / quote';

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
  const allowed = await lifecyclePorts().allowedPaymentMethods(db, companyId, terms);
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

export interface SubmitParams {
  scope: string;
  key: string;
  hash: string;
  companyId: number;
  /** the cart owner */
  userId: number;
  /** the customer user the order is for (null when staff order on behalf) */
  buyerUserId: number | null;
  onBehalf: boolean;
  addressId: number;
  wishedDeliveryDate: string | null;
  invoiceType: 'none' | 'normal' | 'special';
  customerPo: string | null;
  note: string | null;
  /** null: the customer's default (its terms' method, else the first allowed) */
  paymentMethod: PaymentMethod | null;
  /** the total the buyer confirmed; a different total now is PRICE_CHANGED */
  expectedTotal: number | null;
  timeZone: string;
  /** marketing's plan for these lines (marketing/apply.ts submissionPlan), checked and redeemed in the statement; omitted: none runs */
  marketing?: unknown;
  /**
   * pricing's rows (pricing_price_skus, with `qty`: the SKU total priced) read for the plan in this
   * request: used instead of pricing again when they are for exactly the SKU totals of the lines taken
   */
  priced?: unknown[];
}

/**
 * An order from an accepted quote (the quotes module): the quote's lines (ref = quote line id, base
 * units) go straight to orders_submit with `quote`, which prices them at the offered prices for
 * this order only and marks the quote ordered; no cart, no promotions. The quote itself can become
 * an order once, so no Idempotency-Key row is kept (scope and key empty).
 */
export interface QuotedSubmitParams extends Omit<SubmitParams, 'marketing' | 'priced' | 'scope' | 'key' | 'hash' | 'userId'> {
  scope: '';
  key: '';
  lines: { ref: number; skuId: number; unit: string; unitFactor: number; qty: number }[];
  quote: { id: number };
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

type Called = { order: SubmittedOrder; replayed: boolean; version?: number; workflow?: Partial<WorkflowSettings> | null; paymentTerms?: string };

/**
 * Set when the supplier's review chain needs server code at submission (review off, payment
 * first, auto-approval): submissions then run as a transaction around the call; cleared as soon
 * as one finds the chain back to "wait for review". Only a hint: the function itself refuses
 * (ordo:NEEDS_WORKFLOW) to finish an order the workflow must route.
 */
let workflowInNode = false;

const call = async (db: Kysely<DB> | Transaction<DB>, p: Record<string, unknown>) =>
  p.quote
    ? { replayed: false, ...(await sql<{ r: Omit<Called, 'replayed'> }>`select orders_submit(${JSON.stringify(p)}::jsonb) as r`.execute(db)).rows[0]!.r }
    : (await sql<{ r: Called }>`select cart_submit(${JSON.stringify(p)}::jsonb) as r`.execute(db)).rows[0]!.r;

/**
 * Submits the owner's cart as an order: one SQL call, one round trip, in the common case. When
 * the review chain must route the new order, the same call runs in a transaction (finish: false)
 * followed by the workflow, the event, the audit entry and the idempotency response.
 */
export async function submitOrder(db: Kysely<DB>, actor: Actor, input: SubmitParams | QuotedSubmitParams, locale: Locale): Promise<{ order: SubmittedOrder; replayed: boolean }> {
  const p = {
    ...input, actorUserId: actor.userId, actorLabel: `${actor.login} (${actor.role})`, requestId: actor.requestId ?? null, ip: actor.ip ?? null,
    // one session (PGlite): nothing runs beside this statement, so the order and the idempotency
    // key are each written once (numbered at insert, key stored with its response)
    serial: isEmbedded(db),
  };
  try {
    if (!workflowInNode) {
      try {
        const r = await call(db, { ...p, finish: true });
        return { order: r.order, replayed: r.replayed };
      } catch (e) {
        if (!(e instanceof Error && e.message === 'ordo:NEEDS_WORKFLOW')) throw e;
        workflowInNode = true;
      }
    }
    return await db.transaction().execute(async (trx) => {
      const r = await call(trx, { ...p, finish: false });
      if (r.replayed) return { order: r.order, replayed: true };
      const o = r.order;
      const settings = workflowSettingsFrom(r.workflow ?? null);
      const chain = { status: o.status, version: r.version!, total: o.total, paid_total: 0, payment_method: o.paymentMethod, payment_terms: r.paymentTerms! };
      if (!settings.autoApprove.enabled && nextStep(settings, chain, 'start') === 'pending_review') workflowInNode = false;
      const routed = await enterWorkflow(trx, o.id, new Date(), { settings, order: chain });
      const summary: SubmittedOrder = { ...o, status: routed.to };
      await emitAudited(trx, 'order.submitted', {
        orderId: o.id, number: o.number, companyId: input.companyId, status: routed.to, total: o.total, paymentMethod: o.paymentMethod,
        placedByUserId: actor.userId, buyerUserId: input.buyerUserId, onBehalf: input.onBehalf,
      }, actor, { action: 'order.submit', entityType: 'order', entityId: o.id, after: summary });
      if (input.scope) await storeIdempotentResponse(trx, input.scope, input.key, summary);
      return { order: summary, replayed: false };
    });
  } catch (e) {
    throw submissionError(e, locale);
  }
}

type BadLine = { ref: number; skuId: number; code: string; problems: { code: ProblemCode; params: Record<string, string | number> }[] };

/** The database's 'ordo:<CODE>' refusals as the AppErrors (and messages) submission always answered with. */
export function submissionError(e: unknown, locale: Locale): unknown {
  const r = dbRefusal(e);
  if (!r) return e;
  switch (r.code) {
    case 'NOT_FOUND':
      return notFound(r.params.entity === 'address' ? ADDRESS_ENTITY : r.params.entity === 'quote' ? QUOTE_ENTITY : CUSTOMER_ENTITY);
    case 'ORDER_LINES_INVALID': {
      const bad = (r.details as BadLine[]).map((l) => ({
        ref: l.ref, skuId: l.skuId, code: l.code,
        problems: l.problems.map((x) => ({ code: x.code, message: t(x.code, locale, x.params), params: x.params })),
      }));
      return new AppError('ORDER_LINES_INVALID', 422, { n: Math.max(1, bad.length), first: bad[0] ? `${bad[0].code} ${bad[0].problems[0]!.message}` : '' }, bad);
    }
    case 'PRICE_CHANGED': {
      const { total, expected } = r.params as { total: number; expected: number };
      return new AppError('PRICE_CHANGED', 409, { total: formatYuan(total), expected: formatYuan(expected) }, { total, expected });
    }
    default:
      return r;
  }
}
