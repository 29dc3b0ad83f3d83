import { sql, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { presaleOf } from './presale';
import { release, reserve, type ReserveLine } from './reservations';

/**
 * The reservation of an order whose lines were edited before approval (orders/modify.ts), in the
 * edit's transaction. Only what changed moves, so a pre-order / backorder line keeps its place in
 * the queue and the stock already set aside for it:
 * - a line removed leaves: its reservation is freed (to whoever waits next) and its wait cancelled;
 * - an ordinary line whose quantity changed is reserved again whole, all or nothing, as at
 *   submission (so the one-warehouse rule holds for the new quantity);
 * - a queued line (its SKU on pre-order / backorder, or part of it waiting) that shrinks gives up
 *   its waiting units first, newest wait first, then reserved units (which go to the next in line);
 *   one that grows queues the extra behind those already waiting (or takes free stock when nobody
 *   waits), as a new order would — its earlier units keep their place.
 * All or nothing: a shortage or a full queue refuses the whole edit (the caller's transaction).
 */
export async function reserveEditedOrder(trx: Transaction<DB>, input: { orderId: number; companyId: number; lines: ReserveLine[] }): Promise<void> {
  const { orderId } = input;
  const reserved = await sql<{ order_line_id: number; qty: number }>`
    select r.order_line_id, sum(r.qty - r.consumed_qty - r.released_qty)::int as qty
    from reservations r where r.order_id = ${orderId} and r.status = 'active' and r.document_type is null
    group by r.order_line_id`.execute(trx);
  const reservedOf = new Map(reserved.rows.map((r) => [Number(r.order_line_id), r.qty]));
  const waits = await trx.selectFrom('stock_waits').select(['id', 'order_line_id', 'qty', 'allocated_qty'])
    .where('order_id', '=', orderId).where('status', '=', 'waiting').orderBy('id').forUpdate().execute();
  const presale = await presaleOf(trx, input.lines.map((l) => l.skuId));

  const kept = new Set(input.lines.map((l) => l.orderLineId));
  const whole = [...new Set([...reservedOf.keys(), ...waits.map((w) => w.order_line_id)])].filter((id) => !kept.has(id));
  const cut: Record<number, number> = {};
  const again: ReserveLine[] = [];
  for (const l of input.lines) {
    const own = waits.filter((w) => w.order_line_id === l.orderLineId);
    const has = reservedOf.get(l.orderLineId) ?? 0;
    const waiting = own.reduce((a, w) => a + w.qty - w.allocated_qty, 0);
    if (l.qty === has + waiting) continue;
    if (!own.length && !presale.has(l.skuId)) {
      if (has > 0) whole.push(l.orderLineId);
      again.push(l);
      continue;
    }
    if (l.qty > has + waiting) {
      again.push({ ...l, qty: l.qty - has - waiting });
      continue;
    }
    let rest = has + waiting - l.qty;
    for (const w of [...own].reverse()) {
      const take = Math.min(rest, w.qty - w.allocated_qty);
      if (take <= 0) continue;
      const left = w.qty - take;
      await trx.updateTable('stock_waits')
        .set(left === w.allocated_qty
          ? { status: w.allocated_qty > 0 ? 'allocated' : 'cancelled', ...(w.allocated_qty > 0 ? { qty: left } : {}), updated_at: sql`now()` }
          : { qty: left, updated_at: sql`now()` })
        .where('id', '=', w.id).execute();
      rest -= take;
    }
    if (rest > 0) cut[l.orderLineId] = rest;
  }
  if (whole.length || Object.keys(cut).length) await release(trx, { orderId, orderLineIds: whole, ...(Object.keys(cut).length ? { qtyByLine: cut } : {}) });
  if (again.length) await reserve(trx, { orderId, companyId: input.companyId, lines: again });
}
