import type { SeedContext } from '../../lib/module';
import { demoActor } from '../orders';
import { setSetting } from '../platform/settings';
import { createWarehouse } from '../inventory/warehouses';
import { orderLinesForAftersales } from '../orders';
import { createRequest, QUARANTINE_SETTING } from './requests';
import { applyAftersalesEvent } from './engine';
import { createComplaint, replyComplaint } from './complaints';
import './tables';

/**
 * Demo after-sales: a quarantine warehouse for defective returns (inactive, so its stock is never
 * sold), and a few requests on recently received orders of the demo customers — one refunded
 * return, one approved waiting for the goods, one submitted for review, one refund only.
 */
export async function seedAftersalesDemo(ctx: SeedContext): Promise<void> {
  const db = ctx.database.db;
  const users = ctx.refs.users ?? {};
  if (!users.admin || !users.warehouse || !users.finance) return;
  const q = await createWarehouse(db, await demoActor(db, users.admin), { code: 'WH-QC', name: '次品仓（售后隔离）', address: null, provinces: [], priority: 99, active: false });
  await setSetting(db, QUARANTINE_SETTING, q.id);
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'buyer_user_id', 'delivered_at'])
    .where('status', 'in', ['delivered', 'completed'])
    .where('buyer_user_id', 'is not', null)
    .where('delivered_at', '>', new Date(Date.now() - 10 * 86_400_000))
    .orderBy('delivered_at', 'desc')
    .limit(4)
    .execute();
  if (!orders.length) return;
  const [admin, warehouse, finance] = await Promise.all([users.admin, users.warehouse, users.finance].map((id) => demoActor(db, id)));
  const reasons = Object.fromEntries((await db.selectFrom('aftersales_reasons').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  const mainWh = await db.selectFrom('warehouses').select('id').where('active', '=', true).orderBy('priority').orderBy('id').executeTakeFirstOrThrow();
  const plans = [
    { kind: 'return_refund' as const, reason: 'damaged', steps: ['approve', 'receive', 'refund'], text: '外箱压坏，两瓶漏液' },
    { kind: 'return_refund' as const, reason: 'quality', steps: ['approve'], text: '口味异常，整箱退回' },
    { kind: 'exchange' as const, reason: 'wrong_item', steps: [], text: '发错规格，需要换成 550ml' },
    { kind: 'refund_only' as const, reason: 'price', steps: [], text: '促销价未生效，申请退差价' },
  ];
  const made: number[] = [];
  for (const [i, o] of orders.entries()) {
    const plan = plans[i]!;
    const buyer = await demoActor(db, o.buyer_user_id!);
    const lines = await db.transaction().execute((trx) => orderLinesForAftersales(trx, o.id));
    const line = lines.find((l) => l.shippedQty >= 2);
    if (!line) continue;
    const qty = 2;
    const r = await createRequest(db, buyer, { orderId: o.id, kind: plan.kind, reasonId: reasons[plan.reason]!, description: plan.text, lines: [{ orderLineId: line.id, qty }] }, { timeZone: ctx.timeZone, now: new Date() });
    made.push(r.id);
    for (const step of plan.steps) {
      if (step === 'approve') await applyAftersalesEvent(db, admin, r.id, { event: 'approve' });
      if (step === 'receive') {
        const l = await db.selectFrom('aftersales_lines').select('id').where('request_id', '=', r.id).executeTakeFirstOrThrow();
        await applyAftersalesEvent(db, warehouse, r.id, { event: 'receive', inspection: { warehouseId: mainWh.id, lines: [{ lineId: l.id, toStock: 1, defective: 1, refused: 0 }] } });
      }
      if (step === 'refund') await applyAftersalesEvent(db, finance, r.id, { event: 'refund', refund: { destination: 'balance' } });
    }
  }
  // the refund-only request has waited three days for review: the demo shows a 超时 mark
  const waiting = made[3];
  if (waiting) await db.updateTable('aftersales_requests').set({ updated_at: new Date(Date.now() - 3 * 86_400_000) }).where('id', '=', waiting).execute();
  // a complaint nobody has answered for two days (overdue), and one answered
  const buyerId = orders[0]!.buyer_user_id!;
  const buyer = await demoActor(db, buyerId);
  const late = await createComplaint(db, buyer, { orderId: orders[0]!.id, subject: '送货延误两天', body: '约定周一送达，周三才到，影响门店销售' }, ctx.timeZone);
  await db.updateTable('aftersales_complaints').set({ created_at: new Date(Date.now() - 2 * 86_400_000), last_message_at: new Date(Date.now() - 2 * 86_400_000) }).where('id', '=', late.id).execute();
  const asked = await createComplaint(db, buyer, { subject: '发票抬头需要更改', body: '请把发票抬头改为公司全称' }, ctx.timeZone);
  await replyComplaint(db, admin, asked.id, { body: '已为您更正，新发票随下批货寄出' });
}
