import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { audit } from '../platform/audit';
import type { Actor } from '../auth/actor';
import { applyMovements, type Movement } from './stock';
import './tables';

/**
 * Set-based stock writes for imports (opening stock) and the ERP sync API (absolute stock
 * levels), issue 19. A level is set to a number: the difference from what is on hand becomes one
 * ledger row through applyMovements (locked in order, never below what is reserved), and a level
 * already at that number writes nothing.
 */
type Q = Kysely<DB> | Transaction<DB>;
export type Outcome = 'created' | 'updated' | 'unchanged';

/** Warehouse code (lower case) → id, active or not. */
export async function warehouseIds(db: Q): Promise<Map<string, { id: number; active: boolean }>> {
  return new Map((await db.selectFrom('warehouses').select(['id', 'code', 'active']).execute()).map((w) => [w.code.toLowerCase(), { id: w.id, active: w.active }]));
}

/** Creates the warehouses named by code that do not exist yet (name given). */
export async function ensureWarehouses(trx: Transaction<DB>, actor: Actor, rows: { code: string; name: string }[]) {
  const have = await warehouseIds(trx);
  const missing = [...new Map(rows.filter((r) => !have.has(r.code.toLowerCase())).map((r) => [r.code.toLowerCase(), r])).values()];
  if (missing.length) {
    await sql`insert into warehouses (code, name) select * from unnest(${missing.map((m) => m.code)}::text[], ${missing.map((m) => m.name)}::text[]) on conflict do nothing`.execute(trx);
    await audit(trx, actor, { action: 'warehouse.import', entityType: 'warehouse', entityId: null, after: { created: missing.map((m) => m.code) } });
  }
  return warehouseIds(trx);
}

/** On hand of the given (SKU, warehouse) pairs; missing pairs are absent from the map. */
export async function levelsOf(db: Q, pairs: { skuId: number; warehouseId: number }[]) {
  if (!pairs.length) return new Map<string, { onHand: number; reserved: number; safety: number }>();
  const r = await sql<{ sku_id: number; warehouse_id: number; on_hand: number; reserved: number; safety_stock: number }>`
    select sl.sku_id, sl.warehouse_id, sl.on_hand, sl.reserved, sl.safety_stock from stock_levels sl
    join unnest(${pairs.map((p) => p.skuId)}::bigint[], ${pairs.map((p) => p.warehouseId)}::bigint[]) as v(s, w) on sl.sku_id = v.s and sl.warehouse_id = v.w`.execute(db);
  return new Map(r.rows.map((x) => [`${x.sku_id}:${x.warehouse_id}`, { onHand: Number(x.on_hand), reserved: Number(x.reserved), safety: Number(x.safety_stock) }]));
}

/**
 * Sets on hand (and safety stock where given) of each (SKU, warehouse) to the given numbers.
 * Pairs whose on hand is below what is reserved after the change are refused by applyMovements
 * (409 STOCK_BELOW_RESERVED, nothing written). Returns each pair's outcome, keyed "sku:warehouse".
 */
export async function setStockLevels(trx: Transaction<DB>, actor: Actor | null, rows: { skuId: number; warehouseId: number; onHand: number; safetyStock?: number | null }[], reason: string, documentType = 'opening') {
  const before = await levelsOf(trx, rows);
  const outcome = new Map<string, Outcome>();
  const movements: Movement[] = [];
  for (const r of rows) {
    const k = `${r.skuId}:${r.warehouseId}`;
    const b = before.get(k);
    const delta = r.onHand - (b?.onHand ?? 0);
    if (delta !== 0) movements.push({ skuId: r.skuId, warehouseId: r.warehouseId, type: 'adjustment', qty: delta, documentType, reason });
    outcome.set(k, delta !== 0 ? (b ? 'updated' : 'created') : 'unchanged');
  }
  for (let i = 0; i < movements.length; i += 2000) await applyMovements(trx, actor, movements.slice(i, i + 2000), documentType);
  const safety = rows.filter((r) => r.safetyStock != null && (before.get(`${r.skuId}:${r.warehouseId}`)?.safety ?? 0) !== r.safetyStock);
  if (safety.length) {
    await sql`insert into stock_levels (sku_id, warehouse_id, safety_stock)
      select * from unnest(${safety.map((r) => r.skuId)}::bigint[], ${safety.map((r) => r.warehouseId)}::bigint[], ${safety.map((r) => r.safetyStock!)}::int[])
      on conflict (sku_id, warehouse_id) do update set safety_stock = excluded.safety_stock, updated_at = now()`.execute(trx);
    for (const r of safety) {
      const k = `${r.skuId}:${r.warehouseId}`;
      if (outcome.get(k) === 'unchanged') outcome.set(k, before.has(k) ? 'updated' : 'created');
    }
  }
  return outcome;
}

/** Every stock level with its SKU and warehouse codes (the opening-stock template's export). */
export async function stockRowsForExport(db: Q, skuCodes?: string[]) {
  return sql<{ warehouse_code: string; warehouse_name: string; sku_code: string; on_hand: number; safety_stock: number }>`
    select w.code as warehouse_code, w.name as warehouse_name, s.code as sku_code, sl.on_hand, sl.safety_stock
    from stock_levels sl join warehouses w on w.id = sl.warehouse_id join skus s on s.id = sl.sku_id
    ${skuCodes ? sql`where lower(s.code) = any(${skuCodes}::text[])` : sql``}
    order by w.code, s.code`.execute(db).then((r) => r.rows);
}
