import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { registerMessages, t, type Locale } from '../../lib/i18n';
import { resolvePrices, visibleProductSql } from '../pricing';
import { MAX_QTY } from '../inventory/stock';
import { LEVEL_LABELS, stockViews, type StockLevel } from '../inventory/customer-stock';
import { lineQuantity, quantityLang } from '../../lib/quantity';
import { skuFacts } from '../orders/orderable';
import { audienceOf, ensureCart, findCart, storedLines, upsertLines, type CartOwner } from './cart';
import { fold, parseQty, type RawRow } from './parse';

/**
 * Adding many lines at once: quick order (codes + quantities typed, pasted or uploaded),
 * reorder of a past order, ordering from a template. Every row is either added or reported
 * with the reason and what to do. Quick order refuses rows that would leave a problem (below
 * MOQ, not a multiple, short of stock) so the buyer fixes them in the grid; reorder and
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
}

export type AddMode = 'quick' | 'reorder';

export const fromRaw = (rows: RawRow[]): Candidate[] => rows.map((r) => ({ row: r.row, code: r.code, qty: r.qty, unit: r.unit || null }));

export async function addCandidates(db: Kysely<DB>, o: CartOwner, cands: Candidate[], mode: AddMode, locale: Locale) {
  // 1. who is each row: by code (case-insensitive, full-width folded) or by id
  const codes = [...new Set(cands.filter((c) => c.skuId == null && c.code).map((c) => fold(c.code!).toLowerCase()))];
  const byCode = new Map<string, number>();
  if (codes.length) {
    // a SKU code, or a barcode (条码) as the search box takes it; a code wins over another SKU's barcode
    const found = await db.selectFrom('skus').select(['id', sql<string>`lower(code)`.as('lc'), 'barcode'])
      .where((eb) => eb.or([eb(sql<string>`lower(code)`, 'in', codes), eb('barcode', 'in', codes)]))
      .orderBy('id')
      .execute();
    for (const f of found) if (f.barcode && codes.includes(f.barcode) && !byCode.has(f.barcode)) byCode.set(f.barcode, Number(f.id));
    for (const f of found) if (codes.includes(f.lc)) byCode.set(f.lc, Number(f.id));
  }
  const idOf = (c: Candidate) => c.skuId ?? (c.code ? byCode.get(fold(c.code).toLowerCase()) : undefined);
  const ids = [...new Set(cands.map(idOf).filter((x): x is number => x != null))];
  const cartId = await findCart(db, o);
  const [facts, stock, existing] = [
    await skuFacts(db, ids, o.companyId), await stockViews(db, ids, audienceOf(o)), cartId ? await storedLines(db, cartId) : [],
  ];

  const results: RowResult[] = [];
  const accepted: { c: Candidate; skuId: number; unit: string; factor: number; qty: number; result: RowResult; available: number }[] = [];
  for (const c of cands) {
    const qtyText = String(c.qty ?? '');
    const code = c.code ? fold(c.code) : '';
    const r: RowResult = { row: c.row, code, skuId: null, name: null, qty: qtyText, unit: c.unit ?? null, status: 'rejected', reason: null, message: null, available: null, stockLevel: null };
    results.push(r);
    const reject = (reason: string, params: Record<string, string | number> = {}) => {
      r.reason = reason;
      r.message = t(reason, locale, { code: r.code, ...params });
    };
    if (!code && c.skuId == null) {
      reject('ROW_NO_CODE');
      continue;
    }
    const parsed = typeof c.qty === 'number' ? (Number.isSafeInteger(c.qty) && c.qty > 0 ? { qty: c.qty, unit: null } : null) : parseQty(qtyText);
    if (!parsed) {
      reject('ROW_BAD_QTY', { qty: qtyText });
      continue;
    }
    const skuId = idOf(c);
    const f = skuId != null ? facts.get(skuId) : undefined;
    if (skuId == null || !f) {
      reject('ROW_UNKNOWN_CODE');
      continue;
    }
    r.skuId = skuId;
    r.code = f.code;
    if (!f.visible) {
      reject('ROW_HIDDEN');
      continue;
    }
    r.name = f.name;
    const st = stock.get(skuId);
    r.available = st.view.qty;
    r.stockLevel = st.view.level;
    if (!f.onShelf) {
      reject('ROW_OFF_SHELF');
      continue;
    }
    const unitName = fold(c.unit || parsed.unit || f.baseUnit);
    const unit = f.units.find((u) => u.unit === unitName);
    if (!unit) {
      reject('ROW_UNKNOWN_UNIT', { unit: unitName, units: f.units.map((u) => u.unit).join(' / ') });
      continue;
    }
    r.unit = unit.unit;
    const qty = parsed.qty * unit.factor;
    if (qty > MAX_QTY) {
      reject('ROW_TOO_LARGE', { max: MAX_QTY, base: f.baseUnit });
      continue;
    }
    if (mode === 'reorder' && st.available <= 0) {
      reject('ROW_OUT_OF_STOCK');
      continue;
    }
    accepted.push({ c, skuId, unit: unit.unit, factor: unit.factor, qty, result: r, available: st.available });
  }

  // 2. per-SKU checks on what the cart would hold: cart + every accepted row of the SKU
  const totals = new Map<number, number>();
  for (const l of existing) totals.set(l.skuId, (totals.get(l.skuId) ?? 0) + l.qty);
  for (const a of accepted) totals.set(a.skuId, (totals.get(a.skuId) ?? 0) + a.qty);
  const prices = await resolvePrices(db, o.companyId, [...totals].filter(([id]) => accepted.some((a) => a.skuId === id)).map(([skuId, qty]) => ({ skuId, qty })));
  const keep = accepted.filter((a) => {
    const total = totals.get(a.skuId)!;
    const base = facts.get(a.skuId)!.baseUnit;
    const p = prices.get(a.skuId);
    const r = a.result;
    // `wording` picks another message for the same reason (ROW_SHORT without the number for customers)
    const reject = (reason: string, params: Record<string, string | number>, wording = reason) => {
      r.reason = reason;
      r.message = t(wording, locale, { code: r.code, base, total, ...params });
      return false;
    };
    if (total > MAX_QTY) return reject('ROW_TOO_LARGE', { max: MAX_QTY });
    if (mode === 'quick' && p) {
      if (total < p.moq) return reject('ROW_BELOW_MOQ', { moq: p.moq });
      if (total % p.orderMultiple !== 0) return reject('ROW_NOT_MULTIPLE', { multiple: p.orderMultiple });
      if (total > a.available) {
        const as = (n: number) => lineQuantity(n, { unit: a.unit, unitFactor: a.factor, baseUnit: base }, { lang: quantityLang(locale) });
        if (stock.showQty) return reject('ROW_SHORT', { available: a.available, availableText: as(a.available), totalText: as(total) });
        const level = r.stockLevel === 'plenty' ? null : r.stockLevel;
        return level
          ? reject('ROW_SHORT', { totalText: as(total), level: LEVEL_LABELS[level][quantityLang(locale)] }, 'ROW_SHORT_LEVEL')
          : reject('ROW_SHORT', { totalText: as(total) }, 'ROW_SHORT_NO_QTY');
      }
    }
    return true;
  });

  if (keep.length) {
    await db.transaction().execute(async (trx) => {
      const id = await ensureCart(trx, o);
      await upsertLines(trx, id, keep.map((a) => ({ skuId: a.skuId, unit: a.unit, unitFactor: a.factor, qty: a.qty })));
    });
    for (const a of keep) a.result.status = 'added';
  }
  return { added: keep.length, rejected: results.length - keep.length, rows: results };
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
      available: stock.get(id).view.qty, stockLevel: stock.get(id).view.level,
    };
  });
}
