import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import type { Actor } from '../auth/actor';
import { customerScope } from '../customers';
import './tables';

export type ReportGroup = 'reason' | 'product' | 'customer';

/**
 * After-sales report (售后报表) over requests raised between two local dates (inclusive), grouped
 * by reason, product (SKU) or customer: how many requests, the base units asked for, and the
 * money refunded (fen; completed refunds). Rejected and cancelled requests are left out of the
 * counts. A request's refund is split over its lines by what was paid for them (the last line
 * takes the rounding rest), so product rows add up to the refunds. Sales reps: their customers.
 */
export async function aftersalesReport(db: Kysely<DB>, actor: Actor, q: { from: string; to: string; groupBy: ReportGroup; timeZone: string }) {
  const scope = customerScope(actor);
  const rep = 'salesRepId' in scope ? sql`and c.sales_rep_id = ${scope.salesRepId}` : 'companyId' in scope ? sql`and r.company_id = ${scope.companyId}` : sql``;
  const key = { reason: sql`rs.id::text`, product: sql`l.sku_id::text`, customer: sql`r.company_id::text` }[q.groupBy];
  const name = { reason: sql`min(rs.name_zh)`, product: sql`min(l.name) || ' ' || min(l.sku_code)`, customer: sql`min(c.name)` }[q.groupBy];
  const { rows } = await sql<{ key: string; label: string; requests: number; qty: number; refunded: number }>`
    with l as (
      select l.*, r.refund_amount,
        sum(l.paid_amount) over (partition by l.request_id) as request_paid,
        row_number() over (partition by l.request_id order by l.id desc) as from_last
      from aftersales_lines l join aftersales_requests r on r.id = l.request_id),
    shares as (
      select l.*, case when l.refund_amount is null then 0
        when l.from_last = 1 then l.refund_amount - coalesce((
          select sum(case when x.request_paid > 0 then x.refund_amount * x.paid_amount / x.request_paid else 0 end) from l x where x.request_id = l.request_id and x.from_last > 1), 0)
        when l.request_paid > 0 then l.refund_amount * l.paid_amount / l.request_paid else 0 end as refund_share
      from l)
    select ${key} as key, ${name} as label, count(distinct r.id)::int as requests, coalesce(sum(l.qty), 0)::int as qty,
      ${q.groupBy === 'product' ? sql`coalesce(sum(l.refund_share), 0)` : sql`coalesce(sum(distinct_refund.amount), 0)`}::bigint as refunded
    from aftersales_requests r
    join companies c on c.id = r.company_id
    join aftersales_reasons rs on rs.id = r.reason_id
    join shares l on l.request_id = r.id
    left join lateral (select case when l.from_last = 1 then coalesce(r.refund_amount, 0) else 0 end as amount) distinct_refund on true
    where r.status not in ('rejected', 'cancelled', 'draft')
      and (r.created_at at time zone ${q.timeZone})::date between ${q.from}::date and ${q.to}::date
      ${rep}
    group by ${key}
    order by refunded desc, requests desc, key`.execute(db);
  return rows.map((r) => ({ key: r.key, label: r.label, requests: Number(r.requests), qty: Number(r.qty), refunded: Number(r.refunded) }));
}
