import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { sseReader } from '../../test/processes';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { expectLedgerConsistent, multipart } from '../payments/testkit';

/**
 * Ordering fairs through HTTP: staff create and publish, invited buyers book at the fair's prices
 * within their quotas until the closing second, the board adds it up live, and after the fair
 * bookings become orders once, at the fair's prices, through the orders module.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, sales: Client, buyerA: Client, buyerB: Client;
let base: string;

const state = () => counts(t.db, ['fairs', 'fair_items', 'fair_prices', 'fair_customers', 'fair_bookings', 'fair_booking_lines', 'fair_customer_totals', 'fair_conversions', 'orders', 'idempotency_keys', 'audit_log']);
const iso = (ms: number) => new Date(ms).toISOString();
/** A local date-time in Asia/Shanghai to the second, without offset (how the editor sends it). */
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

function fairBody(over: Record<string, unknown> = {}) {
  return {
    name: '春季订货会', opensAt: iso(Date.now() - 60_000), closesAt: iso(Date.now() + 3_600_000),
    items: [
      { skuId: w.WATER, maxQty: 100, targetQty: 50, prices: [{ minQty: 1, unitPrice: 180 }, { minQty: 10, unitPrice: 160 }] },
      { skuId: w.COLA, minQty: 2, prices: [{ minQty: 1, unitPrice: 220 }] },
    ],
    companyIds: [t.fx.companyA],
    customers: [{ companyId: t.fx.companyA, maxAmount: 10_000, targetAmount: 8000 }],
    targetAmount: 100_000, depositKind: 'percent', depositValue: 1000,
    ...over,
  };
}
async function published(over: Record<string, unknown> = {}) {
  const r = await admin.post('/api/fairs', fairBody(over));
  expect(r.statusCode, r.body).toBe(200);
  const p = await admin.post(`/api/fairs/${r.json().id}/publish`);
  expect(p.statusCode, p.body).toBe(200);
  return p.json() as { id: number; state: string; closesAt: string };
}
const bookAt = (c: Client, fairId: number, lines: { skuId: number; qty: number }[], key?: string) => c.post(`/api/my/fairs/${fairId}/bookings`, { lines }, idem(key));

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [admin, sales, buyerA, buyerB] = await Promise.all(['admin', 'sales', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  // the fairs here take a 10% deposit at booking from the prepaid balance (changes.test.ts: the deposit itself)
  const m = multipart({ amount: '100000' });
  const top = await (await t.as('finance')).request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers });
  expect(top.statusCode, top.body).toBe(200);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('the fair editor', () => {
  it('refuses bad input with 4xx and writes nothing', async () => {
    const before = await state();
    const bad: [Record<string, unknown>, number][] = [
      [{ name: undefined }, 400],
      [{ name: '' }, 400],
      [{ name: '长'.repeat(61) }, 400],
      [{ opensAt: 'tomorrow' }, 400],
      [{ closesAt: iso(Date.now() - 120_000) }, 400],
      [{ items: [] }, 400],
      [{ items: [{ skuId: w.WATER, prices: [{ minQty: 1, unitPrice: -1 }] }] }, 400],
      [{ items: [{ skuId: w.WATER, prices: [{ minQty: 1, unitPrice: 1.5 }] }] }, 400],
      [{ items: [{ skuId: w.WATER, prices: [{ minQty: 5, unitPrice: 100 }] }] }, 422],
      [{ items: [{ skuId: w.WATER, prices: [{ minQty: 1, unitPrice: 100 }] }, { skuId: w.WATER, prices: [{ minQty: 1, unitPrice: 100 }] }] }, 400],
      [{ items: [{ skuId: 999_999, prices: [{ minQty: 1, unitPrice: 100 }] }] }, 400],
      [{ items: [{ skuId: 'abc', prices: [{ minQty: 1, unitPrice: 100 }] }] }, 400],
      [{ companyIds: [999_999] }, 400],
      [{ depositKind: 'percent', depositValue: 20_000 }, 400],
      [{ maxAmount: 1e15 }, 400],
      [{ surprise: 1 }, 400],
    ];
    for (const [over, status] of bad) {
      const r = await admin.post('/api/fairs', fairBody(over));
      expect(r.statusCode, `${JSON.stringify(over)} → ${r.body}`).toBe(status);
      expect(r.json().error.message).toBeTruthy();
    }
    expect((await sales.post('/api/fairs', fairBody())).statusCode).toBe(403);
    expect((await buyerA.get('/api/fairs')).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('takes Chinese and emoji names; a published fair can no longer be edited', async () => {
    const f = await published({ name: '订货会 🎉 春季' });
    expect(f.state).toBe('open');
    const again = await admin.put(`/api/fairs/${f.id}`, fairBody());
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/已发布/);
    expect((await admin.get('/api/fairs/999999')).statusCode).toBe(404);
  });
});

describe('booking', () => {
  let fairId: number;
  beforeAll(async () => {
    fairId = (await published()).id;
  });

  it('books at the fair price with quantity breaks and the deposit, once per Idempotency-Key', async () => {
    const r = await bookAt(buyerA, fairId, [{ skuId: w.WATER, qty: 10 }, { skuId: w.COLA, qty: 2 }], 'book-1');
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(b.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([160, 220]);
    expect(b).toMatchObject({ total: 2040, deposit: 204, status: 'booked', replayed: false });
    const again = await bookAt(buyerA, fairId, [{ skuId: w.WATER, qty: 10 }, { skuId: w.COLA, qty: 2 }], 'book-1');
    expect(again.json()).toMatchObject({ id: b.id, replayed: true });
    const other = await bookAt(buyerA, fairId, [{ skuId: w.WATER, qty: 11 }], 'book-1');
    expect(other.statusCode).toBe(422);
    const no = await buyerA.post(`/api/my/fairs/${fairId}/bookings`, { lines: [{ skuId: w.WATER, qty: 1 }] });
    expect(no.statusCode).toBe(400);
    const mine = (await buyerA.get(`/api/my/fairs/${fairId}`)).json();
    expect(mine.quota).toMatchObject({ maxAmount: 10_000, booked: 2040, bookings: 1, bookedQty: { [w.WATER]: 10, [w.COLA]: 2 } });
  });

  it('refuses bookings over the quantity and amount quotas with a zh message, under concurrency too', async () => {
    const before = await state();
    const qty = await bookAt(buyerA, fairId, [{ skuId: w.WATER, qty: 91 }]);
    expect(qty.statusCode).toBe(409);
    expect(qty.json().error).toMatchObject({ code: 'FAIR_QTY_OVER_QUOTA' });
    expect(qty.json().error.message).toBe('商品 WATER-550 每个客户最多订 100 瓶，已订 10 瓶，本次 91 瓶 超出配额，最多还能订 90 瓶');
    const amount = await bookAt(buyerA, fairId, [{ skuId: w.COLA, qty: 40 }]); // ¥88 + ¥20.40 > ¥100
    expect(amount.statusCode).toBe(409);
    expect(amount.json().error.message).toBe('本次订货 ¥88.00 超出您的订货额度：上限 ¥100.00，已订 ¥20.40，最多还能订 ¥79.60');
    expect(await state()).toEqual(before);
    // ten bookings of ¥19.80 at once: only four fit under ¥100 with the ¥20.40 booked
    const rs = await Promise.all(Array.from({ length: 10 }, () => bookAt(buyerA, fairId, [{ skuId: w.COLA, qty: 9 }])));
    expect(rs.filter((r) => r.statusCode === 200)).toHaveLength(4);
    expect(rs.filter((r) => r.statusCode === 409)).toHaveLength(6);
    expect((await buyerA.get(`/api/my/fairs/${fairId}`)).json().quota.booked).toBe(2040 + 4 * 1980);
  });

  it('refuses bad lines, uninvited customers and other companies with 4xx and no change', async () => {
    const before = await state();
    const cases: [unknown, number][] = [
      [{ lines: [] }, 400], [{}, 400], [{ lines: [{ skuId: w.WATER, qty: 0 }] }, 400], [{ lines: [{ skuId: w.WATER, qty: -1 }] }, 400],
      [{ lines: [{ skuId: w.WATER, qty: 1.5 }] }, 400], [{ lines: [{ skuId: w.WATER, qty: '十' }] }, 400], [{ lines: [{ skuId: w.WATER, qty: 1e12 }] }, 400],
      [{ lines: [{ skuId: w.WATER, qty: 1 }, { skuId: w.WATER, qty: 2 }] }, 400], [{ lines: [{ skuId: w.JUICE, qty: 1 }] }, 422],
      [{ lines: [{ skuId: w.COLA, qty: 1 }] }, 422], [{ lines: [{ skuId: w.WATER, qty: 1 }], note: '备注😀'.repeat(70) }, 400],
      [{ lines: [{ skuId: w.WATER, qty: 1, price: 1 }] }, 400],
    ];
    for (const [body, status] of cases) {
      const r = await buyerA.post(`/api/my/fairs/${fairId}/bookings`, body, idem());
      expect(r.statusCode, `${JSON.stringify(body)} → ${r.body}`).toBe(status);
    }
    const below = await buyerA.post(`/api/my/fairs/${fairId}/bookings`, { lines: [{ skuId: w.COLA, qty: 1 }] }, idem());
    expect(below.json().error.message).toBe('商品 COLA-330 每次至少订 2 罐，本次只订了 1 罐');
    // company B is not invited: the fair does not exist for it
    expect((await bookAt(buyerB, fairId, [{ skuId: w.WATER, qty: 1 }])).statusCode).toBe(404);
    expect((await buyerB.get(`/api/my/fairs/${fairId}`)).statusCode).toBe(404);
    expect((await buyerB.get('/api/my/fairs')).json()).toEqual([]);
    expect((await buyerB.get(`/api/my/fair-bookings?fairId=${fairId}`)).json()).toEqual([]);
    expect((await bookAt(buyerA, 999_999, [{ skuId: w.WATER, qty: 1 }])).statusCode).toBe(404);
    expect((await buyerA.post('/api/my/fairs/abc/bookings', { lines: [{ skuId: w.WATER, qty: 1 }] }, idem())).statusCode).toBe(400);
    expect((await sales.post(`/api/my/fairs/${fairId}/bookings`, { lines: [{ skuId: w.WATER, qty: 1 }] }, idem())).statusCode).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('the board adds up by product, customer and region, and streams changes', async () => {
    const board = (await sales.get(`/api/fairs/${fairId}/board`)).json();
    expect(board.byProduct.find((p: { skuId: number }) => p.skuId === w.WATER)).toMatchObject({ qty: 10, amount: 1600, targetQty: 50 });
    expect(board.byCustomer[0]).toMatchObject({ companyId: t.fx.companyA, targetAmount: 8000 });
    expect(board.byRegion[0]).toMatchObject({ province: expect.any(String), customers: 1 });
    expect((await buyerA.get(`/api/fairs/${fairId}/board`)).statusCode).toBe(403);

    const live = (await published({ customers: [] })).id;
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/fairs/${live}/board/stream`, { headers: { cookie: sales.headers.cookie! }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseReader(res, 'board');
    const first = (await events.next(5000)) as { booked: number };
    const started = Date.now();
    expect((await bookAt(buyerA, live, [{ skuId: w.WATER, qty: 1 }])).statusCode).toBe(200);
    const next = (await events.next(5000)) as { booked: number };
    expect(next.booked).toBe(first.booked + 180);
    expect(Date.now() - started).toBeLessThan(1000);
    ctrl.abort();
  });
});

describe('closing to the second in the supplier\'s time zone', () => {
  it('books until the closing second and refuses from it on', async () => {
    const closeAt = (Math.floor(Date.now() / 1000) + 3) * 1000;
    const f = await published({ opensAt: shanghai(Date.now() - 5000), closesAt: shanghai(closeAt), customers: [] });
    expect(new Date(f.closesAt).getTime()).toBe(closeAt);
    await new Promise((r) => setTimeout(r, Math.max(0, closeAt - Date.now() - 800)));
    expect((await bookAt(buyerA, f.id, [{ skuId: w.WATER, qty: 1 }])).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, closeAt - Date.now() + 20)));
    const late = await bookAt(buyerA, f.id, [{ skuId: w.WATER, qty: 1 }]);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('订货会「春季订货会」已结束，现在不能订货');
    expect((await bookAt(buyerA, f.id, [{ skuId: w.WATER, qty: 1 }], undefined)).statusCode).toBe(409);
  });
});

describe('after the fair: conversion into orders', () => {
  it('refuses before the close, then converts the same booking twice at once into one order at fair prices', async () => {
    const f = await published({ customers: [] });
    const b1 = (await bookAt(buyerA, f.id, [{ skuId: w.WATER, qty: 20 }, { skuId: w.COLA, qty: 4 }])).json();
    const b2 = (await bookAt(buyerA, f.id, [{ skuId: w.WATER, qty: 12 }])).json();
    const early = await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/还没有结束/);
    expect((await sales.post(`/api/fairs/${f.id}/close`)).statusCode).toBe(403);
    const closed = await admin.post(`/api/fairs/${f.id}/close`);
    expect(closed.json().state).toBe('closed');
    expect((await bookAt(buyerA, f.id, [{ skuId: w.WATER, qty: 1 }])).statusCode).toBe(409);
    expect((await admin.post(`/api/fairs/${f.id}/close`)).statusCode).toBe(409);

    const before = await state();
    const bad: [unknown, number][] = [[{}, 400], [{ deliveryDate: '20号' }, 400], [{ deliveryDate: '2026-12-20', bookings: [{ bookingId: 999_999 }] }, 404],
      [{ deliveryDate: '2026-12-20', warehouseId: 999_999 }, 404], [{ deliveryDate: '2026-12-20', bookings: [] }, 400]];
    for (const [body, status] of bad) expect((await sales.post(`/api/fairs/${f.id}/convert`, body)).statusCode).toBe(status);
    expect((await buyerA.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-20' })).statusCode).toBe(403);
    expect(await state()).toEqual(before);

    const body = { deliveryDate: '2026-12-20', bookings: [{ bookingId: b1.id }] };
    const [x, y] = await Promise.all([sales.post(`/api/fairs/${f.id}/convert`, body), admin.post(`/api/fairs/${f.id}/convert`, body)]);
    const results = [x.json(), y.json()];
    expect(results.flatMap((r) => r.converted)).toHaveLength(1);
    expect(results.flatMap((r) => r.skipped).map((s: { code: string }) => s.code)).toEqual(['FAIR_NOTHING_LEFT']);
    const after = await state();
    expect(after.orders).toBe(before.orders + 1);
    const orderId = results.flatMap((r) => r.converted)[0].orderId;
    const lines = await t.db.selectFrom('order_lines').select(['sku_id', 'qty', 'unit_price', 'price_rule']).where('order_id', '=', orderId).orderBy('line_no').execute();
    expect(lines.map((l) => [Number(l.sku_id), l.qty, Number(l.unit_price), (l.price_rule as { kind: string }).kind])).toEqual([[w.WATER, 20, 160, 'fair_price'], [w.COLA, 4, 220, 'fair_price']]);
    const o = await t.db.selectFrom('orders').select(['total', 'on_behalf', 'wished_delivery_date']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(Number(o.total)).toBe(20 * 160 + 4 * 220);
    expect(o.on_behalf).toBe(true);

    // part of a booking, then the rest; asking more than is left is refused for that booking
    const part = (await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-22', bookings: [{ bookingId: b2.id, lines: [{ skuId: w.WATER, qty: 5 }] }] })).json();
    expect(part.converted[0].amount).toBe(5 * 160);
    const over = (await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-23', bookings: [{ bookingId: b2.id, lines: [{ skuId: w.WATER, qty: 8 }] }] })).json();
    expect(over.skipped[0].message).toMatch(/还剩 7 未转订单/);
    const rest = (await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-23' }, idem('conv-1'))).json();
    expect(rest.converted.map((c: { bookingId: number }) => c.bookingId)).toEqual([b2.id]);
    const replay = (await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-23' }, idem('conv-1'))).json();
    expect(replay.converted).toEqual([]);

    // the buyer sees the delivery orders of each booking; company B sees none
    const mine = (await buyerA.get(`/api/my/fair-bookings?fairId=${f.id}`)).json();
    const m2 = mine.find((b: { id: number }) => b.id === b2.id);
    expect(m2.status).toBe('converted');
    expect(m2.orders.map((o: { deliveryDate: string }) => o.deliveryDate)).toEqual(['2026-12-22', '2026-12-23']);
    expect(m2.lines[0].convertedQty).toBe(12);
    expect((await buyerB.get(`/api/my/fair-bookings?fairId=${f.id}`)).json()).toEqual([]);
    const en = await sales.post(`/api/fairs/${f.id}/convert`, { deliveryDate: '2026-12-24', bookings: [{ bookingId: b2.id }] }, { 'accept-language': 'en' });
    expect(en.json().skipped[0].message).toMatch(/nothing left/);
    await expectLedgerConsistent(t);
  });
});
