import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import type { WorkflowSettings } from './settings';
import type { OrderStatus } from './status';

/** The order row as the workflow sees it (locked for the transition), with its customer's terms. */
export interface WorkflowOrder {
  id: number;
  number: string;
  company_id: number;
  buyer_user_id: number | null;
  placed_by_user_id: number;
  status: OrderStatus;
  version: number;
  total: number;
  paid_total: number;
  payment_status: string;
  payment_method: string | null;
  payment_terms: string;
  company_status: string;
  company_name: string;
  sales_rep_id: number | null;
  approved_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  urgent: boolean;
}

/** What a credit check says about an order. `configured: false` until the payments module registers one. */
export type CreditStatus =
  | { configured: false }
  | { configured: true; ok: boolean; code?: string; params?: Record<string, unknown>; summary?: string; overdue?: number };

/**
 * The payments module's credit check (credit limit, overdue invoices). It runs inside the
 * transition's transaction (or outside one, for the review queue). Inside a transition the payments check
 * also holds the credit (charges the order to the receivable) so concurrent approvals count each other.
 */
export type CreditCheck = (db: Kysely<DB> | Transaction<DB>, order: WorkflowOrder) => Promise<{ ok: boolean; code?: string; params?: Record<string, unknown>; summary?: string; overdue?: number }>;

let creditCheck: CreditCheck | null = null;

/** Plugs the credit check into finance review, credit approval and auto-approval. */
export function registerCreditCheck(fn: CreditCheck | null): void {
  creditCheck = fn;
}

export async function creditStatus(trx: Kysely<DB> | Transaction<DB>, order: WorkflowOrder): Promise<CreditStatus> {
  if (!creditCheck) return { configured: false };
  return { configured: true, ...(await creditCheck(trx, order)) };
}

export interface AutoApproveVerdict {
  ok: boolean;
  /** which rules held (ok) or failed (not ok), for the history note */
  reasons: string[];
}

/** Evaluates the supplier's automatic approval rules against an order. */
export async function autoApproveVerdict(trx: Transaction<DB>, s: WorkflowSettings, order: WorkflowOrder): Promise<AutoApproveVerdict> {
  const rules = s.autoApprove;
  if (!rules.enabled) return { ok: false, reasons: ['auto approval off'] };
  const failed: string[] = [];
  const held: string[] = [];
  if (rules.maxTotal != null) (order.total < rules.maxTotal ? held : failed).push(`total ¥${formatYuan(order.total)} < ¥${formatYuan(rules.maxTotal)}`); // people read this note: yuan, not fen
  if (rules.requireGoodStanding) {
    const credit = await creditStatus(trx, order);
    const good = order.company_status === 'active' && (!credit.configured || credit.ok);
    (good ? held : failed).push('customer in good standing');
  }
  if (rules.onlyStandardItems) {
    const tags = rules.nonStandardTags.length ? rules.nonStandardTags : ['\u0000'];
    const odd = await trx
      .selectFrom('order_lines')
      .innerJoin('skus', 'skus.id', 'order_lines.sku_id')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('order_lines.order_id', '=', order.id)
      .where((eb) => eb.or([
        sql<boolean>`products.tags && ${sql.val(tags)}::text[]`,
        sql<boolean>`coalesce(order_lines.price_rule->>'kind', '') = 'manual'`,
      ]))
      .executeTakeFirstOrThrow();
    (Number(odd.n) === 0 ? held : failed).push('only standard items');
  }
  return failed.length ? { ok: false, reasons: failed } : { ok: true, reasons: held };
}

/** Quantities ordered and shipped so far (shipping decides between a partial and a full shipment). */
export async function shippedProgress(trx: Transaction<DB>, orderId: number): Promise<{ ordered: number; shipped: number; linesOpen: number }> {
  const r = await trx
    .selectFrom('order_lines')
    .select([
      sql<number>`coalesce(sum(qty), 0)::int`.as('ordered'),
      sql<number>`coalesce(sum(shipped_qty), 0)::int`.as('shipped'),
      sql<number>`count(*) filter (where shipped_qty < qty)::int`.as('linesOpen'),
    ])
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  return { ordered: Number(r.ordered), shipped: Number(r.shipped), linesOpen: Number(r.linesOpen) };
}
