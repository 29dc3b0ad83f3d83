import sharp from 'sharp';
import { expect } from 'vitest';
import type { TestApp } from '../../test/harness';

/** A multipart/form-data body with text fields and an optional file (tests only). */
export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type: string; field?: string }) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? 'voucher'}"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const voucherPng = () => sharp({ create: { width: 80, height: 50, channels: 3, background: '#2a6' } }).png().toBuffer();

/**
 * The ledger invariants, checked over the whole database: every journal sums to zero, every
 * account's cached balance and receivable equal its ledger sums, its held total equals its open
 * balance and deposit holds and stays within the balance, and every order's paid and refunded totals equal
 * its succeeded payments and refunds.
 */
export async function expectLedgerConsistent(t: TestApp) {
  const unbalanced = await t.db
    .selectFrom('ledger_entries')
    .select(['journal_id', (eb) => eb.fn.sum<number>('amount').as('s')])
    .groupBy('journal_id')
    .having((eb) => eb.fn.sum('amount'), '<>', 0)
    .execute();
  expect(unbalanced).toEqual([]);
  const accounts = await t.db.selectFrom('customer_accounts').select(['company_id', 'balance', 'receivable', 'held']).execute();
  for (const a of accounts) {
    const sums = await t.db.selectFrom('ledger_entries').select(['account', (eb) => eb.fn.sum<number>('amount').as('s')]).where('company_id', '=', a.company_id).groupBy('account').execute();
    const get = (k: string) => Number(sums.find((x) => x.account === k)?.s ?? 0);
    expect({ company: a.company_id, balance: 0 - get('prepaid') || 0, receivable: get('receivable') }).toEqual({ company: a.company_id, balance: a.balance, receivable: a.receivable });
    expect(a.balance).toBeGreaterThanOrEqual(0);
    // what is held is what the open holds say, and never more than the balance
    const holds = await t.db.selectFrom('balance_holds').select((eb) => eb.fn.sum<number>('amount').as('s')).where('company_id', '=', a.company_id).where('status', '=', 'held').executeTakeFirstOrThrow();
    const deposits = await t.db.selectFrom('deposit_holds').select((eb) => eb.fn.sum<number>('amount').as('s')).where('company_id', '=', a.company_id).where('status', '=', 'held').executeTakeFirstOrThrow();
    expect({ company: a.company_id, held: Number(holds.s ?? 0) + Number(deposits.s ?? 0) }).toEqual({ company: a.company_id, held: a.held });
    expect(a.balance - a.held).toBeGreaterThanOrEqual(0);
  }
  const orders = await t.db.selectFrom('orders').select(['id', 'paid_total', 'refunded_total']).execute();
  for (const o of orders) {
    const paid = await t.db.selectFrom('payments').select((eb) => eb.fn.sum<number>('amount').as('s')).where('order_id', '=', o.id).where('status', '=', 'succeeded').executeTakeFirstOrThrow();
    const refunded = await t.db.selectFrom('refunds').select((eb) => eb.fn.sum<number>('amount').as('s')).where('order_id', '=', o.id).where('status', '=', 'succeeded').executeTakeFirstOrThrow();
    expect({ order: o.id, paid: Number(paid.s ?? 0), refunded: Number(refunded.s ?? 0) }).toEqual({ order: o.id, paid: o.paid_total, refunded: o.refunded_total });
  }
}

/**
 * Cancels an order through the order workflow, as the supplier's admin would (the transition takes
 * the order's charge off the receivable and releases its stock; refunds follow through the outbox).
 */
export async function cancelOrder(t: TestApp, orderId: number, note = '测试取消') {
  const admin = await t.as('admin');
  const res = await admin.post(`/api/orders/${orderId}/events`, { event: 'cancel', note });
  expect(res.statusCode, res.body).toBe(200);
}
