import type { BalancePort, CreditPort, CreditVerdict, WorkflowOrder } from '../orders';
import { onCredit } from '../orders';
import { AppError } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { chargeOrder, checkCreditLimit, creditStatus } from './accounts';
import { reverseCharge } from './refunds';
import { followHold, releaseHold } from './holds';
import { captureHold } from './order-payments';
import './tables';

const NO_CREDIT: CreditVerdict = { ok: true, summary: '不占用信用额度 / no credit used' };

/**
 * The credit check the order lifecycle runs at review and finance approval, when granting credit
 * and for "good standing" in auto-approval, with the charge and its reversal: what the module
 * registry wires into orders (orders/lifecycle.ts). It applies to orders on credit (onCredit).
 */
export const creditPort: CreditPort = {
  async check(trx, order) {
    if (!onCredit(order)) return NO_CREDIT;
    try {
      const r = await checkCreditLimit(trx, order.company_id, order.total, order.id);
      return { ok: true, summary: `可用额度 ¥${formatYuan(r.available)} / credit available` };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, code: e.code, params: e.params, summary: e.code };
      throw e;
    }
  },
  // The review screen: everything the customer owes counts, whatever this order's payment method.
  async assess(db, order: WorkflowOrder) {
    const s = await creditStatus(db, order.company_id);
    const overdue = s.overdue > 0 ? `逾期应收 ¥${formatYuan(s.overdue)} / overdue` : '';
    if (!onCredit(order)) {
      return s.overdue > 0
        ? { ok: false, code: 'CREDIT_OVERDUE', params: { overdue: formatYuan(s.overdue) }, overdue: s.overdue, summary: overdue }
        : { ...NO_CREDIT, overdue: 0 };
    }
    const charged = !!(await db.selectFrom('ledger_journals').select('id').where('order_id', '=', order.id).where('kind', '=', 'order_charge').executeTakeFirst());
    const need = charged ? 0 : order.total;
    if (s.onHold) return { ok: false, code: 'CUSTOMER_ON_HOLD', params: { reason: s.holdReason ?? '' }, overdue: s.overdue, summary: `冻结 / on hold: ${s.holdReason ?? ''}` };
    if (s.outstanding + need > s.creditLimit) {
      return { ok: false, code: 'CREDIT_LIMIT_EXCEEDED', params: { outstanding: formatYuan(s.outstanding), amount: formatYuan(order.total), limit: formatYuan(s.creditLimit) }, overdue: s.overdue, summary: `超额 / over limit: ¥${formatYuan(s.outstanding + need)} > ¥${formatYuan(s.creditLimit)}` };
    }
    if (s.overdue > 0) return { ok: false, code: 'CREDIT_OVERDUE', params: { overdue: formatYuan(s.overdue) }, overdue: s.overdue, summary: `${overdue}，可用额度 ¥${formatYuan(s.creditLimit - s.outstanding - need)}` };
    return { ok: true, overdue: 0, summary: `可用额度 ¥${formatYuan(s.creditLimit - s.outstanding - need)}` };
  },
  charge: (trx, actor, orderId) => chargeOrder(trx, actor, orderId),
  reverse: (trx, actor, orderId) => reverseCharge(trx, actor, orderId),
};

/** The prepaid balance hold's capture (approval), release (cancel, reject) and follow (a changed total), wired into orders. */
export const balancePort: BalancePort = {
  capture: (trx, actor, orderId) => captureHold(trx, actor, orderId),
  release: (trx, actor, orderId) => releaseHold(trx, actor, orderId),
  follow: (trx, actor, orderId) => followHold(trx, actor, orderId),
};
