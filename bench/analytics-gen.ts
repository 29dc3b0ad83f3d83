// Analytics benchmark data (issue 17): 1,000,000 order lines over two years — 200,000 orders of
// 5 lines, 10,000 customers, 100,000 SKUs — with shipments (some partial), payments, returns,
// refunds, stock and purchase costs, written with set-based SQL (generate_series) into the schema
// `bench_analytics` of BENCH_DATABASE_URL; then the rollups are rebuilt (timed) and analysed.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/analytics_bench npx tsx bench/analytics-gen.ts [orders]
//
// (a database of its own — `createdb analytics_bench` — so the tests' `test` database is not touched)
//
// bench/analytics.ts then measures every report on it. The schema is dropped and made anew.
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../server/lib/db';
import { migrate } from '../server/lib/migrate';
import { hashPassword } from '../server/modules/auth/passwords';
import { rebuildRollups } from '../server/modules/reports/rollup';

export const BENCH_SCHEMA = 'bench_analytics';
export const BENCH_PASSWORD = 'Bench-analytics-2026!';
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL=postgres://… is required (PostgreSQL only)');
const ORDERS = Number(process.argv[2] ?? 200_000);
const LINES = 5;
const CUSTOMERS = 10_000;
const SKUS = 100_000;
const TZ = process.env.ORDO_TIMEZONE ?? 'Asia/Shanghai';

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query('create extension if not exists pg_trgm schema public');
await admin.query(`drop schema if exists ${BENCH_SCHEMA} cascade`);
await admin.query(`create schema ${BENCH_SCHEMA}`);
await admin.end();

const database = await openDatabase({ databaseUrl: url, schema: BENCH_SCHEMA, poolSize: 4 });
await migrate(database);
const db = database.db;
const t0 = Date.now();
const step = async (name: string, q: ReturnType<typeof sql>) => {
  const s = Date.now();
  await q.execute(db);
  console.log(`  ${name}: ${((Date.now() - s) / 1000).toFixed(1)} s`);
};
const hash = await hashPassword(BENCH_PASSWORD);

await database.execScript(`
  insert into users (login, name, role, password_hash) values ('bench-admin', '基准管理员', 'admin', '${hash}');
  insert into users (login, name, role, password_hash) select 'bench-rep-' || g, '业务员' || g, 'sales', '${hash}' from generate_series(1, 50) g;
  insert into customer_tiers (name) values ('金牌'), ('银牌'), ('铜牌');
  insert into companies (code, name, province, tier_id, sales_rep_id, credit_days)
    select 'B' || lpad(g::text, 5, '0'), '基准客户' || g,
           (array['浙江省','上海市','江苏省','安徽省','福建省','广东省','山东省','河南省','湖北省','四川省'])[1 + g % 10],
           (select min(id) from customer_tiers) + g % 3, (select min(id) from users where login like 'bench-rep-%') + g % 50, (g % 4) * 15
      from generate_series(1, ${CUSTOMERS}) g;
  insert into categories (name) select '分类' || g from generate_series(1, 50) g;
  insert into brands (name) select '品牌' || g from generate_series(1, 200) g;
  insert into warehouses (code, name) values ('BW1', '基准东仓'), ('BW2', '基准西仓');
`);
console.log(`  people, categories, brands: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await step('products and SKUs', sql`
  with p as (
    insert into products (name, category_id, brand_id, base_unit)
    select '基准商品' || g, (select min(id) from categories) + g % 50, (select min(id) from brands) + g % 200, (array['件','瓶','箱','袋'])[1 + g % 4]
      from generate_series(1, ${SKUS}) g returning id)
  insert into skus (product_id, code, base_price) select id, 'BK' || id, 100 + (id * 7919) % 10000 from p`);
await step('stock and purchase costs', sql`
  insert into stock_levels (sku_id, warehouse_id, on_hand)
    select s.id, w.id, (s.id * 13 + w.id) % 400 from skus s cross join warehouses w where (s.id + w.id) % 3 <> 0`);
await database.execScript(`
  insert into suppliers (code, name) values ('BSUP', '基准供应商');
  insert into purchase_orders (supplier_id, warehouse_id, status) select (select id from suppliers where code = 'BSUP'), (select min(id) from warehouses), 'received';
  insert into purchase_order_lines (po_id, sku_id, qty, unit_cost, received_qty)
    select (select max(id) from purchase_orders), s.id, 100, s.base_price * 6 / 10, 100 from skus s where s.id % 5 = 0;
`);
// orders: spread over 730 days up to now; statuses mostly completed, a few in every other state
await step(`${ORDERS} orders`, sql`
  insert into orders (number, company_id, placed_by_user_id, status, subtotal, total, address, submitted_at, approved_at, shipped_at, cancelled_at)
  select 'BO' || g, (select min(id) from companies) + (g * 7919) % ${CUSTOMERS}, (select id from users where login = 'bench-admin'),
         st, 0, 0, '{}'::jsonb, at, case when st in ('pending_review', 'cancelled') then null else at end,
         case when st in ('completed', 'shipped', 'partially_shipped') then at + interval '1 day' end, case when st = 'cancelled' then at end
    from (select g, now() - make_interval(secs => (${ORDERS} - g)::float8 / ${ORDERS} * 730 * 86400 + (g * 37) % 3600) as at,
                 case when g % 100 < 86 then 'completed' when g % 100 < 89 then 'cancelled' when g % 100 < 92 then 'shipped'
                      when g % 100 < 94 then 'partially_shipped' when g % 100 < 97 then 'pending_review' else 'awaiting_payment' end as st
            from generate_series(1, ${ORDERS}) g) x`);
await step(`${ORDERS * LINES} order lines`, sql`
  insert into order_lines (order_id, line_no, sku_id, sku_code, name, unit, unit_factor, qty, unit_price, base_price, line_total, base_unit)
  select o.id, k, s.id, s.code, '基准商品', '件', 1, q, s.base_price, s.base_price, q * s.base_price, '件'
    from orders o cross join generate_series(1, ${LINES}) k
    cross join lateral (select 1 + (o.id * k * 31) % 24 as q) qq
    join skus s on s.id = (select min(id) from skus) + ((o.id * 104729 + k * 7919) % ${SKUS})`);
await step('order totals', sql`
  update orders o set subtotal = x.t, total = x.t from (select order_id, sum(line_total) as t from order_lines group by 1) x where x.order_id = o.id`);
await step('shipments', sql`
  with s as (
    insert into shipments (number, order_id, warehouse_id, carrier, shipped_at)
    select 'BS' || o.id, o.id, (select min(id) from warehouses) + o.id % 2, '顺丰', o.shipped_at from orders o where o.shipped_at is not null returning id, order_id)
  insert into shipment_lines (shipment_id, order_line_id, qty)
  select s.id, l.id, case when o.status = 'partially_shipped' then greatest(1, l.qty / 2) else l.qty end
    from s join orders o on o.id = s.order_id join order_lines l on l.order_id = o.id`);
await step('payments', sql`
  insert into payments (company_id, order_id, purpose, method, amount, status, confirmed_at)
  select o.company_id, o.id, 'order', (array['online','transfer','balance','cod'])[1 + o.id % 4], o.total, 'succeeded', least(now(), o.submitted_at + make_interval(days => (o.id % 20)::int))
    from orders o where o.status not in ('pending_review', 'cancelled', 'awaiting_payment') and o.id % 10 <> 0`);
await step('returns and refunds', sql`
  with r as (
    insert into aftersales_requests (number, company_id, order_id, kind, status, reason_id, warehouse_id, received_at, refund_amount)
    select 'BR' || o.id, o.company_id, o.id, 'return_refund', 'completed', (select min(id) from aftersales_reasons), (select min(id) from warehouses),
           o.shipped_at + interval '5 days', 0
      from orders o where o.status = 'completed' and o.id % 50 = 0 and o.shipped_at < now() - interval '5 days' returning id, order_id, received_at, company_id)
  , l as (
    insert into aftersales_lines (request_id, order_line_id, sku_id, sku_code, name, unit, unit_factor, base_unit, qty, refused_qty, paid_amount)
    select r.id, ol.id, ol.sku_id, ol.sku_code, ol.name, ol.unit, 1, ol.base_unit, greatest(1, ol.qty / 3), 0, greatest(1, ol.qty / 3) * ol.unit_price
      from r join order_lines ol on ol.order_id = r.order_id and ol.line_no = 1 returning request_id, paid_amount)
  insert into refunds (company_id, order_id, amount, destination, status, completed_at, created_at)
  select r.company_id, r.order_id, l.paid_amount, 'balance', 'succeeded', r.received_at, r.received_at from r join l on l.request_id = r.id`);
await step('analyze', sql`analyze`);
const rb = await rebuildRollups(db, TZ, { chunk: 50_000, log: (m) => console.log(`    rebuild ${m}`) });
await sql`analyze`.execute(db);
const { rows: [counts] } = await sql<Record<string, number>>`select (select count(*) from orders) as orders, (select count(*) from order_lines) as lines,
  (select count(*) from companies) as customers, (select count(*) from skus) as skus, (select count(*) from rpt_sales_daily) as sales_daily,
  (select count(*) from rpt_sku_daily) as sku_daily, (select count(*) from rpt_customer_daily) as customer_daily, (select count(*) from rpt_open_orders) as open_orders`.execute(db);
console.log(`Generated in ${((Date.now() - t0) / 1000).toFixed(0)} s (rebuild ${(rb.ms / 1000).toFixed(1)} s), load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}:`, counts);
await database.close();
