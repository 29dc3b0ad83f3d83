import type { CreditCheck } from '../orders/guards';
import { AppError } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { creditCheck, creditStatus } from './accounts';
import './tables';

/**
 * The credit check the order workflow runs at finance review, when granting credit and for
 * "good standing" in auto-approval. It applies to customers on credit terms whose order goes on
 * credit (its method, or — waiting for payment — being granted credit). Inside a transition it
 * is the atomic creditCheck: it locks the customer's account and charges the order to the
 * receivable, so concurrent approvals count each other (a rollback undoes the charge). Outside a
 * transaction (the review queue, the order page) it only reads, and counts everything the customer
 * owes: overdue receivables (aging) make the status a warning for any order, not only credit ones.
 */
export const workflowCreditCheck: CreditCheck = async (db, order) => {
  const onCredit = order.payment_terms === 'credit' && ((order.payment_method ?? 'credit') === 'credit' || order.status === 'awaiting_payment');
  if (db.isTransaction) {
    if (!onCredit) return { ok: true, summary: '不占用信用额度 / no credit used' };
    try {
      const r = await creditCheck(db as Parameters<typeof creditCheck>[0], order.company_id, order.total, order.id);
      return { ok: true, summary: `可用额度 ¥${formatYuan(r.available)} / credit available` };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, code: e.code, params: e.params, summary: e.code };
      throw e;
    }
  }
  // The review screen: everything the customer owes counts, whatever this order's payment method.
  const s = await creditStatus(db, order.company_id);
  const overdue = s.overdue > 0 ? `逾期应收 ¥${formatYuan(s.overdue)} / overdue` : '';
  if (!onCredit) {
    return s.overdue > 0
      ? { ok: false, code: 'CREDIT_OVERDUE', params: { overdue: formatYuan(s.overdue) }, overdue: s.overdue, summary: overdue }
      : { ok: true, overdue: 0, summary: '不占用信用额度 / no credit used' };
  }
  const charged = !!(await db.selectFrom('ledger_journals').select('id').where('order_id', '=', order.id).where('kind', '=', 'order_charge').executeTakeFirst());
  const need = charged ? 0 : order.total;
  if (s.onHold) return { ok: false, code: 'CUSTOMER_ON_HOLD', params: { reason: s.holdReason ?? '' }, overdue: s.overdue, summary: `冻结 / on hold: ${s.holdReason ?? ''}` };
  if (s.outstanding + need > s.creditLimit) {
    return { ok: false, code: 'CREDIT_LIMIT_EXCEEDED', params: { outstanding: formatYuan(s.outstanding), amount: formatYuan(order.total), limit: formatYuan(s.creditLimit) }, overdue: s.overdue, summary: `超额 / over limit: ¥${formatYuan(s.outstanding + need)} > ¥${formatYuan(s.creditLimit)}` };
  }
  if (s.overdue > 0) return { ok: false, code: 'CREDIT_OVERDUE', params: { overdue: formatYuan(s.overdue) }, overdue: s.overdue, summary: `${overdue}，可用额度 ¥${formatYuan(s.creditLimit - s.outstanding - need)}` };
  return { ok: true, overdue: 0, summary: `可用额度 ¥${formatYuan(s.creditLimit - s.outstanding - need)}` };
};
