import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorLabel } from '../../lib/actor-label';
import type { DB } from '../../lib/db-types';
import { lineTotal, sumFen } from '../../lib/money';
import type { Actor, Role } from '../auth/actor';
import { reserve } from '../inventory/reservations';
import { resolvePrices } from '../pricing';
import { enterWorkflow } from './workflow';
import { assignOrderNumber } from './numbers';
import '../inventory/tables';

/**
 * Helpers for the demo order history, which the shipping module seeds (it moves the orders on
 * through shipments and receipts, and shipping depends on orders, not the other way round).
 */

export async function demoActor(db: Kysely<DB>, userId: number): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'login', 'name', 'role', 'company_id']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { userId: u.id, login: u.login, name: u.name, role: u.role as Role, companyId: u.company_id, via: 'session', scopes: null };
}

/** Inserts a submitted order the way submission does (frozen prices, reserved stock, 'submit' row), then enters the workflow. */
export async function placeDemoOrder(db: Kysely<DB>, timeZone: string, o: { companyId: number; buyerId: number | null; placedBy: number; placedByLabel: string; at: Date; lines: { skuId: number; qty: number; /** the selling unit it was ordered in (default: the base unit) */ unit?: { unit: string; factor: number } }[]; urgent: boolean }) {
  const prices = await resolvePrices(db, o.companyId, o.lines.map((l) => ({ skuId: l.skuId, qty: l.qty })), o.at);
  const skus = await db.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id')
    .select(['skus.id', 'skus.code', 'skus.spec_text', 'skus.base_price', 'products.name', 'products.base_unit']).where('skus.id', 'in', o.lines.map((l) => l.skuId)).execute();
  const address = await db.selectFrom('company_addresses').select(['recipient', 'phone', 'province', 'city', 'district', 'address']).where('company_id', '=', o.companyId).orderBy('is_default', 'desc').executeTakeFirst();
  const company = await db.selectFrom('companies').select(['contact_name', 'contact_phone', 'province', 'city', 'district', 'address']).where('id', '=', o.companyId).executeTakeFirstOrThrow();
  const lines = o.lines.map((l, i) => {
    const s = skus.find((x) => x.id === l.skuId)!;
    const p = prices.get(l.skuId);
    const unit = p?.unitPrice ?? s.base_price;
    return { line_no: i + 1, sku_id: s.id, sku_code: s.code, name: s.name, spec_text: s.spec_text, unit: l.unit?.unit ?? s.base_unit, unit_factor: l.unit?.factor ?? 1, qty: l.qty, unit_price: unit, base_price: s.base_price, price_rule: JSON.stringify(p?.rule ?? null), line_total: lineTotal(unit, l.qty) };
  });
  const total = sumFen(lines.map((l) => l.line_total));
  return db.transaction().execute(async (trx) => {
    const order = await trx.insertInto('orders').values({
      number: `pending-${randomUUID()}`, company_id: o.companyId, buyer_user_id: o.buyerId, placed_by_user_id: o.placedBy, on_behalf: o.buyerId == null,
      status: 'pending_review', payment_method: null, subtotal: total, total, urgent: o.urgent,
      address: JSON.stringify(address ?? { recipient: company.contact_name, phone: company.contact_phone, province: company.province, city: company.city, district: company.district, address: company.address }),
      wished_delivery_date: null, invoice: null, customer_po: null, note: null, submitted_at: o.at, created_at: o.at, updated_at: o.at,
      approved_at: null, shipped_at: null, delivered_at: null, completed_at: null, cancelled_at: null, cancel_reason: null, reject_reason: null,
    }).returning(['id']).executeTakeFirstOrThrow();
    const inserted = await trx.insertInto('order_lines').values(lines.map((l) => ({ ...l, order_id: order.id }))).returning(['id', 'sku_id', 'qty']).execute();
    await trx.insertInto('order_history').values({ order_id: order.id, at: o.at, event: 'submit', from_status: null, to_status: 'pending_review', actor_user_id: o.placedBy, actor_label: o.placedByLabel, note: null, data: null }).execute();
    await reserve(trx, { orderId: order.id, companyId: o.companyId, lines: inserted.map((l) => ({ orderLineId: l.id, skuId: l.sku_id, qty: l.qty })) });
    await assignOrderNumber(trx, order.id, timeZone, o.at);
    await enterWorkflow(trx, order.id, o.at);
    return { id: order.id, total };
  });
}

/**
 * A submitted order with the prices and number given (pending review, a 'submit' history row, no
 * reservation): the payments demo's orders for statements and aging. Orders writes its own rows;
 * the caller then moves the order on through the workflow.
 */
export async function insertDemoSubmittedOrder(db: Kysely<DB>, o: {
  number: string; companyId: number; buyer: Actor; paymentMethod: 'transfer' | 'credit'; note: string;
  address: Record<string, string>;
  lines: { skuId: number; code: string; name: string; unit: string; qty: number; unitPrice: number; basePrice: number }[];
}): Promise<{ id: number; total: number }> {
  const lines = o.lines.map((l, i) => ({ line_no: i + 1, sku_id: l.skuId, sku_code: l.code, name: l.name, unit: l.unit, unit_factor: 1, qty: l.qty, unit_price: l.unitPrice, base_price: l.basePrice, price_rule: null, line_total: lineTotal(l.unitPrice, l.qty) }));
  const total = sumFen(lines.map((l) => l.line_total));
  return db.transaction().execute(async (trx) => {
    const order = await trx.insertInto('orders').values({
      number: o.number, company_id: o.companyId, buyer_user_id: o.buyer.userId, placed_by_user_id: o.buyer.userId, status: 'pending_review', payment_method: o.paymentMethod,
      subtotal: total, total, address: JSON.stringify(o.address), wished_delivery_date: null, invoice: null, customer_po: null, note: o.note,
      approved_at: null, shipped_at: null, delivered_at: null, completed_at: null, cancelled_at: null, cancel_reason: null, reject_reason: null,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('order_lines').values(lines.map((l) => ({ ...l, order_id: order.id }))).execute();
    await trx.insertInto('order_history').values({ order_id: order.id, event: 'submit', from_status: null, to_status: 'pending_review', actor_user_id: o.buyer.userId, actor_label: actorLabel(o.buyer), note: null, data: null }).execute();
    return { id: order.id, total };
  });
}
