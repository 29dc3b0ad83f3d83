import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { emit } from '../platform/outbox';

/**
 * A generated trading history for the analytics tests (and the browser tests' data): orders over
 * ~14 months in every status (cancelled, rejected and awaiting approval included), partial
 * shipments from two warehouses, received and refused returns, payments by every method, refunds
 * and purchase costs, with timestamps on both sides of the supplier's midnight. Written as rows
 * with their outbox events, the way the modules write them.
 */
export interface HistoryWorld {
  companies: number[];
  skus: number[];
  warehouses: number[];
  orders: number[];
}

const STATUSES = ['completed', 'completed', 'delivered', 'shipped', 'partially_shipped', 'picking', 'pending_review', 'awaiting_payment', 'cancelled', 'rejected', 'awaiting_approval', 'completed'] as const;
const SHIPPED = new Set(['completed', 'delivered', 'shipped', 'partially_shipped']);
const METHODS = ['online', 'transfer', 'balance', 'cod'] as const;

/** A small deterministic random source (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `count` orders of the given companies and SKUs, the last one `endsAt`, with shipments,
 * returns, payments and refunds; emits an outbox event per change (so the worker sees them).
 * Times fall at 15:59:59Z or 16:00:01Z on some days: one second either side of midnight in Shanghai.
 */
export async function generateHistory(db: Kysely<DB>, w: { companies: number[]; skus: number[]; warehouses: number[]; userId: number; count: number; days: number; endsAt: Date; seed?: number }): Promise<number[]> {
  const r = rng(w.seed ?? 17);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const { rows: [reason] } = await sql<{ id: number }>`select id from aftersales_reasons order by id limit 1`.execute(db);
  const prices = new Map((await sql<{ id: number; base_price: number; code: string; name: string; unit: string }>`
    select s.id, s.base_price, s.code, p.name, p.base_unit as unit from skus s join products p on p.id = s.product_id where s.id in (${sql.join(w.skus)})`.execute(db)).rows.map((s) => [Number(s.id), s]));
  const orders: number[] = [];
  const tag = Math.floor(r() * 1e6);
  for (let i = 0; i < w.count; i++) {
    const back = Math.floor(r() * w.days);
    const base = new Date(w.endsAt.getTime() - back * 86_400_000);
    const edge = r() < 0.3;
    const at = edge ? new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), 16, 0, r() < 0.5 ? -1 : 1)) : new Date(base.getTime() - Math.floor(r() * 20 * 3_600_000));
    const submitted = at > w.endsAt ? new Date(w.endsAt.getTime() - 60_000) : at;
    const status = pick(STATUSES);
    const company = pick(w.companies);
    const skus = [...new Set([pick(w.skus), pick(w.skus), pick(w.skus)])].slice(0, 1 + Math.floor(r() * 3));
    const lines = skus.map((s) => ({ sku: s, qty: 1 + Math.floor(r() * 40), price: prices.get(s)!.base_price + Math.floor(r() * 50) }));
    const total = lines.reduce((s, l) => s + l.qty * l.price, 0);
    const shippedAt = new Date(submitted.getTime() + (edge ? 1000 : Math.floor(r() * 2 * 86_400_000)));
    const approved = !['pending_review', 'awaiting_approval', 'rejected'].includes(status);
    const { rows: [o] } = await sql<{ id: number }>`
      insert into orders (number, company_id, placed_by_user_id, status, subtotal, total, address, submitted_at, approved_at, shipped_at, cancelled_at)
      values (${`SO-H${tag}-${i}`}, ${company}, ${w.userId}, ${status}, ${total}, ${total}, '{}'::jsonb, ${submitted}, ${approved ? submitted : null},
              ${SHIPPED.has(status) ? shippedAt : null}, ${status === 'cancelled' ? submitted : null}) returning id`.execute(db);
    const oid = Number(o.id);
    orders.push(oid);
    const lineIds: number[] = [];
    for (const [k, l] of lines.entries()) {
      const p = prices.get(l.sku)!;
      const { rows: [x] } = await sql<{ id: number }>`
        insert into order_lines (order_id, line_no, sku_id, sku_code, name, unit, unit_factor, qty, unit_price, base_price, line_total)
        values (${oid}, ${k + 1}, ${l.sku}, ${p.code}, ${p.name}, ${p.unit}, 1, ${l.qty}, ${l.price}, ${p.base_price}, ${l.qty * l.price}) returning id`.execute(db);
      lineIds.push(Number(x.id));
    }
    await emit(db, 'order.submitted', { orderId: oid });
    if (SHIPPED.has(status)) {
      // a partial shipment, and (unless partially shipped) the rest from the other warehouse a day later
      const parts = status === 'partially_shipped' ? 1 : 2;
      for (let s = 0; s < parts; s++) {
        const wh = w.warehouses[s % w.warehouses.length];
        const when = new Date(shippedAt.getTime() + s * 86_400_000);
        const { rows: [sh] } = await sql<{ id: number }>`insert into shipments (number, order_id, warehouse_id, carrier, shipped_at) values (${`SH-H${tag}-${i}-${s}`}, ${oid}, ${wh}, '顺丰', ${when}) returning id`.execute(db);
        for (const [k, l] of lines.entries()) {
          const half = Math.ceil(l.qty / 2);
          const q = s === 0 ? half : l.qty - half;
          if (q > 0) await sql`insert into shipment_lines (shipment_id, order_line_id, qty) values (${sh.id}, ${lineIds[k]}, ${q})`.execute(db);
        }
        await emit(db, status === 'partially_shipped' || s === 0 ? 'order.partially_shipped' : 'order.shipped', { orderId: oid });
      }
      if (r() < 0.35) {
        // a return of part of the first line: received (some units refused) or still approved (not counted)
        const received = r() < 0.75;
        const q = Math.max(1, Math.floor(lines[0].qty / 3));
        const refused = q > 2 ? 1 : 0;
        const receivedAt = new Date(shippedAt.getTime() + 3 * 86_400_000 + (edge ? 0 : 3_600_000));
        const { rows: [rq] } = await sql<{ id: number }>`
          insert into aftersales_requests (number, company_id, order_id, kind, status, reason_id, warehouse_id, received_at, refund_amount)
          values (${`AS-H${tag}-${i}`}, ${company}, ${oid}, 'return_refund', ${received ? (r() < 0.5 ? 'completed' : 'received') : 'approved'}, ${reason.id}, ${w.warehouses[0]},
                  ${received ? receivedAt : null}, ${q * lines[0].price}) returning id`.execute(db);
        const p = prices.get(lines[0].sku)!;
        await sql`insert into aftersales_lines (request_id, order_line_id, sku_id, sku_code, name, unit, unit_factor, base_unit, qty, refused_qty, paid_amount)
          values (${rq.id}, ${lineIds[0]}, ${lines[0].sku}, ${p.code}, ${p.name}, ${p.unit}, 1, ${p.unit}, ${q}, ${refused}, ${q * lines[0].price})`.execute(db);
        await emit(db, received ? 'aftersales.received' : 'aftersales.approved', { requestId: Number(rq.id), orderId: oid });
        if (received) {
          await sql`insert into refunds (company_id, order_id, amount, destination, status, completed_at, created_at) values (${company}, ${oid}, ${(q - refused) * lines[0].price}, 'balance', 'succeeded', ${receivedAt}, ${receivedAt})`.execute(db);
          await emit(db, 'order.refunded', { orderId: oid });
        }
      }
    }
    if (approved && status !== 'cancelled' && r() < 0.7) {
      // paid in full or in part, by one method; some payments still pending (not counted)
      const method = pick(METHODS);
      const part = r() < 0.3 ? Math.floor(total / 2) : total;
      const confirmedAt = new Date(submitted.getTime() + Math.floor(r() * 10 * 86_400_000));
      const ok = r() < 0.9 && confirmedAt <= w.endsAt;
      await sql`insert into payments (company_id, order_id, purpose, method, amount, status, confirmed_at) values (${company}, ${oid}, 'order', ${method}, ${part}, ${ok ? 'succeeded' : 'pending'}, ${ok ? confirmedAt : null})`.execute(db);
      await emit(db, 'order.payment_received', { orderId: oid });
    }
  }
  return orders;
}
