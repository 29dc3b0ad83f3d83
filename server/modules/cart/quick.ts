import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { dbRefusal } from '../../lib/errors';
import { registerMessages, t, type Locale } from '../../lib/i18n';
import { priceDataOf, resolvePrices, resolveWith, visibleProductSql, type PriceDataRow } from '../pricing';
import { MAX_QTY } from '../inventory/stock';
import { LEVEL_LABELS, stockViews, stockViewsFrom, type CustomerDisplaySettings, type StockLevel, type StockOfRow } from '../inventory/customer-stock';
import type { PresaleView } from '../inventory';
import { lineQuantity, quantityLang } from '../../lib/quantity';
import { assessLines, factsOf, skuFacts, skuTotals, type PricedLine, type SkuFactsRow, type Totals } from '../orders/orderable';
import { audienceOf, lineInput, MAX_CART_LINES, viewPriced, type CartOwner, type StoredLine } from './cart';
import { fold, parseQty, type RawRow } from './parse';

/**
 * Adding many lines at once: quick order (codes + quantities typed, pasted or uploaded),
 * reorder of a past order, ordering from a template. Every row is either added or reported
 * with the reason and what to do. Quick order refuses rows that would leave a problem (below
 * MOQ, not a multiple, short of stock — unless the SKU is on pre-order / backorder, when the row
 * is added and says so with its expected date) so the buyer fixes them in the grid; reorder and
 * templates skip only what cannot be ordered at all and let the cart show the rest.
 */
registerMessages({
  ROW_NO_CODE: { zh: '缺少商品编码', en: 'The product code is missing' },
  ROW_BAD_QTY: { zh: '数量“{qty}”无效：请填 1 到 10000000 的整数', en: 'Quantity "{qty}" is invalid: use a whole number from 1 to 10000000' },
  ROW_UNKNOWN_CODE: { zh: '商品编码或条码“{code}”不存在', en: 'No product has the code or barcode "{code}"' },
  ROW_HIDDEN: { zh: '商品“{code}”不对您开放订购', en: 'Product "{code}" is not available to you' },
  ROW_OFF_SHELF: { zh: '商品“{code}”已下架', en: 'Product "{code}" is off the shelf' },
  ROW_UNKNOWN_UNIT: { zh: '单位“{unit}”不可用，可选：{units}', en: 'Unit "{unit}" is not available; choose one of: {units}' },
  ROW_BELOW_MOQ: { zh: '起订量 {moq}{base}，合计 {total}{base}，请增加数量', en: 'Minimum order is {moq} {base}; the total is {total} {base}. Increase the quantity' },
  ROW_NOT_MULTIPLE: { zh: '须按 {multiple}{base} 的整数倍订购，合计 {total}{base}', en: 'Order in multiples of {multiple} {base}; the total is {total} {base}' },
  // in the unit the row orders in, with base units: "可订 1 箱 + 17 瓶（41 瓶），合计需要 2 箱（48 瓶）"
  ROW_SHORT: { zh: '库存不足：可订 {availableText}，合计需要 {totalText}', en: 'Not enough stock: {availableText} available, {totalText} needed' },
  // for customers when the supplier shows stock as levels (named when 紧张 / 缺货) or not at all: no number
  ROW_SHORT_LEVEL: { zh: '库存不足（库存状态：{level}），不够合计需要的 {totalText}，请减少数量', en: 'Not enough stock (stock: {level}) for the {totalText} needed; lower the quantity' },
  ROW_SHORT_NO_QTY: { zh: '库存不足，不够合计需要的 {totalText}，请减少数量', en: 'Not enough stock for the {totalText} needed; lower the quantity' },
  ROW_OUT_OF_STOCK: { zh: '商品“{code}”暂时缺货', en: 'Product "{code}" is out of stock' },
  ROW_TOO_LARGE: { zh: '数量过大：每种商品最多 {max}{base}', en: 'Quantity too large: at most {max} {base} per product' },
});

export interface Candidate {
  row: number;
  code?: string;
  skuId?: number;
  /** quantity in `unit` (text from a grid, or a number) */
  qty: string | number;
  unit?: string | null;
}

export interface RowResult {
  row: number;
  code: string;
  skuId: number | null;
  name: string | null;
  qty: string;
  unit: string | null;
  status: 'added' | 'rejected';
  reason: string | null;
  message: string | null;
  /** null unless the caller may see stock quantities */
  available: number | null;
  stockLevel: StockLevel | null;
  /** the SKU is on pre-order / backorder: the row is accepted beyond stock and the rest waits (expected date when known) */
  presale: PresaleView | null;
}

export type AddMode = 'quick' | 'reorder';

export const fromRaw = (rows: RawRow[]): Candidate[] => rows.map((r) => ({ row: r.row, code: r.code, qty: r.qty, unit: r.unit || null }));

/** What cart_add_rows decided about one row (see its migration). */
interface RowDecision {
  i: number;
  skuId: number | null;
  unit: string | null;
  factor: number | null;
  total: number | null;
  moq: number | null;
  multiple: number | null;
  reason: string | null;
}
interface AddRowsResult {
  rows: RowDecision[];
  cartId: number | null;
  lines: StoredLine[];
  facts: SkuFactsRow[];
  prices: PriceDataRow[];
  stock: StockOfRow[];
  display: Partial<CustomerDisplaySettings> | null;
  presale: ({ skuId: number } & PresaleView)[];
}

/**
 * Adds rows to the owner's cart in one database call (cart_add_rows: every decision, the write,
 * and what the cart view is priced from) and words each row's outcome here. Returns the rows'
 * outcomes and the cart as GET /cart shows it.
 */
export async function addCandidates(db: Kysely<DB>, o: CartOwner, cands: Candidate[], mode: AddMode, locale: Locale) {
  const results: RowResult[] = [];
  const sent: { i: number; code?: string; skuId?: number; qty: number; unit: string | null }[] = [];
  for (const c of cands) {
    const qtyText = String(c.qty ?? '');
    const code = c.code ? fold(c.code) : '';
    const r: RowResult = { row: c.row, code, skuId: null, name: null, qty: qtyText, unit: c.unit ?? null, status: 'rejected', reason: null, message: null, available: null, stockLevel: null, presale: null };
    results.push(r);
    if (!code && c.skuId == null) {
      r.reason = 'ROW_NO_CODE';
      continue;
    }
    const parsed = typeof c.qty === 'number' ? (Number.isSafeInteger(c.qty) && c.qty > 0 ? { qty: c.qty, unit: null } : null) : parseQty(qtyText);
    if (!parsed) {
      r.reason = 'ROW_BAD_QTY';
      continue;
    }
    const unit = c.unit || parsed.unit;
    sent.push({ i: results.length - 1, ...(c.skuId != null ? { skuId: c.skuId } : { code: code.toLowerCase() }), qty: parsed.qty, unit: unit ? fold(unit) : null });
  }

  let res: AddRowsResult;
  try {
    const { rows } = await sql<{ r: AddRowsResult }>`select cart_add_rows(${JSON.stringify({
      companyId: o.companyId, userId: o.userId, mode, maxQty: MAX_QTY, maxLines: MAX_CART_LINES, rows: sent,
    })}::jsonb) as r`.execute(db);
    res = rows[0]!.r;
  } catch (e) {
    throw dbRefusal(e) ?? e;
  }

  const facts = factsOf(res.facts);
  const skuIds = [...facts.keys()];
  const presale = new Map(res.presale.map((p) => [p.skuId, { mode: p.mode, expectedDate: p.expectedDate }]));
  const stock = stockViewsFrom(res.display, res.stock, skuIds, audienceOf(o), presale);
  const wording = quantityLang(locale);
  for (const d of res.rows) {
    const r = results[d.i]!;
    // Quick order takes codes the buyer types: a hidden or off-shelf SKU answers exactly like an
    // unknown code (no id, name, stock or price), so codes cannot be probed (issue 22). A reorder
    // names why a line of the buyer's own past order is skipped.
    if (mode === 'quick' && (d.reason === 'ROW_HIDDEN' || d.reason === 'ROW_OFF_SHELF')) {
      r.reason = 'ROW_UNKNOWN_CODE';
      continue;
    }
    const f = d.skuId != null ? facts.get(d.skuId) : undefined;
    if (f) {
      r.skuId = f.skuId;
      r.code = f.code;
      if (d.reason !== 'ROW_HIDDEN') {
        r.name = f.name;
        r.available = stock.get(f.skuId).view.qty;
        r.stockLevel = stock.get(f.skuId).view.level;
        r.presale = presale.get(f.skuId) ?? null;
      }
    }
    if (f && d.reason !== 'ROW_HIDDEN' && d.reason !== 'ROW_OFF_SHELF' && d.reason !== 'ROW_UNKNOWN_UNIT') r.unit = d.unit;
    if (!d.reason) {
      r.status = 'added';
      continue;
    }
    r.reason = d.reason;
    if (!f) continue;
    const base = f.baseUnit;
    const total = d.total ?? 0;
    const as = (n: number) => lineQuantity(n, { unit: d.unit ?? base, unitFactor: d.factor ?? 1, baseUnit: base }, { lang: wording });
    const params: Record<string, string | number> = { base, total };
    if (d.reason === 'ROW_UNKNOWN_UNIT') Object.assign(params, { unit: d.unit ?? '', units: f.units.map((u) => u.unit).join(' / ') });
    else if (d.reason === 'ROW_TOO_LARGE') params.max = MAX_QTY;
    else if (d.reason === 'ROW_BELOW_MOQ') params.moq = d.moq ?? 1;
    else if (d.reason === 'ROW_NOT_MULTIPLE') params.multiple = d.multiple ?? 1;
    else if (d.reason === 'ROW_SHORT') {
      // the number only for those who may see it; a level is named when it explains the shortage
      const st = stock.get(f.skuId);
      if (stock.showQty) Object.assign(params, { available: st.available, availableText: as(st.available), totalText: as(total) });
      else {
        const level = r.stockLevel === 'plenty' ? null : r.stockLevel;
        Object.assign(params, { totalText: as(total) }, level ? { level: LEVEL_LABELS[level][wording] } : {});
        r.message = t(level ? 'ROW_SHORT_LEVEL' : 'ROW_SHORT_NO_QTY', locale, { code: r.code, ...params });
        continue;
      }
    }
    r.message = t(d.reason, locale, { code: r.code, ...params });
  }
  for (const r of results) if (r.reason && !r.message) r.message = t(r.reason, locale, { code: r.code, qty: r.qty });

  // the cart after the add, priced from what the same call returned
  const lines = res.lines.map(lineInput);
  const prices = resolveWith(priceDataOf(res.prices, o.companyId), [...skuTotals(lines)].map(([skuId, qty]) => ({ skuId, qty })));
  const cart = { cartId: res.cartId, companyId: o.companyId, onBehalf: o.onBehalf, ...viewPriced(assessLines(lines, facts, prices, stock, locale) as { lines: PricedLine[]; totals: Totals; ok: boolean }) };
  const added = results.filter((r) => r.status === 'added').length;
  return { added, rejected: results.length - added, rows: results, cart };
}

/** Code / name lookup for the quick-order grid's autocomplete: visible, on-shelf SKUs only. */
export async function lookupSkus(db: Kysely<DB>, o: CartOwner, q: string, limit = 10) {
  const term = fold(q);
  if (!term) return [];
  const esc = term.replace(/[\\%_]/g, (m) => `\\${m}`);
  const rows = await db
    .selectFrom('skus as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id'])
    .where('s.active', '=', true)
    .where('p.on_shelf', '=', true)
    .where((eb) => eb.or([
      eb(sql<string>`lower(s.code)`, 'like', `${esc.toLowerCase()}%`),
      eb('s.barcode', '=', term),
      eb('p.name', 'ilike', `%${esc}%`),
    ]))
    .where(visibleProductSql(o.companyId, sql.ref('p.id')))
    .orderBy(sql`lower(s.code) like ${`${esc.toLowerCase()}%`}`, 'desc')
    .orderBy('s.code')
    .limit(limit)
    .execute();
  const ids = rows.map((r) => Number(r.id));
  const [facts, stock, prices] = [await skuFacts(db, ids), await stockViews(db, ids, audienceOf(o)), await resolvePrices(db, o.companyId, ids.map((skuId) => ({ skuId, qty: 1 })))];
  return ids.map((id) => {
    const f = facts.get(id)!;
    const p = prices.get(id);
    return {
      skuId: id, code: f.code, name: f.name, specText: f.specText, baseUnit: f.baseUnit, units: f.units, image: f.image,
      unitPrice: p?.unitPrice ?? 0, moq: p?.moq ?? 1, orderMultiple: p?.orderMultiple ?? 1,
      available: stock.get(id).view.qty, stockLevel: stock.get(id).view.level, presale: stock.get(id).view.presale ?? null,
    };
  });
}
