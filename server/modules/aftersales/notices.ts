import type { Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { notify } from '../notifications';
import type { AftersalesStatus } from './transitions-table';

const STATUS: Record<AftersalesStatus, { zh: string; en: string }> = {
  draft: { zh: '待确认', en: 'awaiting your confirmation' },
  submitted: { zh: '已提交', en: 'submitted' },
  approved: { zh: '已同意', en: 'approved' },
  rejected: { zh: '已拒绝', en: 'rejected' },
  returning: { zh: '买家已寄回', en: 'sent back by the buyer' },
  received: { zh: '已收货验货', en: 'received and inspected' },
  shipped: { zh: '换货/补发已发出', en: 'replacement shipped' },
  completed: { zh: '已完成', en: 'completed' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};
/** Staff who act next in each state (in-app only). */
const STAFF_NEXT: Partial<Record<AftersalesStatus, ('admin' | 'warehouse' | 'finance')[]>> = {
  submitted: ['admin'],
  approved: ['warehouse', 'finance'],
  returning: ['warehouse'],
  received: ['finance', 'warehouse'],
};

/** Tells the buyer (in-app and email, in their language) and the staff who act next (in-app). */
export async function noticeRequest(
  trx: Transaction<DB>,
  n: { requestId: number; number: string; orderNumber: string; companyId: number; buyerUserId: number | null; salesRepId: number | null; to: AftersalesStatus; note?: string | null },
): Promise<void> {
  const s = STATUS[n.to];
  const users = n.buyerUserId ? await trx.selectFrom('users').select(['id', 'locale']).where('id', '=', n.buyerUserId).execute() : [];
  for (const u of users) {
    const en = u.locale.toLowerCase().startsWith('en');
    await notify(trx, {
      userIds: [u.id],
      title: en ? `After-sales ${n.number} ${s.en}` : `售后单${s.zh}：${n.number}`,
      body: en ? `Order ${n.orderNumber}${n.note ? `\n${n.note}` : ''}` : `订单 ${n.orderNumber}${n.note ? `\n${n.note}` : ''}`,
      link: `/aftersales/${n.requestId}`, entity: { type: 'aftersales_request', id: n.requestId }, email: true,
    });
  }
  const roles = STAFF_NEXT[n.to];
  const staff = new Set<number>();
  if (n.salesRepId && (n.to === 'submitted' || n.to === 'cancelled')) staff.add(n.salesRepId);
  if (roles) for (const u of await trx.selectFrom('users').select('id').where('company_id', 'is', null).where('role', 'in', roles).where('status', '=', 'active').execute()) staff.add(u.id);
  if (staff.size) {
    await notify(trx, {
      userIds: [...staff], title: `售后单${s.zh}：${n.number}`, body: `订单 ${n.orderNumber}${n.note ? `\n${n.note}` : ''}`,
      link: `/admin/aftersales/${n.requestId}`, entity: { type: 'aftersales_request', id: n.requestId }, email: false,
    });
  }
}
