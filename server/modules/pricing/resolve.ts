import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { applyBasisPoints, formatYuan } from '../../lib/money';
import '../customers/tables';
import '../catalog/tables';
import './tables';

/**
 * THE price function. Every price shown or charged (catalog lists, product pages, cart, order)
 * goes through resolvePrices. Precedence, for one company, SKU, quantity and moment `at`:
 *
 *   1. customer price list  — an active list for this company, valid at `at`
 *   2. tier price list      — an active list for the company's tier, valid at `at`
 *   3. tier discount        — the tier's default discount off base price (if > 0)
 *   4. base price           — skus.base_price
 *
 * Within a level, a list applies to a SKU only if it has an entry for the SKU with
 * min_qty <= qty; of the applicable entries of the winning list the largest min_qty wins
 * (the best applicable quantity break). Overlap rule: when several lists of the same level are
 * valid at the same time and price the same SKU, the one with the latest valid_from wins (a
 * list without valid_from counts as the oldest), ties broken by the newer list (higher id).
 * Inside one list, (SKU, min_qty) is unique and break prices never rise with quantity (the
 * editor rejects contradictory entries), so "largest break" is also "lowest price".
 * Validity: valid_from inclusive, valid_to exclusive.
 *
 * Percentages are discounts in basis points off the base price, rounded once with
 * applyBasisPoints (half away from zero, in fen). MOQ / order multiple: the SKU's own, unless a
 * valid list of the company or its tier overrides it (customer list first, same ranking).
 */
export interface PriceQuery {
  skuId: number;
  qty: number;
}

export type RuleKind = 'customer_price_list' | 'tier_price_list' | 'tier_discount' | 'base_price';

export interface PriceRule {
  kind: RuleKind;
  priceListId?: number;
  name?: string;
  minQty?: number;
  /** Set for list entries that are a fixed unit price. */
  fixedPrice?: number;
  /** Discount off base price in basis points (list entry or tier discount). */
  discountBp?: number;
  detail: string;
}

export interface ResolvedPrice {
  skuId: number;
  qty: number;
  /** fen, what the customer pays per base unit at this qty */
  unitPrice: number;
  basePrice: number;
  retailPrice: number | null;
  rule: PriceRule;
  nextBreak: { minQty: number; unitPrice: number } | null;
  moq: number;
  orderMultiple: number;
}

type Db = Kysely<DB> | Transaction<DB>;

/** One effective price list as the resolver sees it. */
export interface ListInfo {
  id: number;
  kind: 'customer' | 'tier';
  name: string;
  /** valid_from in epoch seconds, null = open start */
  validFrom: number | null;
}
export interface Entry {
  listId: number;
  minQty: number;
  fixedPrice: number | null;
  discountBp: number | null;
}
export interface SkuPriceData {
  skuId: number;
  basePrice: number;
  retailPrice: number | null;
  moq: number;
  orderMultiple: number;
  entries: Entry[];
  moqOverrides: { listId: number; moq: number; orderMultiple: number }[];
}
export interface CompanyPriceData {
  tierName: string | null;
  tierDiscountBp: number;
  lists: Map<number, ListInfo>;
}

/** Higher first: customer lists over tier lists, then latest valid_from, then newest list. */
export function compareLists(a: ListInfo, b: ListInfo): number {
  const rank = (l: ListInfo) => (l.kind === 'customer' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(b) - rank(a);
  const fa = a.validFrom ?? -Infinity;
  const fb = b.validFrom ?? -Infinity;
  if (fa !== fb) return fb > fa ? 1 : -1;
  return b.id - a.id;
}

const entryPrice = (e: Entry, base: number) => e.fixedPrice ?? applyBasisPoints(base, 10_000 - (e.discountBp ?? 0));

function priceAt(sku: SkuPriceData, company: CompanyPriceData | null, qty: number): { unitPrice: number; rule: PriceRule } {
  const base = sku.basePrice;
  if (company) {
    let best: { list: ListInfo; entry: Entry } | null = null;
    for (const e of sku.entries) {
      if (e.minQty > qty) continue;
      const list = company.lists.get(e.listId);
      if (!list) continue;
      if (!best) best = { list, entry: e };
      else {
        const c = compareLists(list, best.list);
        if (c < 0 || (c === 0 && e.minQty > best.entry.minQty)) best = { list, entry: e };
      }
    }
    if (best) {
      const { list, entry } = best;
      const unitPrice = entryPrice(entry, base);
      const how = entry.fixedPrice != null ? `fixed ¥${formatYuan(entry.fixedPrice)}` : `${entry.discountBp! / 100}% off base ¥${formatYuan(base)}`;
      return {
        unitPrice,
        rule: {
          kind: list.kind === 'customer' ? 'customer_price_list' : 'tier_price_list',
          priceListId: list.id,
          name: list.name,
          minQty: entry.minQty,
          ...(entry.fixedPrice != null ? { fixedPrice: entry.fixedPrice } : { discountBp: entry.discountBp! }),
          detail: `${list.kind} price list "${list.name}" (#${list.id}), break ≥${entry.minQty}: ${how} → ¥${formatYuan(unitPrice)}`,
        },
      };
    }
    if (company.tierName != null && company.tierDiscountBp > 0) {
      const unitPrice = applyBasisPoints(base, 10_000 - company.tierDiscountBp);
      return {
        unitPrice,
        rule: {
          kind: 'tier_discount',
          name: company.tierName,
          discountBp: company.tierDiscountBp,
          detail: `tier "${company.tierName}" default discount ${company.tierDiscountBp / 100}% off base ¥${formatYuan(base)} → ¥${formatYuan(unitPrice)}`,
        },
      };
    }
  }
  return { unitPrice: base, rule: { kind: 'base_price', detail: `base price ¥${formatYuan(base)}` } };
}

/** Pure part of the resolver (unit-testable without a database). */
export function resolveOne(sku: SkuPriceData, company: CompanyPriceData | null, qty: number): ResolvedPrice {
  const { unitPrice, rule } = priceAt(sku, company, qty);
  let nextBreak: ResolvedPrice['nextBreak'] = null;
  if (company) {
    const breaks = [...new Set(sku.entries.filter((e) => e.minQty > qty && company.lists.has(e.listId)).map((e) => e.minQty))].sort((a, b) => a - b);
    for (const m of breaks) {
      const p = priceAt(sku, company, m).unitPrice;
      if (p < unitPrice) {
        nextBreak = { minQty: m, unitPrice: p };
        break;
      }
    }
  }
  let moq = sku.moq;
  let orderMultiple = sku.orderMultiple;
  if (company && sku.moqOverrides.length) {
    const winner = sku.moqOverrides
      .filter((o) => company.lists.has(o.listId))
      .sort((a, b) => compareLists(company.lists.get(a.listId)!, company.lists.get(b.listId)!))[0];
    if (winner) {
      moq = winner.moq;
      orderMultiple = winner.orderMultiple;
    }
  }
  return { skuId: sku.skuId, qty, unitPrice, basePrice: sku.basePrice, retailPrice: sku.retailPrice, rule, nextBreak, moq, orderMultiple };
}

/** One row of pricing_price_data (int8 columns arrive as numbers or, inside json, as numbers). */
export interface PriceDataRow {
  id: number;
  base_price: number;
  retail_price: number | null;
  moq: number;
  order_multiple: number;
  e: [number, number, number | null, number | null][] | null;
  m: [number, number, number][] | null;
  lists: [number, 'customer' | 'tier', string, number | null][] | null;
  tier: [string | null, number | null] | null;
}

/** Loads everything needed to price these SKUs for a company, in one SQL round trip. */
export async function loadPriceData(db: Db, companyId: number | null, skuIds: number[], at: Date): Promise<{ company: CompanyPriceData | null; skus: SkuPriceData[] }> {
  if (skuIds.length === 0) return { company: null, skus: [] };
  const cid = companyId ?? 0;
  // the query is pricing_price_data (migration 202612070500): the cart's one-call quick order uses it too
  const { rows } = await sql<PriceDataRow>`select * from pricing_price_data(${cid}, ${skuIds}::bigint[], ${at})`.execute(db);
  return priceDataOf(rows, companyId);
}

/** pricing_price_data's rows as the resolver's input (a caller that loaded them itself uses this). */
export function priceDataOf(rows: PriceDataRow[], companyId: number | null): { company: CompanyPriceData | null; skus: SkuPriceData[] } {
  let company: CompanyPriceData | null = null;
  if (companyId != null && rows.length) {
    const r = rows[0];
    const lists = new Map<number, ListInfo>();
    for (const [id, kind, name, validFrom] of r.lists ?? []) lists.set(Number(id), { id: Number(id), kind, name, validFrom: validFrom == null ? null : Number(validFrom) });
    company = { tierName: r.tier?.[0] ?? null, tierDiscountBp: Number(r.tier?.[1] ?? 0), lists };
  }
  const skus = rows.map((r) => ({
    skuId: Number(r.id),
    basePrice: Number(r.base_price),
    retailPrice: r.retail_price == null ? null : Number(r.retail_price),
    moq: r.moq,
    orderMultiple: r.order_multiple,
    entries: (r.e ?? []).map(([listId, minQty, fixedPrice, discountBp]) => ({ listId: Number(listId), minQty, fixedPrice: fixedPrice == null ? null : Number(fixedPrice), discountBp })),
    moqOverrides: (r.m ?? []).map(([listId, moq, orderMultiple]) => ({ listId: Number(listId), moq, orderMultiple })),
  }));
  return { company, skus };
}

/**
 * Prices a set of lines for a company (null = no customer: base prices, e.g. staff browsing).
 * One SQL round trip. Unknown SKU ids are absent from the result map. When the same SKU is
 * asked twice the last quantity wins (callers sum a cart's lines per SKU first).
 */
export async function resolvePrices(db: Db, companyId: number | null, items: PriceQuery[], at: Date = new Date()): Promise<Map<number, ResolvedPrice>> {
  const ids = [...new Set(items.map((i) => i.skuId))];
  return resolveWith(await loadPriceData(db, companyId, ids, at), items);
}

/** resolvePrices over price data already loaded (priceDataOf). */
export function resolveWith(data: { company: CompanyPriceData | null; skus: SkuPriceData[] }, items: PriceQuery[]): Map<number, ResolvedPrice> {
  const out = new Map<number, ResolvedPrice>();
  const byId = new Map(data.skus.map((s) => [s.skuId, s]));
  for (const item of items) {
    const sku = byId.get(item.skuId);
    if (sku) out.set(item.skuId, resolveOne(sku, data.company, Math.max(1, item.qty)));
  }
  return out;
}

/** Quantity-break table of one SKU for a company: the price at each break that changes it. */
export async function priceBreaks(db: Db, companyId: number | null, skuId: number, at: Date = new Date()): Promise<{ minQty: number; unitPrice: number; rule: PriceRule }[]> {
  const { company, skus } = await loadPriceData(db, companyId, [skuId], at);
  const sku = skus[0];
  if (!sku) return [];
  const qtys = [1, ...new Set(sku.entries.filter((e) => company?.lists.has(e.listId)).map((e) => e.minQty))].sort((a, b) => a - b);
  const out: { minQty: number; unitPrice: number; rule: PriceRule }[] = [];
  for (const q of [...new Set(qtys)]) {
    const r = priceAt(sku, company, q);
    if (!out.length || out[out.length - 1].unitPrice !== r.unitPrice) out.push({ minQty: q, unitPrice: r.unitPrice, rule: r.rule });
  }
  return out;
}
