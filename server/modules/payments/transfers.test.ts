import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent, multipart, voucherPng } from './testkit';

let t: TestApp;
let finance: Client, sales: Client, sales2: Client, buyerA: Client, buyerB: Client;
let WATER: number;
let png: Buffer;
const state = () => counts(t.db, ['payments', 'ledger_journals', 'customer_accounts', 'audit_log', 'outbox']);
const order = (companyId = t.fx.companyA, status: 'awaiting_payment' | 'cancelled' = 'awaiting_payment') =>
  createTestOrder(t.database, { companyId, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 50 }], status, reserve: false }); // 10000 fen
const transfer = (c: Client, url: string, fields: Record<string, string>, file?: Buffer | null, type = 'image/png') => {
  const m = multipart(fields, file ? { name: '凭证.png', data: file, type } : undefined);
  return c.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
};

beforeAll(async () => {
  t = await createTestApp();
  [finance, sales, sales2, buyerA, buyerB] = await Promise.all(['finance', 'sales', 'sales2', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  png = await voucherPng();
});
afterAll(() => t.close());

describe('bank transfer with a voucher', () => {
  it('buyer reports a transfer → finance queue → finance confirms → order paid, once', async () => {
    const o = await order();
    const r = await transfer(buyerA, `/api/my/orders/${o.orderId}/pay/transfer`, { amount: '10000', payerName: '甲公司 财务部', note: '货款 🙏' }, png);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'pending', method: 'transfer', orderId: o.orderId, hasVoucher: true });
    const queue = (await finance.get('/api/payments/queue')).json();
    expect(queue.items.map((p: { id: number }) => p.id)).toEqual([r.json().id]);
    expect((await sales.get('/api/payments/queue')).json().total).toBe(1);
    expect((await sales2.get('/api/payments/queue')).json().total).toBe(0);
    expect((await t.db.selectFrom('orders').select('payment_status').where('id', '=', o.orderId).executeTakeFirstOrThrow()).payment_status).toBe('unpaid');
    expect((await sales.post(`/api/payments/${r.json().id}/confirm`)).statusCode).toBe(403);
    const c = await finance.post(`/api/payments/${r.json().id}/confirm`);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'succeeded', confirmedByName: '测试 finance' });
    expect((await t.db.selectFrom('orders').select(['payment_status', 'paid_total']).where('id', '=', o.orderId).executeTakeFirstOrThrow())).toEqual({ payment_status: 'paid', paid_total: 10_000 });
    const before = await state();
    const again = await finance.post(`/api/payments/${r.json().id}/confirm`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PAYMENT_NOT_PENDING');
    expect((await finance.post(`/api/payments/${r.json().id}/reject`, { reason: 'x' })).statusCode).toBe(409);
    expect(await state()).toEqual(before);
    expect((await finance.get('/api/payments/queue')).json().total).toBe(0);
    await expectLedgerConsistent(t);
  });

  it('finance rejects a transfer with a reason; nothing is paid; a top-up transfer lands on the balance when confirmed', async () => {
    const o = await order();
    const r = await transfer(buyerA, `/api/my/orders/${o.orderId}/pay/transfer`, { amount: '4000' }, png);
    const rej = await finance.post(`/api/payments/${r.json().id}/reject`, { reason: '未收到款项' });
    expect(rej.json()).toMatchObject({ status: 'rejected', rejectReason: '未收到款项' });
    expect((await buyerA.get(`/api/my/orders/${o.orderId}/payment`)).json()).toMatchObject({ paymentStatus: 'unpaid', outstanding: 10_000 });
    const top = await transfer(buyerA, '/api/my/account/topups/transfer', { amount: '8800' }, png);
    expect(top.json()).toMatchObject({ purpose: 'topup', status: 'pending' });
    await finance.post(`/api/payments/${top.json().id}/confirm`);
    expect((await buyerA.get('/api/my/account')).json().balance).toBe(8_800);
    await expectLedgerConsistent(t);
  });

  it('bad input: no voucher, not an image, bad amounts, overpaying, cancelled or another company\'s order — nothing written', async () => {
    const o = await order();
    const cancelled = await order(t.fx.companyA, 'cancelled');
    const other = await order(t.fx.companyB);
    const url = `/api/my/orders/${o.orderId}/pay/transfer`;
    const before = await state();
    const cases: [string, Record<string, string>, Buffer | null, number, string][] = [
      [url, { amount: '100' }, null, 400, 'VOUCHER_REQUIRED'],
      [url, { amount: '100' }, Buffer.from('<svg onload=alert(1)>'), 400, 'VOUCHER_NOT_IMAGE'],
      [url, { amount: '0' }, png, 400, 'VALIDATION'],
      [url, { amount: '-1' }, png, 400, 'VALIDATION'],
      [url, { amount: '1.5' }, png, 400, 'VALIDATION'],
      [url, {}, png, 400, 'VALIDATION'],
      [url, { amount: '100', note: '很'.repeat(501) }, png, 400, 'VALIDATION'],
      [url, { amount: '10001' }, png, 422, 'PAYMENT_EXCEEDS_OUTSTANDING'],
      [`/api/my/orders/${cancelled.orderId}/pay/transfer`, { amount: '100' }, png, 409, 'ORDER_NOT_PAYABLE'],
      [`/api/my/orders/${other.orderId}/pay/transfer`, { amount: '100' }, png, 404, 'NOT_FOUND'],
    ];
    for (const [u, f, file, status, code] of cases) {
      const r = await transfer(buyerA, u, f, file);
      expect([r.statusCode, r.json().error.code], JSON.stringify(f)).toEqual([status, code]);
    }
    expect((await buyerA.post(url, { amount: 100 })).statusCode).toBe(415);
    expect((await buyerB.get(`/api/payments/queue`)).statusCode).toBe(403);
    expect((await finance.post('/api/payments/99999/confirm')).statusCode).toBe(404);
    expect((await finance.post('/api/payments/abc/confirm')).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });
});
