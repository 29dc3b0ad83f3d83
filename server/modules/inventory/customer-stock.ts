import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { t, type Locale } from '../../lib/i18n';
import { formatQuantity, quantityLang, type OrderedUnit } from '../../lib/quantity';
import { getSetting, setSetting } from '../platform/settings';
import { ALLOW_SPLIT_SETTING } from './reservations';
import { presaleOf, type PresaleView } from './presale';

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

/** Available and total safety stock of SKUs in active warehouses (absent SKUs: 0 and 0), through inventory_stock_of. */
async function availability(db: Q, ids: number[]): Promise<Map<number, { available: number; safety: number }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<StockOfRow>`select * from inventory_stock_of(${ids}::bigint[])`.execute(db);
  return availabilityOf(ids, rows);
}

/** One row of inventory_stock_of. */
export interface StockOfRow { sku_id: number; available: number; safety: number }
function availabilityOf(ids: number[], rows: StockOfRow[]): Map<number, { available: number; safety: number }> {
  const out = new Map(ids.map((id) => [id, { available: 0, safety: 0 }]));
  for (const r of rows) out.set(Number(r.sku_id), { available: Number(r.available), safety: Number(r.safety) });
  return out;
}

/**
 * Stock as customers may see it, per SKU, following the supplier's setting. The one function
 * catalog, cart and portal pages call; never exposes a quantity unless the mode is exact.
 */
export async function stockForCustomers(db: Q, skuIds: number[], locale: 'zh' | 'en' = 'zh'): Promise<CustomerStock[]> {
  const ids = [...new Set(skuIds)];
  if (ids.length === 0) return [];
  const [settings, by] = [await getDisplaySettings(db), await availability(db, ids)];
  return ids.map((id) => displayFor(settings, id, by.get(id)!.available, by.get(id)!.safety, locale));
}

/**
 * Who looks at a response: a customer sees what the display setting allows; staff (also when
 * ordering on behalf of a customer) always see the exact number.
 */
export type StockAudience = 'customer' | 'staff';
/** The stock part of any response: `qty` is null unless the audience may see the number; `level` null when hidden. */
export interface StockView {
  level: StockLevel | null;
  qty: number | null;
  /** the SKU may be ordered beyond stock (backorder) or before it arrives (pre-order): lines then wait instead of being short */
  presale?: PresaleView | null;
}
export interface SkuStock {
  /** exact availability (≥ 0), for the server's own checks — never copy it into a customer response; use `view` */
  available: number;
  view: StockView;
}
export interface StockViews {
  /** whether this audience may be told quantities (messages like LINE_SHORT pick their wording by it) */
  showQty: boolean;
  get(skuId: number): SkuStock;
}

/**
 * The one gate between stock numbers and responses: every customer-facing API (product page,
 * cart lines, quick order, reorder, 常买清单) takes its stock fields and stock-related message
 * wording from here.
 */
export async function stockViews(db: Q, skuIds: number[], audience: StockAudience): Promise<StockViews> {
  const ids = [...new Set(skuIds)];
  const [settings, by, presale] = [await getDisplaySettings(db), await availability(db, ids), await presaleOf(db, ids)];
  return viewsOf(settings, by, ids, audience, presale);
}

/**
 * stockViews over data a caller loaded itself (the cart's one-call quick order): the display
 * setting's stored value (null when unset) and inventory_stock_of's rows.
 */
export function stockViewsFrom(
  stored: Partial<CustomerDisplaySettings> | null, rows: StockOfRow[], skuIds: number[], audience: StockAudience, presale: Map<number, PresaleView> = new Map(),
): StockViews {
  const ids = [...new Set(skuIds)];
  return viewsOf({ ...DEFAULT_DISPLAY, ...(stored ?? {}) }, availabilityOf(ids, rows), ids, audience, presale);
}

function viewsOf(
  settings: CustomerDisplaySettings, by: Map<number, { available: number; safety: number }>, ids: number[], audience: StockAudience, presale: Map<number, PresaleView>,
): StockViews {
  const mode: DisplayMode = audience === 'staff' ? 'exact' : settings.mode;
  const views = new Map<number, SkuStock>();
  for (const id of ids) {
    const a = by.get(id)!;
    const d = displayFor({ ...settings, mode }, id, a.available, a.safety);
    views.set(id, { available: Math.max(0, a.available), view: { level: d.level, qty: d.quantity, presale: presale.get(id) ?? null } });
  }
  return {
    showQty: mode === 'exact',
    get: (id) => views.get(id) ?? { available: 0, view: { level: mode === 'hidden' ? null : 'out', qty: mode === 'exact' ? 0 : null } },
  };
}

/** A product's stock as a subquery to join laterally (columns `available`, `safety`): a page query takes it in its own statement. */
export const productStockSql = (productIdRef: string) => sql`(select coalesce(sum(greatest(s.on_hand - s.reserved, 0)), 0)::int as available, coalesce(sum(s.safety_stock), 0)::int as safety
  from skus k join stock_levels s on s.sku_id = k.id join warehouses w on w.id = s.warehouse_id and w.active
  where k.product_id = ${sql.ref(productIdRef)} and k.active)`;
/** The customers' stock display setting as stored (null when unset), for productStockViewsFrom. */
export const stockDisplaySql = sql`(select value from settings where key = ${CUSTOMER_DISPLAY_SETTING})`;
export interface ProductStockRow { id: number | string; available: number | string; safety: number | string }

/**
 * Stock of whole products (their active SKUs summed, in the product's base unit) as the audience
 * may see it, for catalog cards: the same setting and levels as stockViews, read by the caller's
 * own page statement (productStockSql joined laterally, stockDisplaySql) — no statement of its own.
 */
export function productStockViewsFrom(stored: Partial<CustomerDisplaySettings> | null, rows: ProductStockRow[], audience: StockAudience): Map<number, StockView> {
  const settings = { ...DEFAULT_DISPLAY, ...(stored ?? {}) };
  const mode: DisplayMode = audience === 'staff' ? 'exact' : settings.mode;
  const out = new Map<number, StockView>();
  for (const r of rows) {
    const id = Number(r.id);
    const d = displayFor({ ...settings, mode }, id, Number(r.available), Number(r.safety));
    out.set(id, { level: d.level, qty: d.quantity });
  }
  return out;
}

/**
 * INSUFFICIENT_STOCK worded in units: the quantity asked for as the buyer ordered it and in base
 * units, the quantity available in base units ("需要 2 箱（48 瓶），可用 30 瓶", server/lib/quantity);
 * for a customer who may not see stock numbers, without the available quantity.
 */
class Shortage extends AppError {
  constructor(e: AppError, private readonly ordered: OrderedUnit | null, private readonly baseUnit: string | null, private readonly hideAvailable: boolean) {
    super(e.code, e.status, e.params, e.details);
  }
  override render(locale: Locale) {
    const lang = quantityLang(locale);
    const p = { ...this.params };
    if (this.baseUnit != null) {
      if (typeof p.requested === 'number') p.requested = formatQuantity(p.requested, this.ordered, this.baseUnit, { lang });
      if (typeof p.available === 'number') p.available = formatQuantity(p.available, null, this.baseUnit, { lang });
    }
    const message = this.hideAvailable ? t('INSUFFICIENT_STOCK_NO_QTY', locale, p) : t(this.code, locale, p);
    return { error: { code: this.code, message, details: this.details ?? null } };
  }
}

/**
 * reserve() names the available quantity of every short SKU (staff need it) in base units. Words it
 * in units: `units` gives the selling unit each SKU was ordered in (absent: base units). For a
 * customer under the levels or hidden setting, leaves out the available numbers (message and
 * details); anything but a shortage is returned as it is. `db` must not be the failed transaction.
 */
export async function shortageFor(db: Q, e: unknown, audience: StockAudience, units: ReadonlyMap<number, OrderedUnit> = new Map()): Promise<unknown> {
  if (!(e instanceof AppError) || e.code !== 'INSUFFICIENT_STOCK') return e;
  const short = (Array.isArray(e.details) ? (e.details as Record<string, unknown>[]) : []).find((d) => d.code === e.params.code);
  const skuId = typeof short?.skuId === 'number' ? short.skuId : null;
  const sku = skuId == null ? undefined : await db.selectFrom('skus as k').innerJoin('products as p', 'p.id', 'k.product_id').select('p.base_unit').where('k.id', '=', skuId).executeTakeFirst();
  const ordered = skuId == null ? null : units.get(skuId) ?? null;
  const hide = audience !== 'staff' && (await getDisplaySettings(db)).mode !== 'exact';
  if (!hide) return new Shortage(e, ordered, sku?.base_unit ?? null, false);
  const { available: _a, ...params } = e.params;
  const details = Array.isArray(e.details) ? e.details.map((d: Record<string, unknown>) => {
    const { available: _x, ...rest } = d;
    return rest;
  }) : e.details;
  return new Shortage(new AppError(e.code, e.status, params, details), ordered, sku?.base_unit ?? null, true);
}
