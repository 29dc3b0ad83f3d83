import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { multipart } from '../payments/testkit';
import { balanceOf, reasonId } from './testkit';

/**
 * Refunds take back the promotions (issue 14 with marketing #15): a returned line refunds what the
 * buyer paid for it — its total less its frozen share of each discount (order_promotions.line_shares) —
 * in fen, never more. A 满减 on water only: the cola in the same order was never discounted, so
 * its refund is its full price, while an even spread of the order's discount would have cut it.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, sales: Client, warehouse: Client, finance: Client, buyerA: Client;
let wrong: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [admin, sales, warehouse, finance, buyerA] = await Promise.all(['admin', 'sales', 'warehouse', 'finance', 'buyerA'].map((l) => t.as(l)));
  wrong = await reasonId(t, 'wrong_item');
});
afterAll(() => t.close());

const act = (id: number, body: Record<string, unknown>, as: Client) => as.post(as === buyerA ? `/api/my/aftersales/${id}/events` : `/api/aftersales/${id}/events`, body);

describe('a 满减 order returned in part', () => {
  it('each returned line refunds its total less its own share of the discount, rounded down, never above what was paid', async () => {
    const promo = await admin.post('/api/promotions', {
      name: '饮用水满减', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      rule: { kind: 'threshold_off', basis: 'amount', levels: [{ threshold: 50_000, off: 3_001 }] }, scope: { skuIds: [w.WATER] },
    });
    expect(promo.statusCode, promo.body).toBe(200);
    expect((await admin.post(`/api/promotions/${promo.json().id}/publish`)).statusCode).toBe(200);
    await buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 300 });
    await buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 48 });
    // prepaid: the balance is topped up first (submission holds the order's amount on it)
    const m = multipart({ amount: '1000000', method: 'transfer', payerName: '测试' });
    expect((await finance.request({ method: 'POST', url: `/api/payments/accounts/${t.fx.companyA}/topups`, payload: m.payload, headers: m.headers })).statusCode).toBe(200);
    const sub = await buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'balance' }, idem());
    expect(sub.statusCode, sub.body).toBe(200);
    const orderId = sub.json().order.id as number;
    let order = (await buyerA.get(`/api/my/orders/${orderId}`)).json();
    const water = order.lines.find((l: { skuCode: string }) => l.skuCode === 'WATER-550');
    const cola = order.lines.find((l: { skuCode: string }) => l.skuCode === 'COLA-330');
    // the discount is water's alone
    expect(order.discounts.lines).toEqual([{ orderLineId: water.id, discount: 3001 }]);
    expect(order.discountTotal).toBe(3001);

    // pay from the balance, approve, ship, receive
    const ap = await sales.post(`/api/orders/${orderId}/events`, { event: 'approve' });
    expect(ap.statusCode, ap.body).toBe(200);
    order = (await sales.get(`/api/orders/${orderId}`)).json();
    if (order.status === 'awaiting_payment') expect((await buyerA.post(`/api/my/orders/${orderId}/pay/balance`, { amount: order.total })).statusCode).toBe(200);
    expect((await sales.get(`/api/orders/${orderId}`)).json().status).toBe('picking');
    const shipped = await warehouse.post(`/api/orders/${orderId}/shipments`, { warehouseId: w.warehouseId, carrier: '顺丰速运', lines: [{ orderLineId: water.id, qty: 300 }, { orderLineId: cola.id, qty: 48 }] });
    expect(shipped.statusCode, shipped.body).toBe(200);
    const shipmentId = (await buyerA.get(`/api/my/orders/${orderId}/shipments`)).json()[0].id;
    expect((await buyerA.post(`/api/my/shipments/${shipmentId}/receipt`, {})).statusCode).toBe(200);

    // 7 of 300 bottles of water: (total − 30.01) × 7 / 300, rounded down; 5 colas: their full price
    const waterPaid = water.lineTotal - 3001;
    const r = await buyerA.post('/api/my/aftersales', { orderId, kind: 'refund_only', reasonId: wrong, description: '部分退款', lines: [{ orderLineId: water.id, qty: 7 }, { orderLineId: cola.id, qty: 5 }] });
    expect(r.statusCode, r.body).toBe(200);
    const lines = r.json().lines as { orderLineId: number; paidAmount: number }[];
    const wantWater = Math.floor((waterPaid * 7) / 300);
    const wantCola = (cola.lineTotal * 5) / 48;
    expect(Number.isInteger(wantCola)).toBe(true);
    expect(lines.find((l) => l.orderLineId === water.id)!.paidAmount).toBe(wantWater);
    expect(lines.find((l) => l.orderLineId === cola.id)!.paidAmount).toBe(wantCola);
    // the even spread would have taken part of the discount off the cola too
    expect(wantCola).toBeGreaterThan(Math.floor(((cola.lineTotal - Math.floor((3001 * cola.lineTotal) / order.subtotal)) * 5) / 48));

    const b0 = await balanceOf(t, t.fx.companyA);
    expect((await act(r.json().id, { event: 'approve' }, admin)).statusCode).toBe(200);
    const over = await act(r.json().id, { event: 'refund', refund: { amount: wantWater + wantCola + 1, destination: 'balance' }, note: '多退' }, finance);
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('AFTERSALES_REFUND_EXCEEDS');
    const done = await act(r.json().id, { event: 'refund', refund: { destination: 'balance' } }, finance);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', refundAmount: wantWater + wantCola });
    expect(await balanceOf(t, t.fx.companyA)).toBe(b0 + wantWater + wantCola);

    // the rest of the water in a second request: the two parts never add up to more than the line paid
    const rest = await buyerA.post('/api/my/aftersales', { orderId, kind: 'refund_only', reasonId: wrong, lines: [{ orderLineId: water.id, qty: 293 }] });
    expect(rest.statusCode, rest.body).toBe(200);
    const restPaid = rest.json().lines[0].paidAmount as number;
    expect(restPaid).toBe(Math.floor((waterPaid * 293) / 300));
    expect(wantWater + restPaid).toBeLessThanOrEqual(waterPaid);
    expect(waterPaid - (wantWater + restPaid)).toBeLessThanOrEqual(1);
  });
});
