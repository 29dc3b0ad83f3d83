import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../server/lib/db-types';
import { isEmbedded } from '../server/lib/db';
import { FILL_TAG } from './metrics';

/**
 * The ceiling for the order-submission benchmark: the same work as one submission, issued as
 * hand-written SQL on the same database in the same run, with no HTTP, no validation and no
 * application logic. Each connection loops like a buyer: fill the cart with a 10-line order
 * (untimed), then submit it. The raw submission is one transaction that takes the idempotency key, locks and reads
 * the cart with each SKU's price (base or contract price), inserts the order and its lines,
 * locks and reserves stock with guarded relative updates, takes the day's order number and
 * writes history and the outbox event, empties the cart and stores the response.
 */
export interface CeilingBuyer { companyId: number; userId: number; addressId: number }
export interface CeilingArgs { buyers: CeilingBuyer[]; orders: { skuId: number; qty: number }[][]; seconds: number; connections: number }

/** Submits every cart with hand-written SQL: the ceiling. */
export const rawSubmission = (db: Kysely<DB>, warehouseId: number): Submit => (b, cartId) => db.transaction().execute((trx) => submitRaw(trx, b, cartId, warehouseId));

/** A submission: resolves when the order exists, rejects when it was refused (`prepared`: what `prepare` made for this cart). */
export type Submit = (buyer: CeilingBuyer, cartId: number, connection: number, prepared?: unknown) => Promise<void>;

/**
 * Runs `connections` buyers for `seconds`: each fills its cart with the next 10-line order by
 * SQL (untimed, the same for every way of submitting), then submits it (timed). `prepare` runs
 * after the filling, untimed too (e.g. a yardstick's marketing plan for the cart).
 */
export async function runSubmissions(db: Kysely<DB>, a: CeilingArgs, submit: Submit, prepare?: (buyer: CeilingBuyer, cartId: number) => Promise<unknown>) {
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const carts = new Map<number, number>();
  for (const b of a.buyers) {
    const row = await sql<{ id: number }>`${sql.raw(FILL_TAG)}
      insert into carts (company_id, user_id, kind) values (${b.companyId}, ${b.userId}, 'cart')
      on conflict (company_id, user_id) where kind = 'cart' do update set updated_at = now() returning id`.execute(db);
    carts.set(b.userId, row.rows[0]!.id);
  }
  const end = Date.now() + a.seconds * 1000;
  const started = Date.now();
  const loop = async (c: number) => {
    const buyer = a.buyers[c % a.buyers.length]!;
    const cartId = carts.get(buyer.userId)!;
    while (Date.now() < end) {
      const lines = a.orders[next++ % a.orders.length]!;
      await sql`${sql.raw(FILL_TAG)} delete from cart_lines where cart_id = ${cartId}`.execute(db);
      await sql`${sql.raw(FILL_TAG)} insert into cart_lines (cart_id, sku_id, unit, unit_factor, qty)
        select ${cartId}, s.id, p.base_unit, 1, l.qty
        from (values ${sql.join(lines.map((l) => sql`(${l.skuId}::bigint, ${l.qty}::int)`))}) as l(sku_id, qty)
        join skus s on s.id = l.sku_id join products p on p.id = s.product_id`.execute(db);
      const prepared = prepare ? await prepare(buyer, cartId) : undefined;
      const t0 = performance.now();
      try {
        await submit(buyer, cartId, c, prepared);
        times.push(performance.now() - t0);
      } catch (e) {
        failures++;
        firstFailure ??= e instanceof Error ? e.message.slice(0, 300) : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: a.connections }, (_, c) => loop(c)));
  const seconds = (Date.now() - started) / 1000;
  times.sort((x, y) => x - y);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 100) / 100;
  return {
    seconds: Math.round(seconds * 10) / 10, submissions: times.length, failures, ...(firstFailure ? { firstFailure } : {}),
    ordersPerSec: Math.round((times.length / seconds) * 10) / 10,
    submitLatencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  };
}

/** A buyer's cart, filled before the timed window (one per order submitted). */
export interface FilledCart { buyer: CeilingBuyer; cartId: number }

/**
 * Fills each cart with the next order of `orders` (cart i gets orders[(from + i) % n]) in one
 * statement, emptying it first: done before a timed window, so the window holds submission alone.
 */
export async function fillCarts(db: Kysely<DB>, carts: FilledCart[], orders: { skuId: number; qty: number }[][], from: number): Promise<void> {
  const cartIds: number[] = [];
  const skuIds: number[] = [];
  const qtys: number[] = [];
  carts.forEach((c, i) => {
    for (const l of orders[(from + i) % orders.length]!) {
      cartIds.push(c.cartId);
      skuIds.push(l.skuId);
      qtys.push(l.qty);
    }
  });
  const arr = (xs: number[]) => `{${xs.join(',')}}`;
  await sql`${sql.raw(FILL_TAG)} delete from cart_lines where cart_id = any(${arr(carts.map((c) => c.cartId))}::bigint[])`.execute(db);
  await sql`${sql.raw(FILL_TAG)} insert into cart_lines (cart_id, sku_id, unit, unit_factor, qty)
    select l.cart_id, s.id, p.base_unit, 1, l.qty
    from unnest(${arr(cartIds)}::bigint[], ${arr(skuIds)}::bigint[], ${arr(qtys)}::int[]) as l(cart_id, sku_id, qty)
    join skus s on s.id = l.sku_id join products p on p.id = s.product_id`.execute(db);
}

/**
 * Submits every filled cart once, `connections` at a time, and times the whole: orders/s of
 * submission alone (no cart fill inside the window).
 */
export async function submitFilled(carts: FilledCart[], connections: number, submit: Submit) {
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, async (_, c) => {
    while (next < carts.length) {
      const { buyer, cartId } = carts[next++]!;
      const s = performance.now();
      try {
        await submit(buyer, cartId, c);
        times.push(performance.now() - s);
      } catch (e) {
        failures++;
        firstFailure ??= e instanceof Error ? e.message.slice(0, 300) : String(e);
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  times.sort((x, y) => x - y);
  const pct = (p: number) => Math.round((times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0) * 100) / 100;
  return {
    seconds: Math.round(seconds * 100) / 100, submissions: times.length, failures, ...(firstFailure ? { firstFailure } : {}),
    ordersPerSec: Math.round((times.length / seconds) * 10) / 10,
    submitLatencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  };
}

type Line = { id: number; sku_id: number; qty: number; unit: string; code: string; name: string; spec_text: string; base_price: number; unit_price: number };

async function submitRaw(trx: Kysely<DB>, b: CeilingBuyer, cartId: number, warehouseId: number) {
  const key = randomUUID();
  const scope = `order.submit:${b.companyId}:${b.userId}`;
  await sql`insert into idempotency_keys (scope, key, request_hash) values (${scope}, ${key}, 'ceiling')`.execute(trx);
  await sql`select id from carts where id = ${cartId} for update`.execute(trx);
  const { rows: lines } = await sql<Line>`
    select cl.id, cl.sku_id, cl.qty, cl.unit, s.code, p.name, coalesce(s.spec_text, '') as spec_text, s.base_price,
      coalesce((select i.fixed_price from price_list_items i join price_lists pl on pl.id = i.price_list_id
        where pl.company_id = ${b.companyId} and pl.active and i.sku_id = s.id and i.min_qty <= cl.qty
        order by i.min_qty desc limit 1), s.base_price) as unit_price
    from cart_lines cl join skus s on s.id = cl.sku_id join products p on p.id = s.product_id
    where cl.cart_id = ${cartId} order by cl.id`.execute(trx);
  const total = lines.reduce((t, l) => t + Number(l.unit_price) * l.qty, 0);
  const order = await sql<{ id: number }>`
    insert into orders (number, company_id, buyer_user_id, placed_by_user_id, on_behalf, status, payment_method, subtotal, total, address, invoice_type)
    values (${`pending-${randomUUID()}`}, ${b.companyId}, ${b.userId}, ${b.userId}, false, 'pending_review', 'transfer', ${total}, ${total},
      ${JSON.stringify({ addressId: b.addressId })}, 'none') returning id`.execute(trx);
  const orderId = order.rows[0]!.id;
  const { rows: orderLines } = await sql<{ id: number; sku_id: number; qty: number }>`
    insert into order_lines (order_id, line_no, sku_id, sku_code, name, spec_text, unit, unit_factor, qty, unit_price, base_price, price_rule, line_total)
    values ${sql.join(lines.map((l, i) => sql`(${orderId}, ${i + 1}, ${l.sku_id}, ${l.code}, ${l.name}, ${l.spec_text}, ${l.unit}, 1, ${l.qty}, ${l.unit_price}, ${l.base_price}, 'null', ${Number(l.unit_price) * l.qty})`))}
    returning id, sku_id, qty`.execute(trx);
  const skuIds = [...new Set(orderLines.map((l) => l.sku_id))].sort((x, y) => x - y);
  await sql`select 1 from stock_levels where sku_id in (${sql.join(skuIds)}) and warehouse_id = ${warehouseId} order by sku_id for update`.execute(trx);
  const updated = await sql`
    with a(sku_id, qty) as (values ${sql.join(orderLines.map((l) => sql`(${l.sku_id}::bigint, ${l.qty}::int)`))})
    update stock_levels s set reserved = s.reserved + a.qty, updated_at = now()
    from a where s.sku_id = a.sku_id and s.warehouse_id = ${warehouseId} and s.on_hand - s.reserved >= a.qty returning s.sku_id`.execute(trx);
  if (updated.rows.length !== orderLines.length) throw new Error('short');
  await sql`insert into reservations (order_id, order_line_id, sku_id, warehouse_id, qty)
    values ${sql.join(orderLines.map((l) => sql`(${orderId}, ${l.id}, ${l.sku_id}, ${warehouseId}, ${l.qty})`))}`.execute(trx);
  const n = await sql<{ last: number }>`
    insert into order_number_counters (day, last) values (current_date, 1)
    on conflict (day) do update set last = order_number_counters.last + 1 returning last`.execute(trx);
  const number = `SC${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${String(n.rows[0]!.last).padStart(4, '0')}`;
  await sql`update orders set number = ${number} where id = ${orderId}`.execute(trx);
  await sql`insert into order_history (order_id, event, from_status, to_status, actor_user_id, actor_label)
    values (${orderId}, 'submit', null, 'pending_review', ${b.userId}, 'ceiling')`.execute(trx);
  await sql`insert into outbox (topic, payload) values ('order.submitted', ${JSON.stringify({ orderId, number, total })})`.execute(trx);
  await sql`delete from cart_lines where cart_id = ${cartId}`.execute(trx);
  await sql`update idempotency_keys set response = ${JSON.stringify({ id: orderId, number })}, status_code = 200 where scope = ${scope} and key = ${key}`.execute(trx);
}

/**
 * The one-call ceiling (issue 20): the whole order as ONE SQL statement, one round trip, no
 * transaction statements — the idempotency check, each line's price by precedence (customer
 * list > tier list, latest valid_from, newest list, largest quantity break; else the tier
 * discount; else base), a conditional reservation in the first warehouse by priority that can
 * fill each line (the statement fails if any line cannot be reserved), the order and its lines,
 * the reservations, the day's order number, the history row, the outbox event, the emptied cart
 * and the stored idempotency response. What Ordo adds on top: visibility, shelf, MOQ / multiple
 * checks, payment methods by terms, the copied address, the audit row and the stock events.
 */
export const oneCallSubmission = (db: Kysely<DB>): Submit => async (b, cartId) => {
  const key = randomUUID();
  const scope = `order.submit:${b.companyId}:${b.userId}`;
  await sql`
    with prior as (select response from idempotency_keys where scope = ${scope} and key = ${key}),
    co as (select c.id, c.tier_id, coalesce(t.discount_bp, 0) as bp from companies c left join customer_tiers t on t.id = c.tier_id where c.id = ${b.companyId}),
    l as (
      select cl.id, cl.sku_id, cl.qty, cl.unit, cl.unit_factor, s.code, p.name, s.spec_text, s.base_price,
        coalesce((select coalesce(i.fixed_price, (s.base_price * (10000 - i.discount_bp) + 5000) / 10000)
            from price_list_items i join price_lists pl on pl.id = i.price_list_id
            where i.sku_id = s.id and i.min_qty <= cl.qty and pl.active and (pl.company_id = co.id or pl.tier_id = co.tier_id)
              and (pl.valid_from is null or pl.valid_from <= now()) and (pl.valid_to is null or pl.valid_to > now())
            order by (pl.kind = 'customer') desc, pl.valid_from desc nulls last, pl.id desc, i.min_qty desc limit 1),
          (s.base_price * (10000 - co.bp) + 5000) / 10000) as unit_price
      from cart_lines cl join skus s on s.id = cl.sku_id join products p on p.id = s.product_id cross join co
      where cl.cart_id = ${cartId} and not exists (select 1 from prior)),
    pick as (
      select distinct on (l.sku_id) l.sku_id, sl.warehouse_id, sum(l.qty) over (partition by l.sku_id) as qty
      from l join stock_levels sl on sl.sku_id = l.sku_id join warehouses w on w.id = sl.warehouse_id and w.active
      where sl.on_hand - sl.reserved >= l.qty
      order by l.sku_id, w.priority, sl.warehouse_id),
    u as (
      update stock_levels s set reserved = s.reserved + pick.qty, updated_at = now()
      from pick where s.sku_id = pick.sku_id and s.warehouse_id = pick.warehouse_id and s.on_hand - s.reserved >= pick.qty
      returning s.sku_id, s.warehouse_id),
    n as (
      insert into order_number_counters (day, last) select current_date, 1 where exists (select 1 from l)
      on conflict (day) do update set last = order_number_counters.last + 1 returning last),
    o as (
      insert into orders (number, company_id, buyer_user_id, placed_by_user_id, on_behalf, status, payment_method, subtotal, total, address, invoice_type)
      select 'SC' || to_char(current_date, 'YYYYMMDD') || '-' || lpad(n.last::text, greatest(4, length(n.last::text)), '0'), ${b.companyId}, ${b.userId}, ${b.userId}, false, 'pending_review', 'transfer',
        t.total, t.total, ${JSON.stringify({ addressId: b.addressId })}::jsonb, 'none'
      from n, (select sum(unit_price * qty)::bigint as total from l) t
      returning id, number, total),
    ol as (
      insert into order_lines (order_id, line_no, sku_id, sku_code, name, spec_text, unit, unit_factor, qty, unit_price, base_price, price_rule, line_total)
      select o.id, row_number() over (order by l.id), l.sku_id, l.code, l.name, l.spec_text, l.unit, l.unit_factor, l.qty, l.unit_price, l.base_price, 'null', l.unit_price * l.qty
      from l, o
      returning id, sku_id, qty),
    r as (
      insert into reservations (order_id, order_line_id, sku_id, warehouse_id, qty)
      select o.id, ol.id, ol.sku_id, u.warehouse_id, ol.qty from ol join u on u.sku_id = ol.sku_id, o returning 1),
    h as (insert into order_history (order_id, event, from_status, to_status, actor_user_id, actor_label)
      select o.id, 'submit', null, 'pending_review', ${b.userId}, 'ceiling' from o returning 1),
    ev as (insert into outbox (topic, payload) select 'order.submitted', jsonb_build_object('orderId', o.id, 'number', o.number, 'total', o.total) from o returning 1),
    d as (delete from cart_lines where cart_id = ${cartId} and exists (select 1 from o) returning 1),
    k as (insert into idempotency_keys (scope, key, request_hash, response, status_code)
      select ${scope}, ${key}, 'ceiling', jsonb_build_object('id', o.id, 'number', o.number), 200 from o returning 1)
    -- a line that could not be reserved fails the statement (division by zero), undoing everything
    select 1 / ((select count(*) from u) = (select count(distinct sku_id) from l))::int as all_reserved,
      (select count(*) from r) + (select count(*) from h) + (select count(*) from ev) + (select count(*) from d) + (select count(*) from k) as written`.execute(db);
};

/**
 * Ordo's own submission function called straight from SQL (no HTTP, no Node checks): one call.
 * `prepared`, when given, is merged into the call (e.g. marketing's plan and pricing rows for the cart).
 */
export const ordoCallSubmission = (db: Kysely<DB>, timeZone: string): Submit => async (b, _cartId, _connection, prepared) => {
  const p = {
    scope: `order.submit:${b.companyId}:${b.userId}`, key: randomUUID(), hash: 'ordo-call', companyId: b.companyId, userId: b.userId, buyerUserId: b.userId,
    onBehalf: false, addressId: b.addressId, wishedDeliveryDate: null, invoiceType: 'none', customerPo: null, note: null, paymentMethod: 'transfer',
    expectedTotal: null, timeZone, actorUserId: b.userId, actorLabel: 'bench (customer_buyer)', requestId: null, ip: null, finish: true,
    serial: isEmbedded(db),
    ...(prepared && typeof prepared === 'object' ? prepared : {}),
  };
  await sql`select cart_submit(${JSON.stringify(p)}::jsonb)`.execute(db);
};
