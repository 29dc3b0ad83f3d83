import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { getSetting, setSetting } from '../platform/settings';
import { ALLOW_SPLIT_SETTING } from './reservations';

type Q = Kysely<DB> | Transaction<DB>;

/** How customers see stock: the exact quantity, a level (充足/紧张/缺货), or nothing. */
export type DisplayMode = 'exact' | 'levels' | 'hidden';
export type StockLevel = 'plenty' | 'low' | 'out';
export interface CustomerDisplaySettings {
  mode: DisplayMode;
  /** 紧张 below this available quantity (or below the SKU's total 安全库存 when that is higher). */
  lowBelow: number;
}
export const CUSTOMER_DISPLAY_SETTING = 'inventory.customerDisplay';
export const DEFAULT_DISPLAY: CustomerDisplaySettings = { mode: 'levels', lowBelow: 20 };
export const LEVEL_LABELS: Record<StockLevel, { zh: string; en: string }> = {
  plenty: { zh: '充足', en: 'In stock' },
  low: { zh: '紧张', en: 'Limited' },
  out: { zh: '缺货', en: 'Out of stock' },
};

export interface CustomerStock {
  skuId: number;
  mode: DisplayMode;
  /** exact mode only */
  quantity: number | null;
  /** exact and levels modes */
  level: StockLevel | null;
  label: string | null;
}

export async function getDisplaySettings(db: Q): Promise<CustomerDisplaySettings> {
  return { ...DEFAULT_DISPLAY, ...(await getSetting<Partial<CustomerDisplaySettings>>(db, CUSTOMER_DISPLAY_SETTING, {})) };
}

export interface InventorySettings {
  customerDisplay: CustomerDisplaySettings;
  allowSplit: boolean;
}
export async function getInventorySettings(db: Q): Promise<InventorySettings> {
  return { customerDisplay: await getDisplaySettings(db), allowSplit: await getSetting<boolean>(db, ALLOW_SPLIT_SETTING, false) };
}
export async function putInventorySettings(db: Q, patch: { customerDisplay?: Partial<CustomerDisplaySettings>; allowSplit?: boolean }): Promise<InventorySettings> {
  if (patch.customerDisplay) await setSetting(db, CUSTOMER_DISPLAY_SETTING, { ...(await getDisplaySettings(db)), ...patch.customerDisplay });
  if (patch.allowSplit !== undefined) await setSetting(db, ALLOW_SPLIT_SETTING, patch.allowSplit);
  return getInventorySettings(db);
}

/** What a customer is shown for one SKU, from its availability and total safety stock. */
export function displayFor(s: CustomerDisplaySettings, skuId: number, available: number, safety: number, locale: 'zh' | 'en' = 'zh'): CustomerStock {
  if (s.mode === 'hidden') return { skuId, mode: 'hidden', quantity: null, level: null, label: null };
  const level: StockLevel = available <= 0 ? 'out' : available < Math.max(s.lowBelow, safety) ? 'low' : 'plenty';
  return { skuId, mode: s.mode, quantity: s.mode === 'exact' ? Math.max(0, available) : null, level, label: LEVEL_LABELS[level][locale] };
}

/**
 * Stock as customers may see it, per SKU, following the supplier's setting. The one function
 * catalog, cart and portal pages call; never exposes a quantity unless the mode is exact.
 */
export async function stockForCustomers(db: Q, skuIds: number[], locale: 'zh' | 'en' = 'zh'): Promise<CustomerStock[]> {
  const ids = [...new Set(skuIds)];
  if (ids.length === 0) return [];
  const settings = await getDisplaySettings(db);
  const rows = await db
    .selectFrom('stock_levels as s')
    .innerJoin('warehouses as w', (j) => j.onRef('w.id', '=', 's.warehouse_id').on('w.active', '=', true))
    .select(['s.sku_id', sql<number>`sum(s.on_hand - s.reserved)::int`.as('available'), sql<number>`sum(s.safety_stock)::int`.as('safety')])
    .where('s.sku_id', 'in', ids)
    .groupBy('s.sku_id')
    .execute();
  const by = new Map(rows.map((r) => [r.sku_id, r]));
  return ids.map((id) => displayFor(settings, id, by.get(id)?.available ?? 0, by.get(id)?.safety ?? 0, locale));
}
