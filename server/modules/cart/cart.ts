import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { registerMessages, type Locale } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import { MAX_QTY } from '../inventory/stock';
import type { StockAudience } from '../inventory/customer-stock';
import { priceLines, skuFacts, type PricedLine, type Totals } from '../orders/orderable';
import { explain, priceMarketing, type CouponChoice, type FundsChoice, type PricedInput } from '../marketing';
import './tables';

/**
 * The live cart. A cart belongs to (customer company, user): a buyer's own, or a sales rep's /
 * order desk's cart for one customer (代客下单). Lines hold base-unit quantities in a chosen
 * selling unit; prices, stock and problems are computed on every read, never stored.
 */
type Db = Kysely<DB> | Transaction<DB>;

registerMessages({
  CUSTOMER_REQUIRED: { zh: '请先选择客户（代客下单）', en: 'Choose the customer you are ordering for first' },
  SKU_OFF_SHELF: { zh: '商品 {code} 已下架，不能加入购物车', en: 'Product {code} is off the shelf and cannot be added' },
  UNKNOWN_UNIT: { zh: '商品 {code} 没有单位“{unit}”，可选：{units}', en: 'Product {code} has no unit "{unit}"; choose one of: {units}' },
  QTY_TOO_LARGE: { zh: '数量过大：每种商品最多 {max}{unit}', en: 'Quantity too large: at most {max} {unit} per product' },
  CART_FULL: { zh: '购物车最多 {max} 行，请先提交或暂存一部分', en: 'A cart holds at most {max} lines; submit or save some first' },
});

export const MAX_CART_LINES = 1000;
const CART = '购物车 / cart';
const LINE = '购物车商品 / cart line';
const SKU = '商品 / product';

export interface CartOwner {
  companyId: number;
  userId: number;
  /** staff ordering for a customer */
  onBehalf: boolean;
}

/**
 * Whose cart a request works on. Customer users: their own (a customerId naming another company
 * is 404). Staff: the customer named by customerId, which must be theirs (sales reps) — 404
 * otherwise, 400 when missing.
 */
export async function cartOwner(db: Db, actor: Actor, customerId: number | undefined): Promise<CartOwner> {
  if (actor.companyId != null) {
    if (customerId !== undefined && customerId !== actor.companyId) throw notFound('客户 / customer');
    return { companyId: actor.companyId, userId: actor.userId, onBehalf: false };
  }
  if (customerId === undefined) throw new AppError('CUSTOMER_REQUIRED', 400, {}, [{ path: 'customerId', message: 'required for staff (ordering on behalf)' }]);
  await assertCustomerAccess(db, actor, customerId);
  return { companyId: customerId, userId: actor.userId, onBehalf: true };
}

/** Staff ordering on behalf see exact stock; a customer sees what the supplier's display setting allows. */
export const audienceOf = (o: CartOwner): StockAudience => (o.onBehalf ? 'staff' : 'customer');

/** The owner's live cart id, or null when there is none yet. */
export async function findCart(db: Db, o: CartOwner): Promise<number | null> {
  const r = await db.selectFrom('carts').select('id').where('company_id', '=', o.companyId).where('user_id', '=', o.userId).where('kind', '=', 'cart').executeTakeFirst();
  return r?.id ?? null;
}

/** The owner's live cart id, created on first use (safe under concurrent first adds). */
export async function ensureCart(db: Db, o: CartOwner): Promise<number> {
  await db
    .insertInto('carts')
    .values({ company_id: o.companyId, user_id: o.userId, kind: 'cart', name: null })
    .onConflict((oc) => oc.columns(['company_id', 'user_id']).where('kind', '=', 'cart').doNothing())
    .execute();
  return (await findCart(db, o))!;
}

export interface StoredLine {
  id: number;
  skuId: number;
  unit: string;
  unitFactor: number;
  qty: number;
}

/**
 * Empties the owner's live cart for submission and returns what was in it, in one statement:
 * the cart row is locked (updated) first, so a concurrent add waits for the submission's commit.
 */
export async function takeCartLines(trx: Transaction<DB>, o: CartOwner): Promise<StoredLine[]> {
  const { rows } = await sql<StoredLine>`
    with c as (
      update carts set updated_at = now() where company_id = ${o.companyId} and user_id = ${o.userId} and kind = 'cart' returning id)
    delete from cart_lines where cart_id in (select id from c)
    returning id, sku_id as "skuId", unit, unit_factor as "unitFactor", qty`.execute(trx);
  return rows.sort((a, b) => a.id - b.id);
}

export async function storedLines(db: Db, cartId: number): Promise<StoredLine[]> {
  return db
    .selectFrom('cart_lines')
    .select(['id', 'sku_id as skuId', 'unit', 'unit_factor as unitFactor', 'qty'])
    .where('cart_id', '=', cartId)
    .orderBy('id')
    .execute();
}

/** A priced line as the buyer sees it (no internal price-list names). */
export function viewLine(l: PricedLine) {
  return {
    id: l.ref, skuId: l.skuId, code: l.code, name: l.name, specText: l.specText, image: l.image, baseUnit: l.baseUnit, units: l.units,
    unit: l.unit, unitFactor: l.unitFactor, unitQty: l.qty / l.unitFactor, qty: l.qty,
    unitPrice: l.unitPrice, unitPricePerUnit: l.unitPrice * l.unitFactor, basePrice: l.basePrice, lineTotal: l.lineTotal,
    priceKind: l.price?.rule.kind ?? 'base_price', nextBreak: l.price?.nextBreak ?? null,
    // stock as the audience may see it (inventory's stockViews): a number only for staff or under the exact setting
    available: l.stock.qty, stockLevel: l.stock.level, presale: l.stock.presale ?? null, moq: l.moq, orderMultiple: l.orderMultiple, problems: l.problems,
  };
}

/** Prices stored lines for the owner's company and shapes them for the client. */
export async function viewLines(db: Db, o: CartOwner, lines: StoredLine[], locale: Locale) {
  return viewPriced(await priceLines(db, o.companyId, lines.map(lineInput), locale, { audience: audienceOf(o) }));
}

export const lineInput = (l: StoredLine) => ({ ref: l.id, skuId: l.skuId, unit: l.unit, unitFactor: l.unitFactor, qty: l.qty });
export const viewPriced = (priced: { lines: PricedLine[]; totals: Totals; ok: boolean }) => ({ lines: priced.lines.map(viewLine), totals: priced.totals, ok: priced.ok });

/**
 * The live cart through the whole pricing pipeline: each line at the customer's price, then
 * marketing's promotions and coupon (the chosen one; by default the best): each line's discount,
 * the totals less the discount, the gifts and the hints.
 */
export async function getCart(db: Db, o: CartOwner, locale: Locale, coupon?: CouponChoice, funds: FundsChoice = {}) {
  const cartId = await findCart(db, o);
  const lines = cartId ? await storedLines(db, cartId) : [];
  const view = await viewLines(db, o, lines, locale);
  const mk = view.lines.length ? explain(await priceMarketing(db, o.companyId, view.lines.map(marketingInput), coupon, funds), locale) : null;
  const perLine = new Map<number, number>();
  for (const a of mk?.applied ?? []) for (const sh of a.shares) perLine.set(sh.ref, (perLine.get(sh.ref) ?? 0) + sh.amount);
  const discount = mk?.discount ?? 0;
  return {
    cartId, companyId: o.companyId, onBehalf: o.onBehalf, ok: view.ok,
    lines: view.lines.map((l) => ({ ...l, discount: perLine.get(l.id) ?? 0 })),
    totals: { ...view.totals, discount, total: view.totals.total - discount },
    marketing: mk,
  };
}

/** A cart line as marketing's step takes it (refs are cart line ids, as in the submission). */
export const marketingInput = (l: { id: number; skuId: number; qty: number; unitPrice: number; priceKind: string }): PricedInput =>
  ({ ref: l.id, skuId: l.skuId, qty: l.qty, unitPrice: l.unitPrice, priceKind: l.priceKind });

/** Resolves a SKU and selling unit for a customer: unknown and hidden are the same 404. */
export async function resolveUnit(db: Db, companyId: number, skuId: number, unit: string | undefined) {
  const f = (await skuFacts(db, [skuId], companyId)).get(skuId);
  if (!f || !f.visible) throw notFound(SKU);
  if (!f.onShelf) throw new AppError('SKU_OFF_SHELF', 422, { code: f.code });
  const u = f.units.find((x) => x.unit === (unit ?? f.baseUnit));
  if (!u) throw new AppError('UNKNOWN_UNIT', 422, { code: f.code, unit, units: f.units.map((x) => x.unit).join(' / ') }, { units: f.units });
  return { facts: f, unit: u };
}

function assertBaseQty(qty: number, unit: string) {
  if (!Number.isSafeInteger(qty) || qty > MAX_QTY) throw new AppError('QTY_TOO_LARGE', 422, { max: MAX_QTY, unit });
}

/** Adds units of a SKU (adds to an existing line in the same unit). */
export async function addLine(db: Kysely<DB>, o: CartOwner, input: { skuId: number; unit?: string; qty: number }) {
  const { facts, unit } = await resolveUnit(db, o.companyId, input.skuId, input.unit);
  const qty = input.qty * unit.factor;
  assertBaseQty(qty, facts.baseUnit);
  return db.transaction().execute(async (trx) => {
    const cartId = await ensureCart(trx, o);
    await upsertLines(trx, cartId, [{ skuId: input.skuId, unit: unit.unit, unitFactor: unit.factor, qty }], facts.baseUnit);
    return cartId;
  });
}

/** Adds quantities to lines of a cart, one statement; refuses a line that would pass MAX_QTY or a cart over MAX_CART_LINES. */
export async function upsertLines(trx: Transaction<DB>, cartId: number, lines: Omit<StoredLine, 'id'>[], unitLabel = '') {
  if (lines.length === 0) return;
  // One row per (SKU, unit): a statement may not upsert the same row twice.
  const merged = new Map<string, Omit<StoredLine, 'id'>>();
  for (const l of lines) {
    const k = `${l.skuId}:${l.unit}`;
    const m = merged.get(k);
    if (m) m.qty += l.qty;
    else merged.set(k, { ...l });
  }
  // Lock the cart so concurrent adds count lines consistently.
  await trx.selectFrom('carts').select('id').where('id', '=', cartId).forUpdate().execute();
  const rows = await sql<{ qty: number }>`
    insert into cart_lines as l (cart_id, sku_id, unit, unit_factor, qty)
    values ${sql.join([...merged.values()].map((l) => sql`(${cartId}, ${l.skuId}, ${l.unit}, ${l.unitFactor}, ${l.qty})`))}
    on conflict (cart_id, sku_id, unit) do update set qty = l.qty + excluded.qty, unit_factor = excluded.unit_factor, updated_at = now()
    returning qty`.execute(trx).catch((e: unknown) => {
    // int overflow or the qty check: the sum is out of range
    if ((e as { code?: string }).code === '22003') throw new AppError('QTY_TOO_LARGE', 422, { max: MAX_QTY, unit: unitLabel });
    throw e;
  });
  if (rows.rows.some((r) => r.qty > MAX_QTY)) throw new AppError('QTY_TOO_LARGE', 422, { max: MAX_QTY, unit: unitLabel });
  const n = await trx.selectFrom('cart_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('cart_id', '=', cartId).executeTakeFirstOrThrow();
  if (Number(n.n) > MAX_CART_LINES) throw new AppError('CART_FULL', 422, { max: MAX_CART_LINES });
  await trx.updateTable('carts').set({ updated_at: sql`now()` }).where('id', '=', cartId).execute();
}

async function ownLine(db: Db, o: CartOwner, lineId: number) {
  const cartId = await findCart(db, o);
  const line = cartId
    ? await db.selectFrom('cart_lines').select(['id', 'sku_id as skuId', 'unit', 'unit_factor as unitFactor', 'qty']).where('id', '=', lineId).where('cart_id', '=', cartId).executeTakeFirst()
    : undefined;
  if (!line || !cartId) throw notFound(LINE);
  return { cartId, line };
}

/** Sets a line's quantity (in its unit, or in a new unit; merges into a line already in that unit). */
export async function updateLine(db: Kysely<DB>, o: CartOwner, lineId: number, input: { qty: number; unit?: string }) {
  const { cartId, line } = await ownLine(db, o, lineId);
  let unit = { unit: line.unit, factor: line.unitFactor };
  let label = line.unit;
  if (input.unit !== undefined && input.unit !== line.unit) {
    const r = await resolveUnit(db, o.companyId, line.skuId, input.unit);
    unit = r.unit;
    label = r.facts.baseUnit;
  }
  const qty = input.qty * unit.factor;
  assertBaseQty(qty, label);
  await db.transaction().execute(async (trx) => {
    if (unit.unit === line.unit) {
      await trx.updateTable('cart_lines').set({ qty, updated_at: sql`now()` }).where('id', '=', lineId).execute();
    } else {
      await trx.deleteFrom('cart_lines').where('id', '=', lineId).execute();
      await upsertLines(trx, cartId, [{ skuId: line.skuId, unit: unit.unit, unitFactor: unit.factor, qty }], label);
    }
  });
}

export async function removeLine(db: Kysely<DB>, o: CartOwner, lineId: number) {
  const { line } = await ownLine(db, o, lineId);
  await db.deleteFrom('cart_lines').where('id', '=', line.id).execute();
}

export async function clearCart(db: Db, o: CartOwner) {
  const cartId = await findCart(db, o);
  if (cartId) await db.deleteFrom('cart_lines').where('cart_id', '=', cartId).execute();
}

/** How many lines and units are in the cart (the portal's badge). */
export async function cartCount(db: Db, o: CartOwner) {
  const r = await db
    .selectFrom('cart_lines')
    .innerJoin('carts', 'carts.id', 'cart_lines.cart_id')
    .select((eb) => [eb.fn.countAll<number>().as('lines')])
    .where('carts.company_id', '=', o.companyId)
    .where('carts.user_id', '=', o.userId)
    .where('carts.kind', '=', 'cart')
    .executeTakeFirst();
  return { lines: Number(r?.lines ?? 0) };
}

export { CART };
