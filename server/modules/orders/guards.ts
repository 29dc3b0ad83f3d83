import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import type { WorkflowSettings } from './settings';
import { lifecyclePorts, type CreditVerdict, type WorkflowOrder } from './lifecycle';

export type { WorkflowOrder };

/** What the credit check says about an order, for the review screens and the transition guards. */
export type CreditStatus = { configured: true } & CreditVerdict;

/**
 * The payments module's credit check (hold, credit limit), wired by the module registry. Inside
 * a transaction it locks the customer's account (the transition holds the order row already) so
 * concurrent approvals count each other; outside one (the review queue) it only reads.
 */
export async function creditStatus(db: Kysely<DB> | Transaction<DB>, order: WorkflowOrder): Promise<CreditStatus> {
  const credit = lifecyclePorts().credit;
  const verdict = db.isTransaction ? await credit.check(db as Transaction<DB>, order) : await credit.assess(db as Kysely<DB>, order);
  return { configured: true, ...verdict };
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
