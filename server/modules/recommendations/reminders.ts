import type { Kysely } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notify } from '../notifications';
import { dayIso, dayNumber } from './model';
import { dueReorders, reorderSettings } from './due';
import './tables';

/**
 * The optional reminder (company setting reminderDays): when a customer's regular item is
 * predicted within that many days, its buyers get one in-app notice (and e-mail) naming the items,
 * opening the portal home where 该补货了 adds them in one tap. Each company × SKU × predicted
 * day is reminded once (reorder_reminders), so the hourly job may run in several workers.
 */
export async function sendReorderReminders(db: Kysely<DB>, timeZone: string, now = new Date()): Promise<number> {
  const { reminderDays } = await reorderSettings(db);
  if (reminderDays == null) return 0;
  const today = dayNumber(now, timeZone);
  const until = dayIso(today + reminderDays);
  const companies = await db.selectFrom('reorder_predictions').select('company_id').distinct()
    .where('next_order_on', '<=', until)
    .where('next_order_on', '>=', dayIso(today - 7))
    .execute();
  let sent = 0;
  for (const { company_id: companyId } of companies) {
    // what the buyer would see on the home page: visible, on shelf, not already on its way
    const { items } = await dueReorders(db, companyId, { timeZone, locale: 'zh-CN', now, leadDays: reminderDays });
    if (items.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      const fresh = await trx.insertInto('reorder_reminders')
        .values(items.map((i) => ({ company_id: companyId, sku_id: i.skuId, next_order_on: i.nextOrderOn })))
        .onConflict((oc) => oc.columns(['company_id', 'sku_id', 'next_order_on']).doNothing())
        .returning('sku_id')
        .execute();
      const news = items.filter((i) => fresh.some((f) => f.sku_id === i.skuId));
      if (news.length === 0) return;
      const names = news.slice(0, 5).map((i) => `${i.name} ${i.qtyText}`).join('、') + (news.length > 5 ? ` 等 ${news.length} 种` : '');
      await notify(trx, {
        companyId, roles: ['customer_admin', 'customer_buyer'], kind: 'reorder.due',
        title: `该补货了：${news.length} 种常购商品`,
        body: `按您以往的订货节奏，这些商品快到补货时间了：${names}。打开首页可一键加入购物车。`,
        link: '/', email: true,
        dedupeKey: `reorder:${companyId}:${today}`,
      });
      sent += news.length;
    });
  }
  return sent;
}
