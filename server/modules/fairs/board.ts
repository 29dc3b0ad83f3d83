import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { loadFair } from './fairs';
import './tables';

/**
 * The live board's figures: booked amount and quantity by product, by customer and by region
 * (the customer's province) against the targets set on the fair, its items and its customers.
 * Cancelled bookings do not count. Three grouped reads over the fair's bookings. A sales rep's
 * board (salesRepId) adds up the rep's own customers only.
 */
export async function boardOf(db: Kysely<DB>, fairId: number, salesRepId?: number) {
  const f = await loadFair(db, fairId);
  const rep = salesRepId != null;
  const live = db.selectFrom('fair_bookings as b').innerJoin('companies as bc', 'bc.id', 'b.company_id').where('b.fair_id', '=', fairId).where('b.status', '<>', 'cancelled')
    .$if(rep, (q) => q.where('bc.sales_rep_id', '=', salesRepId!));
  const [products, customers, regions] = await Promise.all([
    db.selectFrom('fair_items as i').innerJoin('skus as s', 's.id', 'i.sku_id').innerJoin('products as p', 'p.id', 's.product_id')
      .leftJoin(
        live.innerJoin('fair_booking_lines as l', 'l.booking_id', 'b.id').select(['l.sku_id', sql<number>`sum(l.qty)`.as('qty'), sql<number>`sum(l.line_total)`.as('amount')]).groupBy('l.sku_id').as('t'),
        't.sku_id', 'i.sku_id')
      .select(['i.sku_id', 's.code', 'p.name', 'p.base_unit', 'i.target_qty', 't.qty', 't.amount'])
      .where('i.fair_id', '=', fairId).orderBy('i.position').execute(),
    db.selectFrom('fair_customer_totals as t').innerJoin('companies as c', 'c.id', 't.company_id')
      .leftJoin('fair_customers as fc', (j) => j.onRef('fc.fair_id', '=', 't.fair_id').onRef('fc.company_id', '=', 't.company_id'))
      .select(['t.company_id', 'c.name', 'c.province', 't.amount', 't.bookings', 'fc.target_amount', 'fc.min_amount'])
      .where('t.fair_id', '=', fairId).where('t.bookings', '>', 0).$if(rep, (q) => q.where('c.sales_rep_id', '=', salesRepId!)).orderBy('t.amount', 'desc').limit(200).execute(),
    db.selectFrom('fair_customer_totals as t').innerJoin('companies as c', 'c.id', 't.company_id')
      .select([sql<string>`coalesce(c.province, '未填写')`.as('province'), sql<number>`sum(t.amount)`.as('amount'), sql<number>`count(*)`.as('customers')])
      .where('t.fair_id', '=', fairId).where('t.bookings', '>', 0).$if(rep, (q) => q.where('c.sales_rep_id', '=', salesRepId!)).groupBy(sql`coalesce(c.province, '未填写')`).orderBy(sql`sum(t.amount)`, 'desc').execute(),
  ]);
  const totals = await db.selectFrom('fair_customer_totals as t').innerJoin('companies as c', 'c.id', 't.company_id')
    .select([sql<number>`coalesce(sum(t.amount), 0)`.as('amount'), sql<number>`coalesce(sum(t.bookings), 0)`.as('bookings'), sql<number>`count(*) filter (where t.bookings > 0)`.as('customers')])
    .where('t.fair_id', '=', fairId).$if(rep, (q) => q.where('c.sales_rep_id', '=', salesRepId!)).executeTakeFirstOrThrow();
  return {
    fairId, at: new Date(), booked: Number(totals.amount), bookings: Number(totals.bookings), customers: Number(totals.customers),
    targetAmount: f.target_amount == null ? null : Number(f.target_amount),
    byProduct: products.map((p) => ({ skuId: Number(p.sku_id), code: p.code, name: p.name, unit: p.base_unit, qty: Number(p.qty ?? 0), amount: Number(p.amount ?? 0), targetQty: p.target_qty })),
    byCustomer: customers.map((c) => ({ companyId: Number(c.company_id), name: c.name, province: c.province, amount: Number(c.amount), bookings: c.bookings, targetAmount: c.target_amount == null ? null : Number(c.target_amount), minAmount: c.min_amount == null ? null : Number(c.min_amount) })),
    byRegion: regions.map((r) => ({ province: r.province, amount: Number(r.amount), customers: Number(r.customers) })),
  };
}
