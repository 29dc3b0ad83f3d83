-- The reports' facts of some orders per (order, day, company, SKU, warehouse): ordered, shipped,
-- cost and returned amounts; the purchase cost is looked up per order line, by index; a line's
-- discount is its shares on the order's order_promotions rows (line_shares, marketing's migration
-- 202612072200_marketing_line_shares).
-- Last stated in migration 202612071030_reports_facts_cost_once (history: 202612071000).
-- Repeatable: lib/migrate.ts applies this file after the migrations whenever it changes. Edit it
-- here; never restate the function in a new migration (docs/CONVENTIONS.md, "SQL functions").
create or replace function rpt_facts_of(p_orders bigint[], p_tz text)
returns table (order_id bigint, day date, company_id bigint, sku_id bigint, warehouse_id bigint,
  ordered_qty bigint, ordered_amount bigint, ordered_lines int, shipped_qty bigint, shipped_amount bigint,
  cost_amount bigint, costed_amount bigint, returned_qty bigint, returned_amount bigint)
language sql stable as $$
  with o as (select o.id, o.company_id, o.status, o.submitted_at from orders o where o.id = any(p_orders)),
  l as (
    select l.id, l.order_id, l.sku_id, l.qty,
           l.line_total - coalesce((select sum((op.line_shares->>l.id::text)::bigint) from order_promotions op where op.order_id = l.order_id), 0) as net,
           (select round(sum(pl.received_qty::numeric * pl.unit_cost) / nullif(sum(pl.received_qty), 0))::bigint
              from purchase_order_lines pl where pl.sku_id = l.sku_id and pl.received_qty > 0) as unit_cost
      from order_lines l where l.order_id = any(p_orders)),
  f as (
    select o.id as order_id, (o.submitted_at at time zone p_tz)::date as day, o.company_id, l.sku_id, 0::bigint as warehouse_id,
           l.qty::bigint as oq, l.net as oa, 1 as ol, 0::bigint as sq, 0::bigint as sa, 0::bigint as ca, 0::bigint as cq, 0::bigint as rq, 0::bigint as ra
      from o join l on l.order_id = o.id
     where o.status in ('pending_review','pending_finance','awaiting_payment','pending_outbound','picking','partially_shipped','shipped','delivered','completed')
    union all
    select o.id, (s.shipped_at at time zone p_tz)::date, o.company_id, l.sku_id, s.warehouse_id,
           0, 0, 0, sl.qty, l.net * sl.qty / l.qty, coalesce(l.unit_cost * sl.qty, 0), case when l.unit_cost is null then 0 else l.net * sl.qty / l.qty end, 0, 0
      from o join shipments s on s.order_id = o.id join shipment_lines sl on sl.shipment_id = s.id
      join l on l.id = sl.order_line_id
    union all
    select o.id, (r.received_at at time zone p_tz)::date, o.company_id, al.sku_id, coalesce(r.warehouse_id, 0),
           0, 0, 0, 0, 0, 0, 0, al.qty - al.refused_qty, al.paid_amount * (al.qty - al.refused_qty) / al.qty
      from o join aftersales_requests r on r.order_id = o.id join aftersales_lines al on al.request_id = r.id
     where r.kind = 'return_refund' and r.status in ('received', 'completed') and r.received_at is not null and al.qty > al.refused_qty)
  select f.order_id, f.day, f.company_id, f.sku_id, f.warehouse_id,
         sum(oq)::bigint, sum(oa)::bigint, sum(ol)::int, sum(sq)::bigint, sum(sa)::bigint, sum(ca)::bigint, sum(cq)::bigint, sum(rq)::bigint, sum(ra)::bigint
    from f group by 1, 2, 3, 4, 5
$$;
