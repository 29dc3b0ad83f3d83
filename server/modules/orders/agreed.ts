import { sql, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Locale } from '../../lib/i18n';
import { emitAudited } from '../platform/outbox';
import type { Actor } from '../auth/actor';
import { getOrderingTerms } from '../customers';
import { enterWorkflow } from './workflow';
import { workflowSettingsFrom, type WorkflowSettings } from './settings';
import { paymentMethodsFor, submissionError, type PaymentMethod, type SubmittedOrder } from './submit';
import './tables';

/** A price agreed before the order (an ordering fair's price, a quote): frozen on the line with its rule. */
export interface AgreedPrice {
  unitPrice: number;
  /** what the price came from, shown on the order line: { kind: 'fair_price', detail, ... } */
  rule: { kind: string; detail: string } & Record<string, unknown>;
}

export interface AgreedOrderInput {
  companyId: number;
  /** the customer user the order is for (the fair booking's buyer), or null */
  buyerUserId: number | null;
  addressId: number;
  lines: { ref: number; skuId: number; unit: string; unitFactor: number; qty: number }[];
  /** by SKU id: every line of these SKUs takes the agreed price */
  agreedPrices: Record<number, AgreedPrice>;
  wishedDeliveryDate: string | null;
  note: string | null;
  /** null: the customer's default method (its terms first) */
  paymentMethod: PaymentMethod | null;
  timeZone: string;
}

/**
 * Creates an order placed by staff on the customer's behalf at agreed prices, inside the caller's
 * transaction, through the normal submission path: orders_submit (migrations/202612070840) checks
 * the customer, address, payment method, visibility and shelf, freezes the agreed prices, reserves
 * stock all-or-nothing and numbers the order; then the review chain routes it and the
 * `order.submitted` event and audit entry are written. A refusal (stock short, customer suspended)
 * throws the same AppError as a cart submission and the caller's transaction is lost.
 */
export async function submitAgreedOrder(trx: Transaction<DB>, actor: Actor, input: AgreedOrderInput, locale: Locale): Promise<SubmittedOrder> {
  let method = input.paymentMethod;
  if (!method) {
    const { terms } = await getOrderingTerms(trx, input.companyId, null);
    method = (await paymentMethodsFor(trx, input.companyId, terms))[0] ?? null;
  }
  const p = {
    companyId: input.companyId, buyerUserId: input.buyerUserId, onBehalf: true, addressId: input.addressId, lines: input.lines,
    agreedPrices: Object.fromEntries(Object.entries(input.agreedPrices).map(([k, v]) => [String(k), v])),
    wishedDeliveryDate: input.wishedDeliveryDate, invoiceType: 'none', customerPo: null, note: input.note, paymentMethod: method,
    expectedTotal: null, timeZone: input.timeZone, finish: false,
    actorUserId: actor.userId, actorLabel: `${actor.login} (${actor.role})`, requestId: actor.requestId ?? null, ip: actor.ip ?? null,
  };
  type Called = { order: SubmittedOrder; version: number; workflow: Partial<WorkflowSettings> | null; paymentTerms: string };
  let r: Called;
  try {
    r = (await sql<{ r: Called }>`select orders_submit(${JSON.stringify(p)}::jsonb) as r`.execute(trx)).rows[0]!.r;
  } catch (e) {
    throw submissionError(e, locale);
  }
  const o = r.order;
  const settings = workflowSettingsFrom(r.workflow ?? null);
  const chain = { status: o.status, version: r.version, total: o.total, paid_total: 0, payment_method: o.paymentMethod, payment_terms: r.paymentTerms };
  const routed = await enterWorkflow(trx, o.id, new Date(), { settings, order: chain });
  const summary: SubmittedOrder = { ...o, status: routed.to };
  await emitAudited(trx, 'order.submitted', {
    orderId: o.id, number: o.number, companyId: input.companyId, status: routed.to, total: o.total, paymentMethod: o.paymentMethod,
    placedByUserId: actor.userId, buyerUserId: input.buyerUserId, onBehalf: true,
  }, actor, { action: 'order.submit', entityType: 'order', entityId: o.id, after: summary });
  return summary;
}
