import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { badRequest } from '../../lib/errors';
import type { Actor } from '../auth/actor';
import { getPurchaseOrder, insertPurchaseOrder } from './purchase-orders';
import '../orders/tables';

type Q = Kysely<DB> | Transaction<DB>;

/** Days of sales the suggestions look back on, the lead time when no supplier gives one, and how many days a reorder should cover beyond the reorder point. */
export const VELOCITY_DAYS = 30;
export const DEFAULT_LEAD_DAYS = 7;
export const COVER_DAYS = 14;

export interface Suggestion {
  skuId: number;
  skuCode: string;
  productName: string;
  sold30: number;
  velocityPerDay: number;
  available: number;
  onOrder: number;
  safetyStock: number;
  leadTimeDays: number;
  reorderPoint: number;
  /** stock rows (active warehouses) below their safety stock: the stock page's 低于安全库存 rows */
  belowSafety: number;
  /** what those rows lack to reach their safety stock */
  shortfall: number;
  suggestedQty: number;
  supplierId: number | null;
  supplierName: string | null;
  unitCost: number | null;
  moq: number;
}

/**
 * Replenishment suggestions: for every active SKU, sales velocity over the last 30 days (order
 * lines of orders not cancelled or rejected), lead time of its preferred (else cheapest) active
 * supplier and total safety stock give a reorder point = velocity × lead time + safety stock.
 * When available + on order falls below it, suggest enough to reach the reorder point plus
 * COVER_DAYS of sales, rounded up to the supplier's MOQ. A SKU with a warehouse below its safety
 * stock (a 低于安全库存 row on the stock page) is always suggested, at least its shortfall.
 */
export async function replenishmentSuggestions(db: Q, opts: { all?: boolean } = {}): Promise<Suggestion[]> {
  const rows = await sql<{
    id: number; code: string; name: string; sold: number; available: number; safety: number; below: number; shortfall: number; on_order: number;
    supplier_id: number | null; supplier_name: string | null; cost: number | null; lead: number | null; moq: number | null;
  }>`
    with sales as (
      select ol.sku_id, sum(ol.qty)::int as sold
      from order_lines ol join orders o on o.id = ol.order_id
      where o.status not in ('cancelled', 'rejected') and o.submitted_at >= now() - make_interval(days => ${VELOCITY_DAYS})
      group by ol.sku_id),
    stock as (
      select sl.sku_id, sum(sl.on_hand - sl.reserved)::int as available, sum(sl.safety_stock)::int as safety,
        count(*) filter (where sl.safety_stock > 0 and sl.on_hand - sl.reserved < sl.safety_stock)::int as below,
        coalesce(sum(sl.safety_stock - (sl.on_hand - sl.reserved)) filter (where sl.safety_stock > 0 and sl.on_hand - sl.reserved < sl.safety_stock), 0)::int as shortfall
      from stock_levels sl join warehouses w on w.id = sl.warehouse_id and w.active
      group by sl.sku_id),
    on_order as (
      select l.sku_id, sum(l.qty - l.received_qty)::int as q
      from purchase_order_lines l join purchase_orders po on po.id = l.po_id
      where po.status in ('ordered', 'partially_received')
      group by l.sku_id),
    sup as (
      select distinct on (ss.sku_id) ss.sku_id, ss.supplier_id, s.name, ss.cost, ss.lead_time_days, ss.moq
      from supplier_skus ss join suppliers s on s.id = ss.supplier_id and s.active
      order by ss.sku_id, ss.preferred desc, ss.cost, ss.supplier_id)
    select k.id, k.code, p.name, coalesce(sales.sold, 0)::int as sold, coalesce(stock.available, 0)::int as available,
      coalesce(stock.safety, 0)::int as safety, coalesce(stock.below, 0)::int as below, coalesce(stock.shortfall, 0)::int as shortfall, coalesce(on_order.q, 0)::int as on_order,
      sup.supplier_id, sup.name as supplier_name, sup.cost, sup.lead_time_days as lead, sup.moq
    from skus k join products p on p.id = k.product_id
    left join sales on sales.sku_id = k.id
    left join stock on stock.sku_id = k.id
    left join on_order on on_order.sku_id = k.id
    left join sup on sup.sku_id = k.id
    where k.active
    order by k.code`.execute(db);
  const out: Suggestion[] = [];
  for (const r of rows.rows) {
    const velocity = r.sold / VELOCITY_DAYS;
    const lead = r.lead ?? DEFAULT_LEAD_DAYS;
    const reorderPoint = Math.ceil(velocity * lead) + r.safety;
    const position = r.available + r.on_order;
    const moq = r.moq ?? 1;
    let suggested = 0;
    // A warehouse below its safety stock needs goods even when another one holds plenty (the
    // stock page flags that row): suggest at least its shortfall, less what is already on order.
    const need = Math.max(
      position < reorderPoint ? reorderPoint + Math.ceil(velocity * COVER_DAYS) - position : 0,
      r.below > 0 ? r.shortfall - r.on_order : 0,
    );
    if (need > 0) suggested = Math.max(moq, Math.ceil(need / moq) * moq);
    if (suggested === 0 && !opts.all) continue;
    out.push({
      skuId: r.id, skuCode: r.code, productName: r.name, sold30: r.sold, velocityPerDay: Math.round(velocity * 100) / 100,
      available: r.available, onOrder: r.on_order, safetyStock: r.safety, leadTimeDays: lead, reorderPoint, belowSafety: r.below, shortfall: r.shortfall, suggestedQty: suggested,
      supplierId: r.supplier_id, supplierName: r.supplier_name, unitCost: r.cost == null ? null : Number(r.cost), moq,
    });
  }
  return out;
}

/** One draft purchase order per supplier from chosen suggestion lines, all in one transaction. */
export async function purchaseOrdersFromSuggestions(db: Kysely<DB>, actor: Actor, input: { warehouseId: number; lines: { skuId: number; qty: number; supplierId: number }[] }) {
  const bySupplier = new Map<number, { skuId: number; qty: number }[]>();
  for (const l of input.lines) bySupplier.set(l.supplierId, [...(bySupplier.get(l.supplierId) ?? []), { skuId: l.skuId, qty: l.qty }]);
  const ids = input.lines.map((l) => l.skuId);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup !== undefined) throw badRequest('DUPLICATE_SKU', { skuId: dup });
  const poIds = await db.transaction().execute(async (trx) => {
    const created: number[] = [];
    for (const [supplierId, lines] of bySupplier) created.push(await insertPurchaseOrder(trx, actor, { supplierId, warehouseId: input.warehouseId, notes: '由补货建议生成', lines }));
    return created;
  });
  return Promise.all(poIds.map((id) => getPurchaseOrder(db, id)));
}
