import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, notFound } from '../../lib/errors';
import { registerMessages, type Locale } from '../../lib/i18n';
import { resolvePrices } from '../pricing';
import { stockViews } from '../inventory/customer-stock';
import { skuFacts } from '../orders/orderable';
import '../orders/tables';
import { audienceOf, ensureCart, findCart, storedLines, upsertLines, viewLines, type CartOwner } from './cart';
import { addCandidates } from './quick';
import type { CartKind } from './tables';

/**
 * Saved carts: drafts (暂存 — the cart put aside under a name, resumed later) and order
 * templates (a named list kept to order from again); reorder of a past order; the customer's
 * frequently ordered SKUs (常买清单). All per customer and user, like the cart.
 */
registerMessages({
  CART_EMPTY: { zh: '购物车是空的，没有可保存的商品', en: 'The cart is empty; there is nothing to save' },
  SAVED_LIMIT: { zh: '最多保存 {max} 个{kind}，请先删除不用的', en: 'You can keep at most {max} {kind}; delete some first' },
});

export const MAX_SAVED = 50;
const ENTITY: Record<Exclude<CartKind, 'cart'>, string> = { draft: '草稿 / draft', template: '订货模板 / template' };
const KIND_LABEL = { draft: '草稿', template: '模板' };

async function ownSaved(db: Kysely<DB>, o: CartOwner, kind: 'draft' | 'template', id: number) {
  const r = await db
    .selectFrom('carts')
    .select(['id', 'name', 'created_at as createdAt', 'updated_at as updatedAt'])
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('company_id', '=', o.companyId)
    .where('user_id', '=', o.userId)
    .executeTakeFirst();
  if (!r) throw notFound(ENTITY[kind]);
  return r;
}

export async function listSaved(db: Kysely<DB>, o: CartOwner, kind: 'draft' | 'template') {
  const rows = await db
    .selectFrom('carts as c')
    .leftJoin('cart_lines as l', 'l.cart_id', 'c.id')
    .select(['c.id', 'c.name', 'c.created_at as createdAt', 'c.updated_at as updatedAt', sql<number>`count(l.id)::int`.as('lines'), sql<number>`coalesce(sum(l.qty), 0)::bigint`.as('qty')])
    .where('c.kind', '=', kind)
    .where('c.company_id', '=', o.companyId)
    .where('c.user_id', '=', o.userId)
    .groupBy('c.id')
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, name: r.name ?? '', qty: Number(r.qty) }));
}

/** A draft or template with its lines at today's prices. */
export async function getSaved(db: Kysely<DB>, o: CartOwner, kind: 'draft' | 'template', id: number, locale: Locale) {
  const c = await ownSaved(db, o, kind, id);
  return { ...c, name: c.name ?? '', ...(await viewLines(db, o, await storedLines(db, id), locale)) };
}

async function createSaved(db: Kysely<DB>, o: CartOwner, kind: 'draft' | 'template', name: string) {
  return db.transaction().execute(async (trx) => {
    const n = await trx.selectFrom('carts').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', kind).where('company_id', '=', o.companyId).where('user_id', '=', o.userId).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_SAVED) throw new AppError('SAVED_LIMIT', 409, { max: MAX_SAVED, kind: KIND_LABEL[kind] });
    const cartId = await findCart(trx, o);
    const lines = cartId ? await storedLines(trx, cartId) : [];
    if (lines.length === 0) throw new AppError('CART_EMPTY', 422);
    const saved = await trx.insertInto('carts').values({ company_id: o.companyId, user_id: o.userId, kind, name }).returning('id').executeTakeFirstOrThrow();
    if (kind === 'draft') {
      // 暂存 puts the cart aside: its lines move to the draft and the cart is empty again.
      await trx.updateTable('cart_lines').set({ cart_id: saved.id }).where('cart_id', '=', cartId!).execute();
    } else {
      await trx.insertInto('cart_lines').values(lines.map((l) => ({ cart_id: saved.id, sku_id: l.skuId, unit: l.unit, unit_factor: l.unitFactor, qty: l.qty }))).execute();
    }
    return saved.id;
  });
}

export const saveDraft = (db: Kysely<DB>, o: CartOwner, name: string) => createSaved(db, o, 'draft', name);
export const saveTemplate = (db: Kysely<DB>, o: CartOwner, name: string) => createSaved(db, o, 'template', name);

export async function renameSaved(db: Kysely<DB>, o: CartOwner, kind: 'draft' | 'template', id: number, name: string) {
  await ownSaved(db, o, kind, id);
  await db.updateTable('carts').set({ name, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function deleteSaved(db: Kysely<DB>, o: CartOwner, kind: 'draft' | 'template', id: number) {
  await ownSaved(db, o, kind, id);
  await db.deleteFrom('carts').where('id', '=', id).execute();
}

/** Resumes a draft: its lines are added to the cart (same SKU and unit add up) and the draft is gone. */
export async function resumeDraft(db: Kysely<DB>, o: CartOwner, id: number) {
  await ownSaved(db, o, 'draft', id);
  await db.transaction().execute(async (trx) => {
    const lines = await storedLines(trx, id);
    const cartId = await ensureCart(trx, o);
    await upsertLines(trx, cartId, lines);
    await trx.deleteFrom('carts').where('id', '=', id).execute();
  });
}

/** Orders from a template: its lines go into the cart; lines that cannot be ordered now are named. */
export async function templateToCart(db: Kysely<DB>, o: CartOwner, id: number, locale: Locale) {
  await ownSaved(db, o, 'template', id);
  const lines = await storedLines(db, id);
  return addCandidates(db, o, lines.map((l, i) => ({ row: i + 1, skuId: l.skuId, qty: l.qty / l.unitFactor, unit: l.unit })), 'reorder', locale);
}

/** Puts a past order's lines back into the cart at today's prices, skipping (and naming) what cannot be ordered. */
export async function reorder(db: Kysely<DB>, o: CartOwner, orderId: number, locale: Locale) {
  const order = await db.selectFrom('orders').select('id').where('id', '=', orderId).where('company_id', '=', o.companyId).executeTakeFirst();
  if (!order) throw notFound('订单 / order');
  const lines = await db.selectFrom('order_lines').select(['line_no', 'sku_id', 'sku_code', 'unit', 'unit_factor', 'qty']).where('order_id', '=', orderId).orderBy('line_no').execute();
  const facts = await skuFacts(db, lines.map((l) => l.sku_id));
  return addCandidates(db, o, lines.map((l) => {
    const again = orderAgainAs(l.qty, l.unit, l.unit_factor, facts.get(l.sku_id)?.units ?? []);
    return { row: l.line_no, skuId: l.sku_id, code: l.sku_code, qty: again.qty, unit: again.unit };
  }), 'reorder', locale);
}

/**
 * How a past line is offered again: in the unit it was ordered in when that unit still exists
 * with the same size and the quantity was whole ones of it (2 箱 again as 2 箱); otherwise in base
 * units (30 瓶 of a 24-瓶 case stays 30 瓶, never "1.25 箱"). `unit: null` means the base unit.
 */
export function orderAgainAs(baseQty: number, unit: string, factor: number, unitsNow: readonly { unit: string; factor: number }[]): { qty: number; unit: string | null } {
  const unitNow = unitsNow.find((u) => u.unit === unit && u.factor === factor);
  if (unitNow && factor >= 1 && baseQty % factor === 0) return { qty: baseQty / factor, unit };
  return { qty: baseQty, unit: null };
}

/**
 * 常买清单: the customer's SKUs ordered most often in the last 365 days (cancelled and rejected
 * orders do not count), with the unit and quantity of the latest order, today's price and stock.
 */
export async function frequentlyOrdered(db: Kysely<DB>, o: CartOwner, limit = 50) {
  const rows = await sql<{ sku_id: number; times: number; qty: number; last_at: Date; unit: string; unit_factor: number; last_qty: number }>`
    select ol.sku_id, count(distinct o.id)::int as times, sum(ol.qty)::bigint as qty, max(o.submitted_at) as last_at,
      (array_agg(ol.unit order by o.id desc))[1] as unit, (array_agg(ol.unit_factor order by o.id desc))[1] as unit_factor,
      (array_agg(ol.qty order by o.id desc))[1] as last_qty
    from orders o join order_lines ol on ol.order_id = o.id
    where o.company_id = ${o.companyId} and o.status not in ('cancelled', 'rejected') and o.submitted_at > now() - interval '365 days'
    group by ol.sku_id
    order by times desc, last_at desc
    limit ${limit * 2}`.execute(db);
  const ids = rows.rows.map((r) => Number(r.sku_id));
  const [facts, stock, prices] = [
    await skuFacts(db, ids, o.companyId), await stockViews(db, ids, audienceOf(o)), await resolvePrices(db, o.companyId, ids.map((skuId) => ({ skuId, qty: 1 }))),
  ];
  return rows.rows
    .filter((r) => facts.get(Number(r.sku_id))?.visible && facts.get(Number(r.sku_id))?.onShelf)
    .slice(0, limit)
    .map((r) => {
      const id = Number(r.sku_id);
      const f = facts.get(id)!;
      const again = orderAgainAs(Number(r.last_qty), r.unit, r.unit_factor, f.units);
      return {
        skuId: id, code: f.code, name: f.name, specText: f.specText, image: f.image, baseUnit: f.baseUnit, units: f.units,
        times: r.times, totalQty: Number(r.qty), lastOrderedAt: r.last_at,
        lastUnit: again.unit ?? f.baseUnit, lastUnitQty: again.qty,
        unitPrice: prices.get(id)?.unitPrice ?? 0, available: stock.get(id).view.qty, stockLevel: stock.get(id).view.level,
      };
    });
}
