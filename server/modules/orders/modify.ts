import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, validation } from '../../lib/errors';
import { registerMessages } from '../../lib/i18n';
import { lineTotal, sumFen } from '../../lib/money';
import { actorLabel } from '../../lib/actor-label';
import type { Actor } from '../auth/actor';
import { reserveEditedOrder } from '../inventory/order-edit';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { resolvePrices } from '../pricing';
import { byLocale, STATUS_LABEL } from './notices';
import { lockOrder } from './workflow';
import { lifecyclePorts } from './lifecycle';
import '../catalog/tables';

registerMessages({
  ORDER_NOT_MODIFIABLE: { zh: '订单 {number} 当前状态为「{status}」，只能在审核通过前修改', en: 'Order {number} is {status}; it can only be changed before approval' },
  ORDER_MODIFY_FORBIDDEN: { zh: '只有业务员或管理员可以修改订单', en: 'Only sales reps and admins may change orders' },
  ORDER_EMPTY: { zh: '订单至少要保留一行', en: 'An order needs at least one line' },
});

const MODIFIABLE = ['awaiting_approval', 'pending_review'] as const;

export interface ModifyInput {
  version: number;
  reason: string;
  /** the order's lines after the change: `id` keeps (and may change) a line, no id adds one; lines left out are removed */
  lines: { id?: number; skuId?: number; qty: number; unitPrice?: number }[];
}

type Line = { id: number; line_no: number; sku_id: number; sku_code: string; name: string; qty: number; unit_price: number; base_price: number };

/**
 * Changes an order before approval (quantities, lines, prices with a reason): its reservation
 * follows the new quantities in the same transaction (all or nothing; inventory's
 * reserveEditedOrder keeps waiting lines' place in the queue), writes
 * a 'modify' history row with the differences and tells the customer what changed. An order paid
 * from the prepaid balance has its hold follow the new total (refused when the balance is short).
 */
export async function modifyOrder(db: Kysely<DB>, actor: Actor, orderId: number, input: ModifyInput) {
  if (actor.role !== 'admin' && actor.role !== 'sales') throw new AppError('ORDER_MODIFY_FORBIDDEN', 403);
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, actor, orderId);
    if (order.version !== input.version) throw new AppError('ORDER_VERSION_CONFLICT', 409, { number: order.number, status: order.status, version: order.version }, { status: order.status, version: order.version });
    if (!(MODIFIABLE as readonly string[]).includes(order.status)) throw new AppError('ORDER_NOT_MODIFIABLE', 409, { number: order.number, status: STATUS_LABEL[order.status] }, { status: order.status });
    if (input.lines.length === 0) throw new AppError('ORDER_EMPTY', 400, {}, [{ path: 'body.lines', message: 'at least one line' }]);
    const old = (await trx.selectFrom('order_lines').select(['id', 'line_no', 'sku_id', 'sku_code', 'name', 'qty', 'unit_price', 'base_price']).where('order_id', '=', orderId).orderBy('line_no').execute()) as Line[];
    const kept = new Set<number>();
    input.lines.forEach((l, i) => {
      if (l.id != null) {
        if (!old.some((o) => o.id === l.id)) throw validation([{ path: `body.lines.${i}.id`, message: 'not a line of this order' }]);
        if (kept.has(l.id)) throw validation([{ path: `body.lines.${i}.id`, message: 'appears twice' }]);
        kept.add(l.id);
      } else if (l.skuId == null) throw validation([{ path: `body.lines.${i}.skuId`, message: 'required for a new line' }]);
    });
    const newSkuIds = input.lines.filter((l) => l.id == null).map((l) => l.skuId!);
    const skus = newSkuIds.length
      ? await trx.selectFrom('skus').innerJoin('products', 'products.id', 'skus.product_id')
        .select(['skus.id', 'skus.code', 'skus.spec_text', 'skus.base_price', 'skus.active', 'products.name', 'products.base_unit']).where('skus.id', 'in', newSkuIds).execute()
      : [];
    input.lines.forEach((l, i) => {
      if (l.id == null && !skus.some((s) => s.id === l.skuId && s.active)) throw validation([{ path: `body.lines.${i}.skuId`, message: 'unknown or inactive SKU' }]);
    });
    const prices = newSkuIds.length ? await resolvePrices(trx, order.company_id, input.lines.filter((l) => l.id == null).map((l) => ({ skuId: l.skuId!, qty: l.qty }))) : new Map();

    const changes: { line: string; before: string; after: string }[] = [];
    const removed = old.filter((o) => !kept.has(o.id));
    if (removed.length) await trx.deleteFrom('order_lines').where('id', 'in', removed.map((r) => r.id)).execute();
    removed.forEach((r) => changes.push({ line: `${r.sku_code} ${r.name}`, before: `${r.qty}`, after: '—' }));
    let lineNo = Math.max(0, ...old.map((o) => o.line_no));
    for (const l of input.lines) {
      if (l.id != null) {
        const o = old.find((x) => x.id === l.id)!;
        const price = l.unitPrice ?? o.unit_price;
        if (price === o.unit_price && l.qty === o.qty) continue;
        await trx.updateTable('order_lines')
          .set({ qty: l.qty, unit_price: price, line_total: lineTotal(price, l.qty), ...(price !== o.unit_price ? { price_rule: JSON.stringify({ kind: 'manual', reason: input.reason, previous: o.unit_price }) } : {}) })
          .where('id', '=', o.id).execute();
        changes.push({ line: `${o.sku_code} ${o.name}`, before: `${o.qty} × ¥${(o.unit_price / 100).toFixed(2)}`, after: `${l.qty} × ¥${(price / 100).toFixed(2)}` });
      } else {
        const sku = skus.find((s) => s.id === l.skuId)!;
        const resolved = prices.get(sku.id);
        const price = l.unitPrice ?? resolved?.unitPrice ?? sku.base_price;
        lineNo += 1;
        await trx.insertInto('order_lines').values({
          order_id: orderId, line_no: lineNo, sku_id: sku.id, sku_code: sku.code, name: sku.name, spec_text: sku.spec_text, unit: sku.base_unit, unit_factor: 1, base_unit: sku.base_unit,
          qty: l.qty, unit_price: price, base_price: sku.base_price, line_total: lineTotal(price, l.qty),
          price_rule: JSON.stringify(l.unitPrice != null ? { kind: 'manual', reason: input.reason } : resolved?.rule ?? null),
        }).execute();
        changes.push({ line: `${sku.code} ${sku.name}`, before: '—', after: `${l.qty} × ¥${(price / 100).toFixed(2)}` });
      }
    }
    const lines = await trx.selectFrom('order_lines').select(['id', 'sku_id', 'qty', 'line_total']).where('order_id', '=', orderId).execute();
    // only what changed moves: waiting lines keep their place in the pre-order / backorder queue
    await reserveEditedOrder(trx, { orderId, companyId: order.company_id, lines: lines.map((l) => ({ orderLineId: l.id, skuId: l.sku_id, qty: l.qty })) });
    const subtotal = sumFen(lines.map((l) => l.line_total));
    const totals = await trx.updateTable('orders')
      .set((eb) => ({ subtotal, total: sql<number>`greatest(${subtotal}::bigint - ${eb.ref('discount_total')} + ${eb.ref('shipping_fee')}, 0)`, version: order.version + 1, updated_at: sql`now()` }))
      .where('id', '=', orderId).returning(['total', 'version']).executeTakeFirstOrThrow();
    // an order paid from the prepaid balance: its hold follows the new total (payments' function)
    await lifecyclePorts().balance.follow(trx, actor, orderId);
    await trx.insertInto('order_history').values({
      order_id: orderId, event: 'modify', from_status: order.status, to_status: order.status, actor_user_id: actor.userId,
      actor_label: actorLabel(actor), note: input.reason, data: JSON.stringify({ changes, totalBefore: order.total, totalAfter: totals.total }),
    }).execute();
    await audit(trx, actor, { action: 'order.modify', entityType: 'order', entityId: orderId, before: { total: order.total, lines: old }, after: { total: totals.total, changes } });
    await emit(trx, 'order.modified', { orderId, number: order.number, companyId: order.company_id, totalBefore: order.total, totalAfter: totals.total, reason: input.reason });
    const summary = changes.map((c) => `${c.line}: ${c.before} → ${c.after}`).join('\n');
    await byLocale(trx, [...new Set([order.buyer_user_id, order.placed_by_user_id].filter((x): x is number => x != null))], {
      kind: 'order.modified',
      title: { zh: `订单已修改：${order.number}`, en: `Order ${order.number} was changed` },
      body: {
        zh: `原因：${input.reason}\n${summary}\n金额 ¥${(order.total / 100).toFixed(2)} → ¥${(totals.total / 100).toFixed(2)}`,
        en: `Reason: ${input.reason}\n${summary}\nTotal ¥${(order.total / 100).toFixed(2)} → ¥${(totals.total / 100).toFixed(2)}`,
      },
      link: `/orders/${orderId}`, orderId, email: true,
    });
    return { version: totals.version, total: totals.total, changes };
  });
}

/** Marks an order urgent (加急) or not; urgent orders come first in the warehouse queue and pick lists. */
export async function setUrgent(db: Kysely<DB>, actor: Actor, orderId: number, urgent: boolean) {
  return db.transaction().execute(async (trx: Transaction<DB>) => {
    const order = await lockOrder(trx, actor, orderId);
    if (order.urgent === urgent) return;
    await trx.updateTable('orders').set({ urgent, version: order.version + 1, updated_at: sql`now()` }).where('id', '=', orderId).execute();
    await trx.insertInto('order_history').values({
      order_id: orderId, event: urgent ? 'mark_urgent' : 'unmark_urgent', from_status: order.status, to_status: order.status,
      actor_user_id: actor.userId, actor_label: actorLabel(actor), note: null, data: null,
    }).execute();
    await audit(trx, actor, { action: 'order.urgent', entityType: 'order', entityId: orderId, before: { urgent: order.urgent }, after: { urgent } });
    await emit(trx, 'order.priority_changed', { orderId, number: order.number, urgent });
  });
}
