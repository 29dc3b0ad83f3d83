import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import type { Role } from '../auth/actor';
import { notify } from '../notifications';
import type { OrderStatus } from './status';
import '../auth/tables';

/** Status names in both languages (notices, delivery notes). */
export const STATUS_LABEL: Record<OrderStatus, { zh: string; en: string }> = {
  awaiting_approval: { zh: '待客户审批', en: 'awaiting your approval' },
  pending_review: { zh: '待审核', en: 'awaiting review' },
  pending_finance: { zh: '待财务审核', en: 'awaiting finance review' },
  awaiting_payment: { zh: '待付款', en: 'awaiting payment' },
  pending_outbound: { zh: '待出库审核', en: 'awaiting outbound review' },
  picking: { zh: '待发货（拣货中）', en: 'being picked' },
  partially_shipped: { zh: '部分发货', en: 'partly shipped' },
  shipped: { zh: '已发货', en: 'shipped' },
  delivered: { zh: '已签收', en: 'delivered' },
  completed: { zh: '已完成', en: 'completed' },
  rejected: { zh: '已驳回', en: 'rejected' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

export interface Notice {
  orderId: number;
  number: string;
  companyId: number;
  buyerUserId: number | null;
  placedByUserId: number;
  salesRepId: number | null;
  total: number;
  to: OrderStatus;
  event: string;
  note: string | null;
  /** an extra line, e.g. the tracking number of a shipment */
  extra?: { zh: string; en: string } | null;
}

/** Which staff roles must act when an order reaches a state (their in-app queue). */
const STAFF_FOR: Partial<Record<OrderStatus, Role[]>> = {
  pending_finance: ['finance'],
  awaiting_payment: ['finance'],
  pending_outbound: ['warehouse'],
  picking: ['warehouse'],
};

/**
 * Tells the people concerned about a status change, in their own language: the buyer (and whoever
 * placed the order; the customer's admins when their approval is needed), by in-app notice and
 * email; the staff who act next (the sales rep for review, finance, warehouse) in-app.
 */
export async function noticeTransition(trx: Transaction<DB>, n: Notice): Promise<void> {
  if (n.event === 'route') return;
  const status = STATUS_LABEL[n.to];
  const base = {
    zh: `订单 ${n.number}（¥${formatYuan(n.total)}）${status.zh}${n.note ? `：${n.note}` : ''}${n.extra ? `\n${n.extra.zh}` : ''}`,
    en: `Order ${n.number} (¥${formatYuan(n.total)}) is ${status.en}${n.note ? `: ${n.note}` : ''}${n.extra ? `\n${n.extra.en}` : ''}`,
  };
  const customers = [n.buyerUserId, n.placedByUserId].filter((x): x is number => x != null);
  const customerAdmins = n.to === 'awaiting_approval'
    ? (await trx.selectFrom('users').select('id').where('company_id', '=', n.companyId).where('role', '=', 'customer_admin').execute()).map((u) => u.id)
    : [];
  await byLocale(trx, [...new Set([...customers, ...customerAdmins])], {
    title: { zh: `订单${status.zh}：${n.number}`, en: `Order ${n.number} ${status.en}` },
    body: base,
    link: `/orders/${n.orderId}`,
    orderId: n.orderId,
    email: true,
  });
  const staffIds = new Set<number>();
  if (n.to === 'pending_review' || n.to === 'cancelled' || n.to === 'rejected' || n.to === 'delivered') {
    if (n.salesRepId) staffIds.add(n.salesRepId);
  }
  const roles = STAFF_FOR[n.to];
  if (roles) {
    for (const u of await trx.selectFrom('users').select('id').where('company_id', 'is', null).where('role', 'in', roles).where('status', '=', 'active').execute()) staffIds.add(u.id);
  }
  if (n.to === 'pending_review' && !n.salesRepId) {
    for (const u of await trx.selectFrom('users').select('id').where('company_id', 'is', null).where('role', '=', 'admin').where('status', '=', 'active').execute()) staffIds.add(u.id);
  }
  await byLocale(trx, [...staffIds], {
    title: { zh: `订单${status.zh}：${n.number}`, en: `Order ${n.number} ${status.en}` },
    body: base,
    link: `/admin/orders/${n.orderId}`,
    orderId: n.orderId,
    email: false,
  });
}

/** Sends one notice per language group, so every recipient reads (and gets email) in their locale. */
export async function byLocale(
  trx: Transaction<DB>,
  userIds: number[],
  m: { title: { zh: string; en: string }; body: { zh: string; en: string }; link: string; orderId: number; email: boolean },
): Promise<void> {
  if (!userIds.length) return;
  const users = await trx.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).execute();
  const en = users.filter((u) => u.locale.toLowerCase().startsWith('en')).map((u) => u.id);
  const zh = users.filter((u) => !u.locale.toLowerCase().startsWith('en')).map((u) => u.id);
  const entity = { type: 'order', id: m.orderId };
  if (zh.length) await notify(trx, { userIds: zh, title: m.title.zh, body: m.body.zh, link: m.link, entity, email: m.email });
  if (en.length) await notify(trx, { userIds: en, title: m.title.en, body: m.body.en, link: m.link, entity, email: m.email });
}
