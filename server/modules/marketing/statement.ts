import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { FundKind } from './funds';
import './tables';

type Db = Kysely<DB> | Transaction<DB>;

/** One rebate (fen) or points movement in a statement's period. */
export interface FundsMovement { at: Date; entry: string; amount: number; balanceAfter: number; orderId: number | null; orderNumber: string | null; note: string | null }

/** A balance over a period: opening, what came in and went out, closing (= opening + in − out). */
export interface FundsPeriod { opening: number; credited: number; debited: number; closing: number; movements: FundsMovement[] }

/**
 * The customer's rebate (fen) and points over [start, end), for the monthly statement (对账单):
 * what they are not money owed, so the statement lists them beside its figures, not in them.
 * Read from the append-only ledger: the opening is the balance after the last movement before
 * the start, so one month's closing is the next month's opening.
 */
export async function fundsForPeriod(db: Db, companyId: number, start: Date, end: Date): Promise<Record<FundKind, FundsPeriod>> {
  const one = async (kind: FundKind): Promise<FundsPeriod> => {
    const inPeriod = db.selectFrom('marketing_ledger').where('company_id', '=', companyId).where('kind', '=', kind).where('created_at', '>=', start).where('created_at', '<', end);
    const [before, sums, rows] = await Promise.all([
      db.selectFrom('marketing_ledger').select('balance_after').where('company_id', '=', companyId).where('kind', '=', kind)
        .where('created_at', '<', start).orderBy('id', 'desc').limit(1).executeTakeFirst(),
      inPeriod.select([sql<number>`coalesce(sum(amount) filter (where amount > 0), 0)`.as('credited'), sql<number>`coalesce(-sum(amount) filter (where amount < 0), 0)`.as('debited')])
        .executeTakeFirstOrThrow(),
      // the lines shown: the first 1,000 of the month (the totals above count every one)
      db.selectFrom('marketing_ledger as l').leftJoin('orders as o', 'o.id', 'l.order_id')
        .select(['l.entry', 'l.amount', 'l.balance_after', 'l.order_id', 'o.number as order_number', 'l.note', 'l.created_at'])
        .where('l.company_id', '=', companyId).where('l.kind', '=', kind).where('l.created_at', '>=', start).where('l.created_at', '<', end)
        .orderBy('l.id').limit(1000).execute(),
    ]);
    const opening = Number(before?.balance_after ?? 0);
    const movements = rows.map((r) => ({
      at: r.created_at, entry: r.entry, amount: Number(r.amount), balanceAfter: Number(r.balance_after), orderId: r.order_id == null ? null : Number(r.order_id), orderNumber: r.order_number ?? null, note: r.note,
    }));
    const credited = Number(sums.credited);
    const debited = Number(sums.debited);
    return { opening, credited, debited, closing: opening + credited - debited, movements };
  };
  const [rebate, points] = await Promise.all([one('rebate'), one('points')]);
  return { rebate, points };
}
