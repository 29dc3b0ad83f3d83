import { sql, type Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError } from '../../lib/errors';
import { registerMessages, type Locale } from '../../lib/i18n';
import { lineTotal } from '../../lib/money';
import { formatQuantity, quantityLang } from '../../lib/quantity';
import type { Actor } from '../auth/actor';
import { skuFacts } from '../orders/orderable';
import { resolvePrices } from '../pricing';
import { getSetting } from '../platform/settings';
import { cartOwner } from '../cart';
import { findCart, getCart, storedLines } from '../cart/cart';
import { addCandidates } from '../cart/quick';
import { dayIso, dayNumber, isoDay, lapseDays, reorderState, type ReorderState } from './model';
import type { Db } from './baskets';
import '../customers/tables';
import './tables';

registerMessages({
  REORDER_NOT_DUE: { zh: '这些商品现在不在“该补货了”清单里：{ids}，请刷新后再试', en: 'These products are not in the reorder list now: {ids}; refresh and try again' },
});

export const REORDER_SETTING = 'recommendations.reorder';
export interface ReorderSettings {
  /** a reorder shows as due this many days before its predicted day */
  leadDays: number;
  /** remind the buyers this many days before the predicted day; null = no reminders */
  reminderDays: number | null;
}
export const DEFAULT_REORDER_SETTINGS: ReorderSettings = { leadDays: 3, reminderDays: null };
export const reorderSettings = async (db: Db): Promise<ReorderSettings> => ({ ...DEFAULT_REORDER_SETTINGS, ...(await getSetting<Partial<ReorderSettings>>(db, REORDER_SETTING, {})) });

/** Orders in these states are on their way: the SKUs they carry are not due again. */
const OPEN_EXCLUDED = ['delivered', 'completed', 'cancelled', 'rejected'] as const;

interface PredictionRow {
  companyId: number; skuId: number; orders: number; intervalDays: number; confidence: number; usualQty: number;
  unit: string; unitFactor: number; lastOrderOn: string; nextOrderOn: string;
}

/** Stored predictions of one company (or all of a rep's) whose predicted day is at most `until`, minus SKUs an open order carries. */
function predictions(db: Db, until: number, companyIds: number[] | null) {
  return db.selectFrom('reorder_predictions as r')
    .select([
      'r.company_id as companyId', 'r.sku_id as skuId', 'r.orders', 'r.interval_days as intervalDays', 'r.confidence', 'r.usual_qty as usualQty',
      'r.unit', 'r.unit_factor as unitFactor', sql<string>`r.last_order_on::text`.as('lastOrderOn'), sql<string>`r.next_order_on::text`.as('nextOrderOn'),
    ])
    .where('r.next_order_on', '<=', sql<string>`${dayIso(until)}::date`)
    .$if(companyIds != null, (q) => q.where('r.company_id', 'in', companyIds!.length ? companyIds! : [-1]))
    .where(({ not, exists, selectFrom }) => not(exists(
      selectFrom('order_lines as l').innerJoin('orders as o', 'o.id', 'l.order_id').select('l.id')
        .whereRef('o.company_id', '=', 'r.company_id').whereRef('l.sku_id', '=', 'r.sku_id').where('o.status', 'not in', [...OPEN_EXCLUDED]),
    )))
    .orderBy('r.next_order_on')
    .execute() as Promise<PredictionRow[]>;
}

export interface DueItem {
  skuId: number; productId: number; code: string; name: string; specText: string; image: string | null; baseUnit: string;
  unit: string; unitFactor: number; qty: number; unitQty: number; qtyText: string; unitPrice: number; lineTotal: number;
  lastOrderOn: string; nextOrderOn: string; daysLate: number; intervalDays: number; orders: number; confidence: number; state: ReorderState;
}

/**
 * 该补货了: the customer's reorders due within the lead days or overdue (not lapsed), of products
 * it may still see and order, with the usual quantity in the unit it orders in (MOQ and order
 * multiple respected) at its own price today. Overdue first.
 */
export async function dueReorders(db: Kysely<DB>, companyId: number, o: { timeZone: string; locale: Locale; now?: Date; leadDays?: number }): Promise<{ leadDays: number; items: DueItem[] }> {
  const leadDays = o.leadDays ?? (await reorderSettings(db)).leadDays;
  const today = dayNumber(o.now ?? new Date(), o.timeZone);
  const rows = (await predictions(db, today + leadDays, [companyId]))
    .map((r) => ({ r, state: reorderState({ nextDay: isoDay(r.nextOrderOn), intervalDays: r.intervalDays }, today, leadDays) }))
    .filter((x) => x.state === 'due' || x.state === 'overdue');
  const ids = rows.map((x) => x.r.skuId);
  const facts = await skuFacts(db, ids, companyId);
  const usable = rows.filter((x) => facts.get(x.r.skuId)?.visible && facts.get(x.r.skuId)?.onShelf);
  const firstPrices = await resolvePrices(db, companyId, usable.map((x) => ({ skuId: x.r.skuId, qty: x.r.usualQty })));
  const wanted = usable.map((x) => {
    const p = firstPrices.get(x.r.skuId);
    const multiple = Math.max(1, p?.orderMultiple ?? 1);
    const qty = Math.ceil(Math.max(x.r.usualQty, p?.moq ?? 1) / multiple) * multiple;
    return { ...x, qty };
  });
  const prices = await resolvePrices(db, companyId, wanted.map((x) => ({ skuId: x.r.skuId, qty: x.qty })));
  const lang = quantityLang(o.locale);
  const items = wanted.map(({ r, state, qty }): DueItem => {
    const f = facts.get(r.skuId)!;
    // the unit ordered before, if the product still sells in it and the quantity is whole units of it
    const u = f.units.find((x) => x.unit === r.unit && x.factor === r.unitFactor && qty % x.factor === 0) ?? { unit: f.baseUnit, factor: 1 };
    const unitPrice = prices.get(r.skuId)?.unitPrice ?? 0;
    return {
      skuId: r.skuId, productId: f.productId, code: f.code, name: f.name, specText: f.specText, image: f.image, baseUnit: f.baseUnit,
      unit: u.unit, unitFactor: u.factor, qty, unitQty: qty / u.factor, qtyText: formatQuantity(qty, u, f.baseUnit, { lang }),
      unitPrice, lineTotal: lineTotal(unitPrice, qty), lastOrderOn: r.lastOrderOn, nextOrderOn: r.nextOrderOn,
      daysLate: today - isoDay(r.nextOrderOn), intervalDays: r.intervalDays, orders: r.orders, confidence: r.confidence, state,
    };
  });
  items.sort((a, b) => b.daysLate - a.daysLate);
  return { leadDays, items };
}

/**
 * One tap: puts the due reorders (all, or the chosen ones) into the buyer's cart in the usual
 * unit and quantity. SKUs already in the cart are left as they are, so a second tap adds nothing.
 * Asking for a SKU that is not due is refused whole (nothing added).
 */
export async function reordersToCart(db: Kysely<DB>, actor: Actor, body: { skuIds?: number[] }, o: { timeZone: string; locale: Locale }) {
  const owner = await cartOwner(db, actor, undefined);
  const { items } = await dueReorders(db, owner.companyId, o);
  const wanted = body.skuIds ? [...new Set(body.skuIds)] : items.map((i) => i.skuId);
  const missing = wanted.filter((id) => !items.some((i) => i.skuId === id));
  if (missing.length) throw new AppError('REORDER_NOT_DUE', 422, { ids: missing.map((id) => `#${id}`).join(', ') }, { skuIds: missing });
  const cartId = await findCart(db, owner);
  const inCart = new Set((cartId ? await storedLines(db, cartId) : []).map((l) => l.skuId));
  const chosen = items.filter((i) => wanted.includes(i.skuId) && !inCart.has(i.skuId));
  const r = chosen.length
    ? await addCandidates(db, owner, chosen.map((i, n) => ({ row: n + 1, skuId: i.skuId, code: i.code, qty: i.unitQty, unit: i.unit })), 'reorder', o.locale)
    : { added: 0, rejected: 0, rows: [] };
  return { ...r, alreadyInCart: wanted.filter((id) => inCart.has(id)).length, cart: await getCart(db, owner, o.locale) };
}

export interface CallItem {
  companyId: number; companyCode: string; companyName: string; contactName: string | null; contactPhone: string | null;
  skuId: number; code: string; name: string; specText: string; qtyText: string;
  lastOrderOn: string; nextOrderOn: string; daysLate: number; intervalDays: number; orders: number; confidence: number; state: ReorderState;
}

/**
 * The reps' call list: their customers' regular items that are overdue or lapsed (a customer who
 * stopped ordering a regular item is a sales signal), up to 120 days late, most late first.
 * A sales rep sees their own customers; admins everyone's, or one rep's.
 */
export async function callList(db: Kysely<DB>, actor: Actor, q: { repId?: number; state?: 'overdue' | 'lapsed' }, o: { timeZone: string; locale: Locale; now?: Date }): Promise<CallItem[]> {
  const repId = actor.role === 'sales' ? actor.userId : q.repId;
  const companies = await db.selectFrom('companies').select(['id', 'code', 'name', 'contact_name', 'contact_phone'])
    .$if(repId != null, (qb) => qb.where('sales_rep_id', '=', repId!))
    .execute();
  const byId = new Map(companies.map((c) => [c.id, c]));
  const today = dayNumber(o.now ?? new Date(), o.timeZone);
  const rows = (await predictions(db, today - 1, repId != null ? companies.map((c) => c.id) : null))
    .filter((r) => byId.has(r.companyId))
    .map((r) => ({ r, state: reorderState({ nextDay: isoDay(r.nextOrderOn), intervalDays: r.intervalDays }, today, 0), late: today - isoDay(r.nextOrderOn) }))
    .filter((x) => x.late <= 120 && (q.state ? x.state === q.state : x.state === 'overdue' || x.state === 'lapsed'));
  const facts = await skuFacts(db, rows.map((x) => x.r.skuId));
  const lang = quantityLang(o.locale);
  return rows
    .filter((x) => facts.has(x.r.skuId))
    .map(({ r, state, late }) => {
      const c = byId.get(r.companyId)!;
      const f = facts.get(r.skuId)!;
      return {
        companyId: c.id, companyCode: c.code, companyName: c.name, contactName: c.contact_name, contactPhone: c.contact_phone,
        skuId: r.skuId, code: f.code, name: f.name, specText: f.specText,
        qtyText: formatQuantity(r.usualQty, { unit: r.unit, factor: r.unitFactor }, f.baseUnit, { lang }),
        lastOrderOn: r.lastOrderOn, nextOrderOn: r.nextOrderOn, daysLate: late, intervalDays: r.intervalDays, orders: r.orders, confidence: r.confidence, state,
      };
    })
    .sort((a, b) => b.daysLate * b.confidence - a.daysLate * a.confidence)
    .slice(0, 500);
}

export { lapseDays };
