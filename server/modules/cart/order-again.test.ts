import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { cartWorld, idem, type CartWorld } from './test-world';
import { orderAgainAs } from './saved';

/**
 * 常买清单 and 再来一单 offer a past line in the unit it was ordered in only when the quantity was
 * whole ones of that unit: 2 箱 comes back as 2 箱, but a case line changed to 30 瓶 (by the rep
 * before approval) comes back as 30 瓶, never as "1.25 箱".
 */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, sales: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [buyerA, sales] = await Promise.all(['buyerA', 'sales'].map((l) => t.as(l)));
});
afterAll(() => t.close());

type Frequent = { code: string; lastUnit: string; lastUnitQty: number };
const water = async () => ((await buyerA.get('/api/cart/frequent')).json() as Frequent[]).find((x) => x.code === 'WATER-550')!;

describe('ordering again in the unit ordered', () => {
  it('the rule: whole ones of a unit that still exists with the same size, else base units', () => {
    const units = [{ unit: '瓶', factor: 1 }, { unit: '箱', factor: 24 }];
    expect(orderAgainAs(48, '箱', 24, units)).toEqual({ qty: 2, unit: '箱' });
    expect(orderAgainAs(30, '箱', 24, units)).toEqual({ qty: 30, unit: null });
    expect(orderAgainAs(48, '箱', 12, units)).toEqual({ qty: 48, unit: null }); // the case size changed since
    expect(orderAgainAs(48, '提', 6, units)).toEqual({ qty: 48, unit: null }); // the unit is gone
    expect(orderAgainAs(7, '瓶', 1, units)).toEqual({ qty: 7, unit: '瓶' });
  });

  it('2 箱 comes back as 2 箱; after the rep changes it to 30 瓶, 常买清单 and 再来一单 say 30 瓶', async () => {
    await buyerA.delete('/api/cart');
    expect((await buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 2 })).statusCode).toBe(200);
    const sub = await buyerA.post('/api/cart/submit', { addressId: w.addrA, paymentMethod: 'transfer' }, idem());
    expect(sub.statusCode, sub.body).toBe(200);
    const orderId = sub.json().order.id as number;
    expect(await water()).toMatchObject({ lastUnit: '箱', lastUnitQty: 2 });

    const o = (await sales.get(`/api/orders/${orderId}`)).json() as { version: number; status: string; lines: { id: number; qty: number; unit: string }[] };
    expect(o.status).toBe('pending_review');
    expect(o.lines[0]).toMatchObject({ qty: 48, unit: '箱' });
    const m = await sales.post(`/api/orders/${orderId}/modify`, { version: o.version, reason: '客户电话改为 30 瓶', lines: [{ id: o.lines[0]!.id, qty: 30 }] });
    expect(m.statusCode, m.body).toBe(200);

    const f = await water();
    expect(f).toMatchObject({ lastUnit: '瓶', lastUnitQty: 30 });
    expect(Number.isInteger(f.lastUnitQty)).toBe(true);
    const r = await buyerA.post(`/api/cart/reorder/${orderId}`);
    expect(r.statusCode, r.body).toBe(200);
    const cart = (await buyerA.get('/api/cart')).json() as { lines: { skuId: number; unit: string; qty: number }[] };
    expect(cart.lines.find((l) => l.skuId === w.WATER)).toMatchObject({ unit: '瓶', qty: 30 });
    await buyerA.delete('/api/cart');
  });
});
