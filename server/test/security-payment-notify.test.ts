import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REJECTED_PER_HOUR } from '../modules/payments/online';
import { deleteOldRejectedNotices, REJECTED_NOTICE_DAYS } from '../modules/payments/notice-retention';
import { allJobs } from '../handlers';
import { loadConfig } from '../config';
import { buildNotification, sandboxPay } from '../modules/payments/provider/sandbox';
import { seedCatalogFixtures } from './catalog-fixtures';
import { createTestApp, type TestApp } from './harness';
import { createTestOrder, seedWarehouseStock } from './order-fixtures';

// Issue 22: the public payment-notification route is rate-limited per address and keeps only a
// hash of each body and the fields it used — no raw body with a payer's details, from anyone.
const LIMIT = 5;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { notifyRateLimitPerMinute: LIMIT, sandboxPayments: true } });
});
afterAll(() => t.close());

const notify = (body: string, ip = '198.51.100.20') =>
  t.anon.request({ method: 'POST', url: '/api/payments/notify/sandbox', payload: body, headers: { 'content-type': 'application/json' }, remoteAddress: ip });
const rows = () => t.db.selectFrom('payment_notifications').selectAll().orderBy('id').execute();
const personal = JSON.stringify({ out_trade_no: 'PAY-NO-SUCH', buyer_name: '张三', buyer_phone: '13800138000', sign: 'forged' });

describe('payment notifications', () => {
  it('a rejected body is kept as its SHA-256 and size only: no name or phone number in any column', async () => {
    const r = await notify(personal);
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'NOTIFY_REJECTED']);
    const [row] = await rows();
    expect(row).toMatchObject({
      provider: 'sandbox', outcome: 'rejected', fields: null,
      body_sha256: createHash('sha256').update(personal).digest('hex'), body_bytes: Buffer.byteLength(personal),
    });
    expect(row).not.toHaveProperty('body');
    expect(JSON.stringify(row)).not.toMatch(/13800138000|张三/);
  });

  it(`more than ${LIMIT} a minute from one address are refused with 429 before any work; another address is not`, async () => {
    const before = (await rows()).length;
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) codes.push((await notify(`{"n":${i}}`, '203.0.113.50')).statusCode);
    expect(codes.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(400));
    expect(codes.slice(LIMIT)).toEqual([429, 429]);
    expect((await rows()).length).toBe(before + LIMIT);
    expect((await notify('{}', '203.0.113.51')).statusCode).toBe(400);
  });

  it('a genuine notice is recorded with the fields used (trade numbers, amount) and the body hash only', async () => {
    const WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
    await seedWarehouseStock(t.database, [WATER], 1000);
    const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 5 }], status: 'awaiting_payment', reserve: false });
    const buyer = await t.as('buyerA');
    const pay = await buyer.post(`/api/my/orders/${o.orderId}/pay/online`, {});
    expect(pay.statusCode, pay.body).toBe(200);
    const p = await t.db.selectFrom('payments').select(['provider_ref', 'number', 'amount']).where('id', '=', pay.json().id).executeTakeFirstOrThrow();
    await sandboxPay(t.db, p.provider_ref!);
    const { body } = await buildNotification(t.db, { tradeNo: p.provider_ref!, kind: 'payment' });
    const r = await notify(body, '192.0.2.80');
    expect(r.statusCode, r.body).toBe(200);
    const row = (await rows()).find((x) => x.outcome === 'recorded')!;
    expect(row.fields).toEqual({ kind: 'payment', outTradeNo: p.number, tradeNo: p.provider_ref, amountFen: p.amount });
    expect(row.body_sha256).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it(`at most ${MAX_REJECTED_PER_HOUR} rejected notices an hour are stored: a flood from many addresses cannot fill the disk`, async () => {
    const n = MAX_REJECTED_PER_HOUR - (await t.db.selectFrom('payment_notifications').select('id').where('outcome', '=', 'rejected').execute()).length;
    await t.db.insertInto('payment_notifications')
      .values(Array.from({ length: n }, (_, i) => ({ provider: 'sandbox', body_sha256: String(i), body_bytes: 1, fields: null, signature: null, outcome: 'rejected', detail: 'bad signature', payment_id: null })))
      .execute();
    const before = (await rows()).length;
    for (let i = 0; i < 3; i++) expect((await notify(personal, `192.0.2.${100 + i}`)).statusCode).toBe(400);
    expect((await rows()).length).toBe(before);
  });

  it(`the retention job deletes rejected notices older than ${REJECTED_NOTICE_DAYS} days and keeps the rest`, async () => {
    const job = allJobs({ database: t.database, config: loadConfig({}), kickWorker: () => undefined }).find((j) => j.name === 'payments.notice-retention');
    expect(job?.everyMs).toBe(60 * 60_000);
    const old = (days: number) => new Date(Date.now() - days * 86_400_000);
    await t.db.insertInto('payment_notifications').values([
      ...Array.from({ length: 7 }, (_, i) => ({ provider: 'sandbox', body_sha256: `old${i}`, body_bytes: 1, fields: null, signature: null, outcome: 'rejected', detail: 'bad signature', payment_id: null, received_at: old(REJECTED_NOTICE_DAYS + 1 + i) })),
      { provider: 'sandbox', body_sha256: 'young', body_bytes: 1, fields: null, signature: null, outcome: 'rejected', detail: 'bad signature', payment_id: null, received_at: old(REJECTED_NOTICE_DAYS - 1) },
      { provider: 'sandbox', body_sha256: 'evidence', body_bytes: 1, fields: null, signature: null, outcome: 'recorded', detail: null, payment_id: null, received_at: old(400) },
    ]).execute();
    const before = await rows();
    await job!.run();
    const after = await rows();
    expect(before.length - after.length).toBe(7);
    expect(after.map((r) => r.body_sha256)).toEqual(expect.arrayContaining(['young', 'evidence']));
    expect(after.some((r) => r.body_sha256.startsWith('old'))).toBe(false);
    expect(await deleteOldRejectedNotices(t.db)).toBe(0);
    // batches: a backlog larger than one batch goes in one run
    await t.db.insertInto('payment_notifications')
      .values(Array.from({ length: 5003 }, (_, i) => ({ provider: 'sandbox', body_sha256: `b${i}`, body_bytes: 1, fields: null, signature: null, outcome: 'rejected', detail: 'x', payment_id: null, received_at: old(90) })))
      .execute();
    expect(await deleteOldRejectedNotices(t.db)).toBe(5003);
  });
});
