import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { localDay } from '../../lib/day-numbers';
import { cartWorld, type CartWorld } from '../cart/test-world';

/**
 * Quotes through HTTP (issue 16): ask → offer → counter → offer → accept into an order at the
 * quoted prices (that order only); expired, foreign and already-ordered quotes; bad input.
 */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, ownerA: Client, buyerB: Client, sales: Client, sales2: Client, admin: Client, warehouse: Client;
const day = (offset: number) => localDay(new Date(Date.now() + offset * 86_400_000), 'Asia/Shanghai').replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
const tables = ['quotes', 'quote_lines', 'quote_messages', 'orders', 'order_lines', 'reservations', 'notifications', 'audit_log'];

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  [buyerA, ownerA, buyerB, sales, sales2, admin, warehouse] = await Promise.all(['buyerA', 'ownerA', 'buyerB', 'sales', 'sales2', 'admin', 'warehouse'].map((l) => t.as(l)));
});
afterAll(() => t.close());

const ask = (c: Client = buyerA, body: Record<string, unknown> = {}) =>
  c.post(c === buyerA || c === buyerB || c === ownerA ? '/api/my/quotes' : '/api/quotes', {
    title: '年会用水 500 箱 🎉', lines: [{ skuId: w.WATER, unit: '箱', qty: 500, targetPrice: 150 }, { skuId: w.COLA, qty: 2000 }], message: '请给个批量价', ...body,
  });
async function offered(prices: [number, number] = [160, 200]) {
  const q = (await ask()).json();
  const r = await sales.post(`/api/quotes/${q.id}/offer`, {
    lines: [{ lineId: q.lines[0].id, unitPrice: prices[0] }, { lineId: q.lines[1].id, unitPrice: prices[1] }], validUntil: day(7), terms: '款到发货，含运费', message: '按此价可供',
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
const acceptBody = () => ({ addressId: w.addrA, paymentMethod: 'transfer' });

describe('asking for prices', () => {
  it('a buyer asks: lines in their units with the list price beside them, the rep is told', async () => {
    const r = await ask();
    expect(r.statusCode, r.body).toBe(200);
    const q = r.json();
    expect(q).toMatchObject({ status: 'requested', title: '年会用水 500 箱 🎉', companyId: t.fx.companyA, offerTotal: null, expired: false, actions: ['message', 'withdraw'] });
    expect(q.number).toMatch(/^QT\d{6}$/);
    expect(q.lines).toMatchObject([{ code: 'WATER-550', unit: '箱', unitFactor: 24, qty: 12_000, targetPrice: 150, offerPrice: null }, { code: 'COLA-330', qty: 2000 }]);
    expect(q.lines[0].listPrice).toBeGreaterThan(0);
    expect(q.messages).toMatchObject([{ side: 'customer', kind: 'request', body: '请给个批量价' }]);
    const n = await t.db.selectFrom('notifications').select(['user_id', 'kind', 'link']).where('kind', '=', 'quote.queue').execute();
    expect(n).toEqual([{ user_id: t.fx.users.sales, kind: 'quote.queue', link: `/admin/quotes/${q.id}` }]);
    // staff start one for a customer they may act for
    const s = await ask(sales, { companyId: t.fx.companyA, title: '代客询价' });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().messages[0].side).toBe('supplier');
  });

  it('refuses bad input and foreign customers, writing nothing', async () => {
    const before = await counts(t.db, tables);
    const line = { skuId: w.WATER, qty: 1 };
    const cases: [Client, string, Record<string, unknown>, number, string][] = [
      [buyerA, '/api/my/quotes', { lines: [line] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: '长'.repeat(101), lines: [line] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: w.WATER, qty: -1 }] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: w.WATER, qty: 1e9 }] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: w.WATER, qty: '5' }] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: w.WATER, qty: 1, targetPrice: -5 }] }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: Array.from({ length: 101 }, () => line) }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [line], message: '长'.repeat(2001) }, 400, 'VALIDATION'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: 987_654, qty: 1 }] }, 422, 'QUOTE_SKU_UNAVAILABLE'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: w.HIDDEN, qty: 1 }] }, 422, 'QUOTE_SKU_UNAVAILABLE'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [{ skuId: w.WATER, qty: 1, unit: '吨' }] }, 422, 'QUOTE_UNIT_UNKNOWN'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [line, line] }, 400, 'QUOTE_DUPLICATE_LINE'],
      [buyerA, '/api/my/quotes', { title: 'x', lines: [line], extra: true }, 400, 'VALIDATION'],
      [sales, '/api/quotes', { title: 'x', lines: [line] }, 400, 'VALIDATION'],
      [sales2, '/api/quotes', { title: 'x', companyId: t.fx.companyA, lines: [line] }, 404, 'NOT_FOUND'],
      [sales, '/api/quotes', { title: 'x', companyId: 987_654, lines: [line] }, 404, 'NOT_FOUND'],
      [warehouse, '/api/quotes', { title: 'x', companyId: t.fx.companyA, lines: [line] }, 403, 'FORBIDDEN'],
      [buyerA, '/api/quotes', { title: 'x', companyId: t.fx.companyA, lines: [line] }, 403, 'FORBIDDEN'],
    ];
    for (const [c, url, body, status, code] of cases) {
      const r = await c.post(url, body);
      expect(r.statusCode, `${url} ${JSON.stringify(body).slice(0, 200)} ${r.body}`).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    expect(await counts(t.db, tables)).toEqual(before);
  });
});

describe('negotiating', () => {
  it('offer, counter, a new offer: each a step of the thread with its prices, the other side told', async () => {
    const q = (await ask()).json();
    const [l1, l2] = q.lines.map((l: { id: number }) => l.id);
    const before = await counts(t.db, tables);
    const bad: [Client, string, Record<string, unknown>, number, string][] = [
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }], validUntil: day(7) }, 422, 'QUOTE_PRICES_INCOMPLETE'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: 987_654, unitPrice: 1 }], validUntil: day(7) }, 422, 'QUOTE_LINE_UNKNOWN'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l1, unitPrice: 1 }], validUntil: day(7) }, 400, 'VALIDATION'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: -1 }, { lineId: l2, unitPrice: 1 }], validUntil: day(7) }, 400, 'VALIDATION'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 1.5 }, { lineId: l2, unitPrice: 1 }], validUntil: day(7) }, 400, 'VALIDATION'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 200 }], validUntil: day(-1) }, 422, 'QUOTE_VALIDITY_PAST'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 200 }], validUntil: '2026-13-01' }, 400, 'VALIDATION'],
      [sales, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 200 }], validUntil: day(7), version: 99 }, 409, 'QUOTE_STALE'],
      [sales2, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 200 }], validUntil: day(7) }, 404, 'NOT_FOUND'],
      [warehouse, 'offer', { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 200 }], validUntil: day(7) }, 403, 'FORBIDDEN'],
    ];
    for (const [c, step, body, status, code] of bad) {
      const r = await c.post(`/api/quotes/${q.id}/${step}`, body);
      expect(r.statusCode, `${JSON.stringify(body)} ${r.body}`).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    // the buyer cannot counter or accept before an offer
    expect((await buyerA.post(`/api/my/quotes/${q.id}/counter`, { lines: [{ lineId: l1, unitPrice: 100 }] })).json().error.code).toBe('QUOTE_WRONG_STATE');
    expect((await buyerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody())).json().error.code).toBe('QUOTE_NOT_OFFERED');
    expect(await counts(t.db, tables)).toEqual(before);

    const o = await sales.post(`/api/quotes/${q.id}/offer`, { version: q.version, lines: [{ lineId: l1, unitPrice: 170 }, { lineId: l2, unitPrice: 210 }], validUntil: day(7), terms: '含税含运费' });
    expect(o.statusCode, o.body).toBe(200);
    expect(o.json()).toMatchObject({ status: 'offered', terms: '含税含运费', offerTotal: 12_000 * 170 + 2000 * 210, expired: false });
    expect((await buyerA.get(`/api/my/quotes/${q.id}`)).json().actions).toEqual(['message', 'withdraw', 'accept', 'counter']);
    const c = await buyerA.post(`/api/my/quotes/${q.id}/counter`, { lines: [{ lineId: l1, unitPrice: 150 }], message: '水再低一点？' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'countered', lines: [{ targetPrice: 150, offerPrice: 170 }, { offerPrice: 210 }] });
    expect((await buyerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody())).statusCode).toBe(409);
    const o2 = await sales.post(`/api/quotes/${q.id}/offer`, { lines: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 210 }], validUntil: day(7), message: '最低 1.60 元/瓶' });
    const m = await buyerA.post(`/api/my/quotes/${q.id}/messages`, { body: '好的，谢谢 👍' });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().messages.map((x: { kind: string; side: string }) => `${x.side}:${x.kind}`)).toEqual(['customer:request', 'supplier:offer', 'customer:counter', 'supplier:offer', 'customer:message']);
    expect(o2.json().messages[3]).toMatchObject({ prices: [{ lineId: l1, unitPrice: 160 }, { lineId: l2, unitPrice: 210 }], body: '最低 1.60 元/瓶' });
    const told = await t.db.selectFrom('notifications as n').innerJoin('users as u', 'u.id', 'n.user_id').select(['u.company_id', 'n.link']).where('n.kind', '=', 'quote.update').where('n.entity_id', '=', String(q.id)).execute();
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((n) => n.company_id === t.fx.companyA && n.link === `/quotes/${q.id}`)).toBe(true);
  });

  it('another company sees none of it: 404 on read, steps and accept; staff lists are scoped', async () => {
    const q = await offered();
    const before = await counts(t.db, tables);
    expect((await buyerB.get(`/api/my/quotes/${q.id}`)).statusCode).toBe(404);
    expect((await buyerB.get(`/api/my/quotes/${q.id}/accept`)).statusCode).toBe(404);
    for (const [url, body] of [['accept', { addressId: w.addrB }], ['counter', { lines: [{ lineId: q.lines[0].id, unitPrice: 1 }] }], ['messages', { body: '你好' }], ['withdraw', {}]] as const) {
      const r = await buyerB.post(`/api/my/quotes/${q.id}/${url}`, body);
      expect(r.statusCode, `${url} ${r.body}`).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
    }
    expect((await sales2.get(`/api/quotes/${q.id}`)).statusCode).toBe(404);
    expect((await buyerB.get('/api/my/quotes')).json().items).toEqual([]);
    expect((await sales2.get('/api/quotes')).json().total).toBe(0);
    expect((await buyerA.get(`/api/quotes/${q.id}`)).statusCode).toBe(403);
    // an address of the other company is not this order's
    expect((await buyerA.post(`/api/my/quotes/${q.id}/accept`, { addressId: w.addrB })).statusCode).toBe(404);
    expect((await buyerA.post(`/api/my/quotes/${q.id}/accept`, { addressId: 'x' })).statusCode).toBe(400);
    expect((await buyerA.post(`/api/my/quotes/${q.id}/accept`, { addressId: w.addrA, paymentMethod: 'bitcoin' })).statusCode).toBe(400);
    expect((await buyerA.post('/api/my/quotes/987654/accept', acceptBody())).statusCode).toBe(404);
    expect(await counts(t.db, tables)).toEqual(before);
  });
});

describe('accepting', () => {
  it('becomes an order at the quoted prices, for that order only; a repeat answers with the same order', async () => {
    const q = await offered([160, 200]);
    const opts = (await buyerA.get(`/api/my/quotes/${q.id}/accept`)).json();
    expect(opts.addresses.map((a: { id: number }) => a.id)).toEqual([w.addrA]);
    expect(opts.paymentMethods).toContain('transfer');
    const r = await buyerA.post(`/api/my/quotes/${q.id}/accept`, { ...acceptBody(), expectedTotal: 12_000 * 160 + 2000 * 200, note: '按报价单下单' });
    expect(r.statusCode, r.body).toBe(200);
    const order = r.json().order;
    expect(order).toMatchObject({ total: 12_000 * 160 + 2000 * 200, lines: 2 });
    const d = (await buyerA.get(`/api/my/orders/${order.id}`)).json();
    expect(d.lines).toMatchObject([
      { skuCode: 'WATER-550', unit: '箱', unitFactor: 24, qty: 12_000, unitPrice: 160, lineTotal: 12_000 * 160, reservedQty: 12_000 - 0, priceRule: { kind: 'quote', quoteId: q.id, number: q.number } },
      { skuCode: 'COLA-330', qty: 2000, unitPrice: 200, priceRule: { kind: 'quote' } },
    ]);
    const after = (await buyerA.get(`/api/my/quotes/${q.id}`)).json();
    expect(after).toMatchObject({ status: 'ordered', orderId: order.id, actions: [] });
    expect(after.messages.at(-1)).toMatchObject({ side: 'customer', kind: 'accept' });
    // the price list is untouched: the cart still prices water at the list price
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 24 });
    expect((await buyerA.get('/api/cart')).json().lines[0].unitPrice).toBe(q.lines[0].listPrice);
    await buyerA.delete('/api/cart');
    const again = await buyerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody());
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().order.id).toBe(order.id);
    expect(await t.db.selectFrom('orders').select('id').where('note', '=', '按报价单下单').execute()).toHaveLength(1);
  });

  it('two accepts at once make one order', async () => {
    const q = await offered([165, 205]);
    const before = (await counts(t.db, ['orders'])).orders!;
    const rs = await Promise.all([buyerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody()), ownerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody())]);
    const ok = rs.filter((r) => r.statusCode === 200);
    expect(ok.length, rs.map((r) => r.body).join('\n')).toBeGreaterThanOrEqual(1);
    for (const r of rs) if (r.statusCode !== 200) expect(r.json().error.code).toMatch(/QUOTE_NOT_OFFERED|NOT_FOUND/);
    expect(new Set(ok.map((r) => r.json().order.id)).size).toBe(1);
    expect((await counts(t.db, ['orders'])).orders).toBe(before + 1);
  });

  it('an expired quote is refused and writes nothing; one past its date shows expired and cannot be accepted', async () => {
    const q = await offered();
    await t.db.updateTable('quotes').set({ valid_until: new Date(Date.now() - 1000) }).where('id', '=', q.id).execute();
    const d = (await buyerA.get(`/api/my/quotes/${q.id}`)).json();
    expect(d).toMatchObject({ status: 'offered', expired: true });
    expect(d.actions).not.toContain('accept');
    expect((await buyerA.get('/api/my/quotes?status=expired')).json().items.map((x: { id: number }) => x.id)).toContain(q.id);
    const before = await counts(t.db, tables);
    const r = await buyerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody());
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'QUOTE_EXPIRED' });
    expect(r.json().error.message).toContain('已过期');
    expect(await counts(t.db, tables)).toEqual(before);
    // given a new date, the same quote is accepted
    await t.db.updateTable('quotes').set({ valid_until: new Date(Date.now() + 3_600_000) }).where('id', '=', q.id).execute();
    const r2 = await buyerA.post(`/api/my/quotes/${q.id}/accept`, acceptBody());
    expect(r2.statusCode, r2.body).toBe(200);
  });

  it('withdrawn and declined quotes are closed', async () => {
    const a = (await ask()).json();
    expect((await buyerA.post(`/api/my/quotes/${a.id}/withdraw`, { body: '不需要了' })).json()).toMatchObject({ status: 'withdrawn', actions: [] });
    expect((await sales.post(`/api/quotes/${a.id}/decline`, {})).json().error.code).toBe('QUOTE_WRONG_STATE');
    const b = (await ask()).json();
    expect((await admin.post(`/api/quotes/${b.id}/decline`, { body: '该数量无法供货' })).json()).toMatchObject({ status: 'declined' });
    expect((await buyerA.post(`/api/my/quotes/${b.id}/messages`, { body: '为什么？' })).statusCode).toBe(409);
    expect((await buyerA.get('/api/my/quotes?status=declined')).json().items.map((x: { id: number }) => x.id)).toEqual([b.id]);
    expect((await buyerA.get('/api/my/quotes?status=nope')).statusCode).toBe(400);
  });
});
