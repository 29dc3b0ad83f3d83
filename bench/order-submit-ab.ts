import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import type { DB } from '../server/lib/db-types';
import { analyze, pgliteOptions } from '../server/lib/db';
import { ConnectionLock, PGliteDialect } from '../server/lib/pglite-dialect';
import { generateCatalog } from './catalog-generate';
import { openBenchDatabase } from './lib';

/**
 * Where order submission's time goes on PGlite (issue 20), by difference: one database like
 * order-submit.ts's (5,000 SKUs, 8 customers, 16 buyers, contract prices for half), copied into one
 * PGlite per variant (dumpDataDir → loadDataDir), each variant's SQL applied to its copy (drop a
 * foreign key, an index, replace a function…), then the same stream of 5-line carts submitted with
 * cart_submit on every copy in turn, BLOCK orders at a time for ROUNDS rounds. What is timed is
 * the process CPU of the call alone (the cart fill is not): on a shared machine CPU time drifts
 * with the load, so copies take turns and each is compared with the first ('base') round by round
 * (Δ ± standard error). Sequential, one call at a time: no HTTP, no queueing.
 *
 *   npx tsx bench/order-submit-ab.ts                  # the built-in schema variants below
 *   npx tsx bench/order-submit-ab.ts variants.json    # [{ "name": "…", "sql": "…" }], 'base' added first
 * Options (env): ROUNDS (12), BLOCK (25).
 * Measured 2026-12-07 at load average 11–19 (2 cores shared): base 4.35 ms of CPU per call; all
 * foreign keys, secondary indexes and the line trigger of the tables written dropped together:
 * −0.78 ± 0.17 ms; each one alone, and each written row (audit, history, events, reservations)
 * left out alone: under 0.2 ms, within the noise. The rest is executing the ~20 statements.
 */
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const BLOCK = Number(process.env.BLOCK ?? 25);
interface Variant { name: string; sql: string }

const builtIn: Variant[] = [
  { name: 'FKs of orders (company, buyer, placed by)', sql: 'alter table orders drop constraint orders_buyer_user_id_fkey, drop constraint orders_company_id_fkey, drop constraint orders_placed_by_user_id_fkey' },
  { name: 'FK order_lines.order_id', sql: 'alter table order_lines drop constraint order_lines_order_id_fkey' },
  { name: 'FK order_lines.sku_id', sql: 'alter table order_lines drop constraint order_lines_sku_id_fkey' },
  { name: 'FKs of reservations (sku, warehouse)', sql: 'alter table reservations drop constraint reservations_sku_id_fkey, drop constraint reservations_warehouse_id_fkey' },
  { name: 'secondary indexes of the tables written', sql: 'drop index order_lines_sku, orders_status, orders_company, audit_log_entity, audit_log_actor, outbox_pending, reservations_order, reservations_active, order_history_order' },
];

async function buildBase(): Promise<{ blob: Blob; buyers: { companyId: number; userId: number; addressId: number; cartId: number }[]; skus: number[] }> {
  const { database } = await openBenchDatabase('bench_ab');
  const db = database.db;
  await generateCatalog(db, 5000);
  const wh = await db.insertInto('warehouses').values({ code: 'BENCH', name: '基准仓', address: null, provinces: [], priority: 10, active: true }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into stock_levels (sku_id, warehouse_id, on_hand) select id, ${wh.id}, 10000000 from skus`.execute(db);
  const buyers: { companyId: number; userId: number; addressId: number; cartId: number }[] = [];
  for (let c = 0; c < 8; c++) {
    const co = await db.insertInto('companies').values({ code: `B${c}`, name: `基准客户 ${c}`, province: '浙江省', city: '杭州市' }).returning('id').executeTakeFirstOrThrow();
    const addr = await db.insertInto('company_addresses').values({ company_id: co.id, recipient: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: null, address: '文三路 1 号', postcode: null, is_default: true }).returning('id').executeTakeFirstOrThrow();
    for (let b = 0; b < 2; b++) {
      const u = await db.insertInto('users').values({ login: `ab${c}_${b}`, name: `ab${c}_${b}`, role: 'customer_buyer', company_id: co.id, password_hash: '-', phone: null, email: null }).returning('id').executeTakeFirstOrThrow();
      const cart = await db.insertInto('carts').values({ company_id: co.id, user_id: u.id, kind: 'cart' }).returning('id').executeTakeFirstOrThrow();
      buyers.push({ companyId: co.id, userId: u.id, addressId: addr.id, cartId: cart.id });
    }
    if (c % 2 === 0) {
      await sql`insert into price_lists (name, kind, company_id) values ('bench', 'customer', ${co.id})`.execute(db);
      await sql`insert into price_list_items (price_list_id, sku_id, min_qty, fixed_price)
        select (select max(id) from price_lists), id, 1, base_price * 9 / 10 from skus where id % 3 = 0`.execute(db);
    }
  }
  await analyze(db);
  const skus = (await sql<{ id: number }>`select s.id from skus s join products p on p.id = s.product_id where p.on_shelf and s.active order by s.id limit 300`.execute(db)).rows.map((r) => Number(r.id));
  const blob = await database.dumpDataDir!();
  await database.close();
  return { blob, buyers, skus };
}

const variants: Variant[] = [{ name: 'base', sql: '' }, ...(process.argv[2] ? (JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Variant[]) : builtIn)];
const { blob, buyers, skus } = await buildBase();
const copies: { v: Variant; db: Kysely<DB>; cpu: number[]; next: number }[] = [];
for (const v of variants) {
  const pg = await PGlite.create({ ...pgliteOptions, loadDataDir: blob });
  if (v.sql) await pg.exec(v.sql);
  copies.push({ v, db: new Kysely<DB>({ dialect: new PGliteDialect(pg, new ConnectionLock()) }), cpu: [], next: 0 });
}
// the same 5-line carts, in the same order, on every copy (SKU i drawn with a skew, as order-submit.ts)
let seed = 7;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const carts = Array.from({ length: 400 }, () => {
  const picked = new Set<number>();
  while (picked.size < 5) picked.add(skus[Math.floor(skus.length * rand() ** 2)]!);
  return [...picked].map((skuId) => ({ skuId, qty: 1 + Math.floor(rand() * 24) }));
});

/** Fills a buyer's cart (not timed), submits it with cart_submit; the call's process CPU in ms. */
async function submitOne(c: (typeof copies)[number]): Promise<number> {
  const b = buyers[c.next % buyers.length]!;
  const lines = carts[c.next++ % carts.length]!;
  await sql`delete from cart_lines where cart_id = ${b.cartId}`.execute(c.db);
  await sql`insert into cart_lines (cart_id, sku_id, unit, unit_factor, qty)
    select ${b.cartId}, s.id, p.base_unit, 1, l.qty from unnest(${lines.map((l) => l.skuId)}::bigint[], ${lines.map((l) => l.qty)}::int[]) as l(sku_id, qty)
    join skus s on s.id = l.sku_id join products p on p.id = s.product_id`.execute(c.db);
  const p = {
    scope: `order.submit:${b.companyId}:${b.userId}`, key: randomUUID(), hash: 'ab', companyId: b.companyId, userId: b.userId, buyerUserId: b.userId,
    onBehalf: false, addressId: b.addressId, wishedDeliveryDate: null, invoiceType: 'none', customerPo: null, note: null, paymentMethod: 'transfer',
    expectedTotal: null, timeZone: 'Asia/Shanghai', actorUserId: b.userId, actorLabel: 'bench (customer_buyer)', requestId: null, ip: null, finish: true,
  };
  const c0 = process.cpuUsage();
  await sql`select cart_submit(${JSON.stringify(p)}::jsonb)`.execute(c.db);
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / 1000;
}

for (const c of copies) for (let i = 0; i < 100; i++) await submitOne(c); // plans, caches
for (let r = 0; r < ROUNDS; r++) {
  for (const c of r % 2 ? [...copies].reverse() : copies) {
    let ms = 0;
    for (let i = 0; i < BLOCK; i++) ms += await submitOne(c);
    c.cpu.push(ms / BLOCK);
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const base = copies[0]!;
const rows = copies.map((c) => {
  const d = c.cpu.map((x, i) => x - base.cpu[i]!);
  const se = Math.sqrt(mean(d.map((x) => (x - mean(d)) ** 2)) / d.length);
  return { variant: c.v.name, cpuMsPerCall: Math.round(mean(c.cpu) * 1000) / 1000, deltaMs: Math.round(mean(d) * 1000) / 1000, standardError: Math.round(se * 1000) / 1000 };
});
console.table(rows);
process.exit(0);
