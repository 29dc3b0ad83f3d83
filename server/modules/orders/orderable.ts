import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { lineTotal, sumFen } from '../../lib/money';
import { registerMessages, t, type Locale } from '../../lib/i18n';
import { resolvePrices, visibleProductSql, type ResolvedPrice } from '../pricing';
import { LEVEL_LABELS, stockViews, type StockAudience, type StockView, type StockViews } from '../inventory/customer-stock';
import { lineQuantity, quantityLang } from '../../lib/quantity';
import { imagesOf, imageView } from '../catalog/images';
import '../catalog/tables';

/**
 * What makes a set of lines orderable for a customer, in one place: the cart shows these
 * problems live and order submission refuses while any is left. Quantities are base units;
 * MOQ and order multiple (the SKU's own or a price list's override) are base units too.
 */
type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  LINE_HIDDEN: { zh: '该商品已不对您开放订购，请删除此行', en: 'This product is no longer available to you; remove the line' },
  LINE_OFF_SHELF: { zh: '该商品已下架，请删除此行', en: 'This product is off the shelf; remove the line' },
  LINE_BELOW_MOQ: { zh: '起订量 {moq}{unit}，当前 {qty}{unit}，请增加数量', en: 'Minimum order is {moq} {unit}; you have {qty} {unit}. Increase the quantity' },
  LINE_NOT_MULTIPLE: { zh: '须按 {multiple}{unit} 的整数倍订购，当前 {qty}{unit}', en: 'Order in multiples of {multiple} {unit}; you have {qty} {unit}' },
  // quantities in the unit the line is ordered in, with base units: "可订 1 箱 + 17 瓶（41 瓶），您订购 2 箱（48 瓶）"
  LINE_SHORT: { zh: '库存不足：可订 {availableText}，您订购 {qtyText}', en: 'Not enough stock: {availableText} available, you ordered {qtyText}' },
  // what a customer reads when the supplier shows stock as levels (the level, no number) or not at all
  LINE_SHORT_LEVEL: { zh: '库存不足（库存状态：{level}），不够您订购的 {qtyText}，请减少数量或删除此行', en: 'Not enough stock (stock: {level}) for the {qtyText} you ordered; lower the quantity or remove the line' },
  LINE_SHORT_NO_QTY: { zh: '库存不足，不够您订购的 {qtyText}，请减少数量或删除此行', en: 'Not enough stock for the {qtyText} you ordered; lower the quantity or remove the line' },
});

export type ProblemCode = 'LINE_HIDDEN' | 'LINE_OFF_SHELF' | 'LINE_BELOW_MOQ' | 'LINE_NOT_MULTIPLE' | 'LINE_SHORT';
export interface LineProblem {
  code: ProblemCode;
  message: string;
  params: Record<string, string | number>;
}

export interface LineInput {
  /** the cart line id (or row number) the caller wants problems reported against */
  ref: number;
  skuId: number;
  unit: string;
  unitFactor: number;
  /** base units */
  qty: number;
}

export interface SkuFacts {
  skuId: number;
  productId: number;
  code: string;
  name: string;
  specText: string;
  baseUnit: string;
  image: string | null;
  onShelf: boolean;
  /** whether the company asked about may see (and order) it; true when no company was given */
  visible: boolean;
  units: { unit: string; factor: number }[];
}

/**
 * `A` is number when stock was looked at, null when the caller skipped it (see priceLines).
 * `available` is exact, for checks; responses show `stock` (what the audience may see).
 */
export interface PricedLine<A extends number | null = number> extends LineInput {
  code: string;
  name: string;
  specText: string;
  baseUnit: string;
  image: string | null;
  units: { unit: string; factor: number }[];
  /** fen per base unit at the SKU's total quantity (quantity breaks count the whole SKU) */
  unitPrice: number;
  basePrice: number;
  lineTotal: number;
  price: ResolvedPrice | null;
  available: A;
  stock: A extends number ? StockView : null;
  moq: number;
  orderMultiple: number;
  problems: LineProblem[];
}

export interface Totals {
  lines: number;
  skus: number;
  qty: number;
  /** at base (list) prices */
  baseTotal: number;
  subtotal: number;
  /** baseTotal − subtotal: what the customer's prices save */
  savings: number;
  shippingFee: number;
  total: number;
}

/** The product's first picture as a thumbnail URL (the catalog stores image ids). */
function firstImage(images: unknown): string | null {
  const first = imagesOf(images)[0];
  return first ? imageView(first).thumbUrl : null;
}

/**
 * Catalog facts of SKUs (any state; the caller decides what hidden or off shelf means), with
 * pricing's visibility rule for `companyId` in the same query.
 */
export async function skuFacts(db: Db, skuIds: number[], companyId: number | null = null): Promise<Map<number, SkuFacts>> {
  const out = new Map<number, SkuFacts>();
  if (skuIds.length === 0) return out;
  const rows = await db
    .selectFrom('skus as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      's.id', 's.product_id', 's.code', 'p.name', 's.spec_text', 'p.base_unit', 'p.images',
      sql<boolean>`s.active and p.on_shelf`.as('on_shelf'),
      visibleProductSql(companyId, sql.ref('s.product_id')).as('visible'),
      sql<[string, number][] | null>`(select json_agg(json_build_array(u.unit, u.factor) order by u.factor, u.unit) from sku_units u where u.sku_id = s.id)`.as('units'),
    ])
    .where('s.id', 'in', [...new Set(skuIds)])
    .execute();
  return factsOf(rows);
}

/** One SKU's catalog row as skuFacts selects it (and the cart's one-call quick order returns it). */
export interface SkuFactsRow {
  id: number;
  product_id: number;
  code: string;
  name: string;
  spec_text: string;
  base_unit: string;
  images: unknown;
  on_shelf: boolean;
  visible: boolean | 0 | 1 | null;
  units: [string, number][] | null;
}

/** Rows of skuFacts' shape as facts: the base unit is always a selling unit (factor 1). */
export function factsOf(rows: SkuFactsRow[]): Map<number, SkuFacts> {
  const out = new Map<number, SkuFacts>();
  for (const r of rows) {
    const units = (r.units ?? []).map(([unit, factor]) => ({ unit, factor: Number(factor) }));
    if (!units.some((u) => u.unit === r.base_unit)) units.unshift({ unit: r.base_unit, factor: 1 });
    out.set(Number(r.id), {
      skuId: Number(r.id), productId: Number(r.product_id), code: r.code, name: r.name, specText: r.spec_text, baseUnit: r.base_unit,
      image: firstImage(r.images), onShelf: r.on_shelf, visible: !!r.visible, units,
    });
  }
  return out;
}

/**
 * Prices lines at today's customer prices and lists each line's problems. Per-SKU checks
 * (MOQ, multiple, stock) use the SKU's total over lines in different units. Lines of SKUs that
 * no longer exist are dropped (a deleted SKU cascades out of carts anyway).
 */
export function priceLines(db: Db, companyId: number, lines: LineInput[], locale?: Locale, opts?: { audience: StockAudience }): Promise<{ lines: PricedLine[]; totals: Totals; ok: boolean }>;
/** Without stock: order submission, where reserve() decides under row locks. */
export function priceLines(db: Db, companyId: number, lines: LineInput[], locale: Locale, opts: { stock: false }): Promise<{ lines: PricedLine<null>[]; totals: Totals; ok: boolean }>;
export async function priceLines(
  db: Db, companyId: number, lines: LineInput[], locale: Locale = 'zh-CN', opts: { stock?: false; audience?: StockAudience } = {},
): Promise<{ lines: PricedLine<number | null>[]; totals: Totals; ok: boolean }> {
  const skuIds = [...new Set(lines.map((l) => l.skuId))];
  const perSku = skuTotals(lines);
  const [facts, prices, stock] = [
    await skuFacts(db, skuIds, companyId),
    await resolvePrices(db, companyId, [...perSku].map(([skuId, qty]) => ({ skuId, qty }))),
    // customers by default: only staff callers say they may see exact numbers
    opts.stock === false ? null : await stockViews(db, skuIds, opts.audience ?? 'customer'),
  ];
  return assessLines(lines, facts, prices, stock, locale);
}

/** Base-unit quantity per SKU over lines (a SKU may be in the cart in several units). */
export function skuTotals(lines: LineInput[]): Map<number, number> {
  const perSku = new Map<number, number>();
  for (const l of lines) perSku.set(l.skuId, (perSku.get(l.skuId) ?? 0) + l.qty);
  return perSku;
}

/**
 * The pure part of priceLines, over facts, prices (at each SKU's total, see skuTotals) and stock
 * already loaded: the cart's one-call quick order loads them with its write and prices here.
 */
export function assessLines(
  lines: LineInput[], facts: Map<number, SkuFacts>, prices: Map<number, ResolvedPrice>, stock: StockViews | null, locale: Locale = 'zh-CN',
): { lines: PricedLine<number | null>[]; totals: Totals; ok: boolean } {
  const perSku = skuTotals(lines);
  const out: PricedLine<number | null>[] = [];
  for (const l of lines) {
    const f = facts.get(l.skuId);
    if (!f) continue;
    // A line whose SKU is now hidden or off the shelf shows no price (issue 22): it cannot be ordered.
    const price = f.visible && f.onShelf ? prices.get(l.skuId) ?? null : null;
    const total = perSku.get(l.skuId)!;
    const st = stock ? stock.get(l.skuId) : null;
    const available = st ? st.available : null;
    const moq = price?.moq ?? 1;
    const multiple = price?.orderMultiple ?? 1;
    const unitPrice = price?.unitPrice ?? 0;
    const problems: LineProblem[] = [];
    const add = (code: ProblemCode, params: Record<string, string | number>) => problems.push({ code, params, message: t(code, locale, params) });
    const u = f.baseUnit;
    if (!f.visible) add('LINE_HIDDEN', {});
    else if (!f.onShelf) add('LINE_OFF_SHELF', {});
    else {
      if (total < moq) add('LINE_BELOW_MOQ', { moq, qty: total, unit: u });
      if (total % multiple !== 0) add('LINE_NOT_MULTIPLE', { multiple, qty: total, unit: u });
      // a pre-order / backorder SKU is never short: what stock does not cover waits for it (inventory_reserve)
      if (available !== null && total > available && !st!.view.presale) {
        // same code either way; the number only for those who may see it (message and params), in the line's unit
        const lang = quantityLang(locale);
        const as = (n: number) => lineQuantity(n, { unit: l.unit, unitFactor: l.unitFactor, baseUnit: u }, { lang });
        // a level is named when it explains the shortage (紧张 / 缺货); "充足" beside "库存不足" would only confuse
        const level = st!.view.level === 'plenty' ? null : st!.view.level;
        if (stock!.showQty) add('LINE_SHORT', { available, qty: total, unit: u, availableText: as(available), qtyText: as(total) });
        else {
          const wording = level ? 'LINE_SHORT_LEVEL' : 'LINE_SHORT_NO_QTY';
          const params = { qty: total, unit: u, qtyText: as(total), ...(level ? { level: LEVEL_LABELS[level][lang] } : {}) };
          problems.push({ code: 'LINE_SHORT', params, message: t(wording, locale, params) });
        }
      }
    }
    out.push({
      ...l, code: f.code, name: f.name, specText: f.specText, baseUnit: f.baseUnit, image: f.image, units: f.units,
      unitPrice, basePrice: price?.basePrice ?? 0, lineTotal: lineTotal(unitPrice, l.qty), price, available, stock: st ? st.view : null, moq, orderMultiple: multiple, problems,
    } as PricedLine<number | null>);
  }
  const subtotal = sumFen(out.map((l) => l.lineTotal));
  const baseTotal = sumFen(out.map((l) => lineTotal(l.basePrice, l.qty)));
  const totals: Totals = {
    lines: out.length, skus: new Set(out.map((l) => l.skuId)).size, qty: out.reduce((a, l) => a + l.qty, 0),
    baseTotal, subtotal, savings: baseTotal - subtotal, shippingFee: 0, total: subtotal,
  };
  return { lines: out, totals, ok: out.length > 0 && out.every((l) => l.problems.length === 0) };
}
