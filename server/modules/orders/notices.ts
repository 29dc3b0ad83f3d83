import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { formatYuan } from '../../lib/money';
import type { Role } from '../auth/actor';
import { notify, type NoticeKind } from '../notifications';
import type { OutboxHandler } from '../platform/outbox';
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

/** The staff page that lists the orders in a state: grouped staff notices open it. */
export function staffQueueLink(status: OrderStatus): string {
  if (status === 'picking' || status === 'pending_outbound') return '/admin/orders/warehouse';
  const tab: Record<OrderStatus, string> = {
    awaiting_approval: 'review', pending_review: 'review', pending_finance: 'review', pending_outbound: 'review',
    awaiting_payment: 'payment', picking: 'ship', partially_shipped: 'ship', shipped: 'shipping',
    delivered: 'done', completed: 'done', rejected: 'closed', cancelled: 'closed',
  };
  return `/admin/orders?tab=${tab[status]}`;
}

/**
 * The staff told when an order reaches `to`: its sales rep for review (or the order desk — admins —
 * when the customer has no rep) and for the end of the order (cancelled, rejected, delivered);
 * finance and warehouse for their steps. `except` (who caused it) is left out.
 */
async function staffFor(trx: Transaction<DB>, to: OrderStatus, salesRepId: number | null, except: number | null): Promise<number[]> {
  const ids = new Set<number>();
  if ((to === 'pending_review' || to === 'cancelled' || to === 'rejected' || to === 'delivered') && salesRepId) ids.add(salesRepId);
  const roles: Role[] = [...(STAFF_FOR[to] ?? []), ...(to === 'pending_review' && !salesRepId ? (['admin'] as Role[]) : [])];
  if (roles.length) {
    for (const u of await trx.selectFrom('users').select('id').where('company_id', 'is', null).where('role', 'in', roles).where('status', '=', 'active').execute()) ids.add(u.id);
  }
  if (except != null) ids.delete(except);
  return [...ids];
}

/** A staff notice about one order in `to`; unread ones of the same state collapse into one entry (e.g. "5 个订单待审核"). */
function staffNotice(n: { orderId: number; number: string; to: OrderStatus }, body: { zh: string; en: string }, dedupeKey?: string) {
  const status = STATUS_LABEL[n.to];
  return {
    kind: 'order.queue' as const,
    title: { zh: `订单${status.zh}：${n.number}`, en: `Order ${n.number} ${status.en}` },
    body,
    link: `/admin/orders/${n.orderId}`,
    orderId: n.orderId,
    email: false,
    group: { key: `order.queue:${n.to}`, title: { zh: `{n} 个订单${status.zh}`, en: `{n} orders ${status.en}` }, link: staffQueueLink(n.to) },
    dedupeKey,
  };
}

/**
 * Tells the people concerned about a status change, in their own language: the buyer (and whoever
 * placed the order; the customer's admins when their approval is needed), by in-app notice and
 * email; the staff who act next (the sales rep for review, finance, warehouse) in-app, grouped.
 * Routing a new order to its first step ('route') is announced by the submission notices instead.
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
    kind: 'order.status',
    title: { zh: `订单${status.zh}：${n.number}`, en: `Order ${n.number} ${status.en}` },
    body: base,
    link: `/orders/${n.orderId}`,
    orderId: n.orderId,
    email: true,
  });
  await byLocale(trx, await staffFor(trx, n.to, n.salesRepId, null), staffNotice(n, base));
}

/** What the `order.submitted` event carries (submit.ts). */
export interface Submitted {
  orderId: number;
  number: string;
  companyId: number;
  status: OrderStatus;
  total: number;
  placedByUserId: number;
  buyerUserId: number | null;
  onBehalf: boolean;
}

/**
 * The notices of a new order, sent after commit from its `order.submitted` event (each at most
 * once per person, so a re-delivered event sends nothing twice): the buyer — order received, its
 * number; the customer's admins — when it waits for their approval, or when a sales rep placed it
 * on their behalf; the staff who act on it next — the serving rep or the order desk for 待审核
 * (finance or warehouse when the review chain starts elsewhere), unless they placed it.
 */
export async function noticeSubmission(trx: Transaction<DB>, p: Submitted): Promise<void> {
  const o = await trx
    .selectFrom('orders as o')
    .innerJoin('companies as c', 'c.id', 'o.company_id')
    .innerJoin('users as placer', 'placer.id', 'o.placed_by_user_id')
    .select(['o.id', 'o.number', 'o.total', 'c.name as companyName', 'c.sales_rep_id as salesRepId', 'placer.name as placerName', 'placer.company_id as placerCompanyId'])
    .where('o.id', '=', p.orderId)
    .executeTakeFirst();
  if (!o) return;
  const status = STATUS_LABEL[p.status];
  const amount = `¥${formatYuan(o.total)}`;
  const link = `/orders/${o.id}`;
  const once = (kind: string) => `${kind}:${o.id}`;
  const admins = (await trx.selectFrom('users').select('id').where('company_id', '=', p.companyId).where('role', '=', 'customer_admin').execute()).map((u) => u.id);

  if (o.placerCompanyId != null) {
    await byLocale(trx, [o.placerCompanyId === p.companyId ? p.placedByUserId : null, p.buyerUserId].filter((x): x is number => x != null), {
      kind: 'order.received', orderId: o.id, link, email: true, dedupeKey: once('order.received'),
      title: { zh: `订单已提交：${o.number}`, en: `Order ${o.number} received` },
      body: { zh: `我们已收到您的订单 ${o.number}（${amount}），当前状态：${status.zh}。`, en: `We have received your order ${o.number} (${amount}); it is ${status.en}.` },
    });
  }
  if (p.status === 'awaiting_approval') {
    await byLocale(trx, admins.filter((id) => id !== p.placedByUserId), {
      kind: 'order.approval_needed', orderId: o.id, link, email: true, dedupeKey: once('order.approval_needed'),
      title: { zh: `待您审批：订单 ${o.number}`, en: `Order ${o.number} needs your approval` },
      body: {
        zh: `${o.placerName} 提交的订单 ${o.number}（${amount}）超出其单笔限额，请审批后再交供应商审核。`,
        en: `${o.placerName} submitted order ${o.number} (${amount}) above their per-order limit; approve it so the supplier can review it.`,
      },
    });
  }
  if (p.onBehalf) {
    await byLocale(trx, [...new Set([...admins, ...(p.buyerUserId != null ? [p.buyerUserId] : [])])], {
      kind: 'order.placed_for_you', orderId: o.id, link, email: true, dedupeKey: once('order.placed_for_you'),
      title: { zh: `业务员为您代下单：${o.number}`, en: `Order ${o.number} placed for you` },
      body: {
        zh: `${o.placerName} 为${o.companyName}代下订单 ${o.number}（${amount}），当前状态：${status.zh}。如有疑问请联系业务员。`,
        en: `${o.placerName} placed order ${o.number} (${amount}) for ${o.companyName}; it is ${status.en}. Questions: ask your sales rep.`,
      },
    });
  }
  // When auto-approval moved the new order on, that transition has told the staff already.
  const reached = await trx.selectFrom('order_history').select('event').where('order_id', '=', o.id).where('to_status', '=', p.status).orderBy('id').executeTakeFirst();
  if (reached && (reached.event === 'submit' || reached.event === 'route')) {
    const body = {
      zh: `${o.companyName} 的订单 ${o.number}（${amount}）${status.zh}${p.onBehalf ? `（${o.placerName} 代客下单）` : ''}`,
      en: `${o.companyName}: order ${o.number} (${amount}) is ${status.en}${p.onBehalf ? ` (placed on behalf by ${o.placerName})` : ''}`,
    };
    await byLocale(trx, await staffFor(trx, p.status, o.salesRepId, p.placedByUserId), staffNotice({ orderId: o.id, number: o.number, to: p.status }, body, once('order.queue')));
  }
}

interface LocalizedNotice {
  kind: NoticeKind;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string;
  orderId: number;
  email: boolean;
  group?: { key: string; title: { zh: string; en: string }; link: string };
  dedupeKey?: string;
}

/**
 * Sends one notice per language group, so every recipient reads (and gets email) in their locale.
 * A link into the staff console (/admin/…) reaches staff only, a portal link customer users only:
 * whoever placed an order may be a sales rep (代客下单), who reads it in the console.
 */
export async function byLocale(trx: Transaction<DB>, userIds: number[], m: LocalizedNotice): Promise<void> {
  if (!userIds.length) return;
  const staffLink = m.link === '/admin' || m.link.startsWith('/admin/');
  const users = await trx.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).where('company_id', staffLink ? 'is' : 'is not', null).execute();
  const en = users.filter((u) => u.locale.toLowerCase().startsWith('en')).map((u) => u.id);
  const zh = users.filter((u) => !u.locale.toLowerCase().startsWith('en')).map((u) => u.id);
  const entity = { type: 'order', id: m.orderId };
  for (const [ids, lang] of [[zh, 'zh'], [en, 'en']] as const) {
    if (!ids.length) continue;
    await notify(trx, {
      kind: m.kind, userIds: ids, title: m.title[lang], body: m.body[lang], link: m.link, entity, email: m.email, dedupeKey: m.dedupeKey,
      group: m.group ? { key: m.group.key, title: m.group.title[lang], link: m.group.link } : undefined,
    });
  }
}

/** Outbox consumer: the notices of a new order (see noticeSubmission). */
export function submissionNoticeHandler(): OutboxHandler {
  return {
    name: 'orders.submission-notices',
    topics: ['order.submitted'],
    async handle(ev, db) {
      await db.transaction().execute((trx) => noticeSubmission(trx, ev.payload as unknown as Submitted));
    },
  };
}
