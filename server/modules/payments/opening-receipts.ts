import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../lib/db-types';
import { AppError, retryTransient } from '../../lib/errors';
import { formatYuan } from '../../lib/money';
import { registerMessages } from '../../lib/i18n';
import type { Actor } from '../auth/actor';
import { assertCustomerAccess } from '../customers';
import { audit } from '../platform/audit';
import { emit } from '../platform/outbox';
import { once } from '../platform/idempotency';
import { ensureAccount, postJournal } from './ledger';
import { openingReceivablesSql, supplierDaySql } from './opening';
import './tables';

/**
 * Receipts against opening receivables (issue 19): the debt a customer brought from the old
 * system is paid down the way an order is — finance records the money received (收款), or takes it
 * from the customer's prepaid balance (预存款抵扣): a payment of purpose 'opening' and an
 * 'opening_payment' journal (cash or prepaid debited, receivable credited), in
 * one transaction with its audit entry and event. Never more than is still open. The opening
 * journals keep the amount imported, so a later import sets that amount and the receipts stay.
 */
registerMessages({
  OPENING_RECEIPT_NOTHING_OPEN: {
    zh: '客户 {companyName} 没有未收的期初应收，不能登记期初应收收款',
    en: 'Customer {companyName} has no opening receivable left to receive against',
  },
  OPENING_RECEIPT_EXCEEDS: {
    zh: '收款金额 ¥{amount} 超过客户 {companyName} 未收的期初应收 ¥{outstanding}：最多登记 ¥{outstanding}',
    en: 'The receipt of ¥{amount} is more than the ¥{outstanding} of opening receivable customer {companyName} still owes: record at most ¥{outstanding}',
  },
});

type Q = Kysely<DB> | Transaction<DB>;
export interface ReceiptInput { amount: number; method: 'transfer' | 'online' | 'balance'; payerName?: string | null; note?: string | null }

/** A customer's opening receivable: imported (original), received since, still open, its due day and whether it is past it. */
export async function openingReceivableOf(db: Q, companyId: number) {
  const r = await sql<{ original: number; received: number; outstanding: number; due_day: string | null; imported_due: string | null; overdue: boolean }>`
    select r.original, r.received, r.outstanding, to_char(r.due_day, 'YYYY-MM-DD') as due_day,
           to_char(r.imported_due, 'YYYY-MM-DD') as imported_due, r.due_day < ${supplierDaySql()} as overdue
      from ${openingReceivablesSql(undefined, { all: true })} r where r.company_id = ${companyId}`.execute(db);
  const x = r.rows[0];
  return {
    companyId,
    original: Number(x?.original ?? 0),
    received: Number(x?.received ?? 0),
    outstanding: Number(x?.outstanding ?? 0),
    /** the due day the aging uses (imported, or import day + credit days); null without an opening receivable */
    dueDate: x?.due_day ?? null,
    /** the 期初应收到期日 the import gave, if any */
    importedDueDate: x?.imported_due ?? null,
    overdue: !!x?.overdue && Number(x.outstanding) > 0,
  };
}

/**
 * Finance records money received against a customer's opening receivable (at most what is
 * still open). The account row is locked first, so a concurrent receipt or opening import of
 * the same customer waits and then sees what is left. A retry with the same Idempotency-Key
 * returns the first result.
 */
export async function recordOpeningReceipt(db: Kysely<DB>, actor: Actor, companyId: number, input: ReceiptInput, idempotencyKey?: string) {
  await assertCustomerAccess(db, actor, companyId);
  const c = await db.selectFrom('companies').select('name').where('id', '=', companyId).executeTakeFirstOrThrow();
  const { result } = await retryTransient(() => db.transaction().execute((trx) =>
    once(trx, `payments.opening:${companyId}`, idempotencyKey, { companyId, ...input }, async () => {
      await ensureAccount(trx, companyId);
      await trx.selectFrom('customer_accounts').select('company_id').where('company_id', '=', companyId).forUpdate().executeTakeFirstOrThrow();
      const now = await openingReceivableOf(trx, companyId);
      if (now.outstanding <= 0) throw new AppError('OPENING_RECEIPT_NOTHING_OPEN', 409, { companyName: c.name }, { outstanding: 0 });
      if (input.amount > now.outstanding) {
        throw new AppError('OPENING_RECEIPT_EXCEEDS', 409, { amount: formatYuan(input.amount), outstanding: formatYuan(now.outstanding), companyName: c.name }, { amount: input.amount, outstanding: now.outstanding });
      }
      const pay = await trx
        .insertInto('payments')
        .values({
          company_id: companyId, order_id: null, purpose: 'opening', method: input.method, amount: input.amount, status: 'succeeded', created_by: actor.userId,
          confirmed_by: actor.userId, confirmed_at: sql`now()` as never, provider: null, provider_ref: null, pay_url: null, voucher: null, voucher_mime: null,
          payer_name: input.payerName ?? null, note: input.note ?? null, reject_reason: null,
        })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow();
      await postJournal(trx, {
        companyId, kind: 'opening_payment', paymentId: pay.id, actorId: actor.userId, memo: pay.number,
        // from the prepaid balance: a debit to prepaid, refused (INSUFFICIENT_BALANCE) below what is free
        lines: [{ account: input.method === 'balance' ? 'prepaid' : 'cash', amount: input.amount }, { account: 'receivable', amount: -input.amount }],
      });
      const outstanding = now.outstanding - input.amount;
      await audit(trx, actor, { action: 'account.opening_receipt', entityType: 'company', entityId: companyId, before: { outstanding: now.outstanding }, after: { paymentId: pay.id, amount: input.amount, method: input.method, outstanding } });
      await emit(trx, 'account.opening_received', { companyId, paymentId: pay.id, amount: input.amount, method: input.method, outstanding });
      return { paymentId: pay.id, paymentNumber: pay.number, companyId, amount: input.amount, original: now.original, received: now.received + input.amount, outstanding };
    }),
  ));
  return result;
}
