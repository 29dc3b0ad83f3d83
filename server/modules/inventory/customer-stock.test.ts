import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { subscriberCount } from '../../lib/live';
import { stockForCustomers } from './customer-stock';
import { stockTopic } from './stream';

let t: TestApp;
let WATER: number;
let COLA: number;
let JUICE: number;
let HZ: number;

beforeAll(async () => {
  t = await createTestApp();
  ({ 'WATER-550': WATER, 'COLA-330': COLA, 'JUICE-1L': JUICE } = (await seedCatalogFixtures(t.database)).skus);
  const admin = await t.as('admin');
  HZ = (await admin.post('/api/inventory/warehouses', { code: 'HZ', name: '杭州总仓' })).json().id;
  await admin.post('/api/inventory/adjustments', { warehouseId: HZ, reason: '期初', lines: [{ skuId: WATER, qty: 100 }, { skuId: COLA, qty: 8 }] });
});
afterAll(() => t.close());

const setMode = async (customerDisplay: Record<string, unknown>) => (await (await t.as('admin')).put('/api/inventory/settings', { customerDisplay })).json();

describe('customer stock display', () => {
  it('levels by default: 充足 / 紧张 / 缺货, never a quantity', async () => {
    const buyer = await t.as('buyerA');
    const res = (await buyer.get(`/api/portal/stock?skuIds=${WATER},${COLA},${JUICE}`)).json();
    expect(res).toEqual([
      { skuId: WATER, mode: 'levels', quantity: null, level: 'plenty', label: '充足' },
      { skuId: COLA, mode: 'levels', quantity: null, level: 'low', label: '紧张' },
      { skuId: JUICE, mode: 'levels', quantity: null, level: 'out', label: '缺货' },
    ]);
    expect((await buyer.get(`/api/portal/stock?skuIds=${COLA}`, { 'accept-language': 'en' })).json()[0].label).toBe('Limited');
  });

  it('exact shows the available quantity; hidden shows nothing; a safety stock above lowBelow makes it 紧张 sooner', async () => {
    expect((await setMode({ mode: 'exact' })).customerDisplay).toEqual({ mode: 'exact', lowBelow: 20 });
    const buyer = await t.as('buyerB');
    expect((await buyer.get(`/api/portal/stock?skuIds=${WATER}`)).json()).toEqual([{ skuId: WATER, mode: 'exact', quantity: 100, level: 'plenty', label: '充足' }]);
    await (await t.as('warehouse')).put(`/api/inventory/levels/${WATER}/${HZ}/safety-stock`, { safetyStock: 150 });
    expect((await stockForCustomers(t.db, [WATER]))[0]).toMatchObject({ quantity: 100, level: 'low' });
    await setMode({ mode: 'hidden' });
    expect((await buyer.get(`/api/portal/stock?skuIds=${WATER},${COLA}`)).json()).toEqual([
      { skuId: WATER, mode: 'hidden', quantity: null, level: null, label: null },
      { skuId: COLA, mode: 'hidden', quantity: null, level: null, label: null },
    ]);
    await setMode({ mode: 'levels' });
  });

  it('only admins change the setting; bad input is 400', async () => {
    for (const u of ['warehouse', 'sales', 'buyerA']) expect((await (await t.as(u)).put('/api/inventory/settings', { allowSplit: true })).statusCode).toBe(403);
    const admin = await t.as('admin');
    for (const b of [{ customerDisplay: { mode: 'fuzzy' } }, { customerDisplay: { lowBelow: -1 } }, { allowSplit: 'yes' }, { other: 1 }]) {
      expect((await admin.put('/api/inventory/settings', b)).statusCode).toBe(400);
    }
    const buyer = await t.as('buyerA');
    for (const q of ['', 'skuIds=', 'skuIds=abc', 'skuIds=-1', `skuIds=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`]) {
      expect((await buyer.get(`/api/portal/stock?${q}`)).statusCode).toBe(400);
    }
    expect((await t.anon.get(`/api/portal/stock?skuIds=${WATER}`)).statusCode).toBe(401);
  });

  it('server-sent events push the customer view live after a change commits, and clean up on close', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const buyer = await t.as('buyerA');
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/portal/stock/stream?skuIds=${COLA}`, { headers: { cookie: buyer.headers.cookie! }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const events: unknown[] = [];
    let buf = '';
    const next = async () => {
      while (true) {
        const m = /event: stock\ndata: (.*)\n\n/.exec(buf);
        if (m) {
          buf = buf.slice(m.index + m[0].length);
          events.push(JSON.parse(m[1]));
          return events.at(-1);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += new TextDecoder().decode(value);
      }
    };
    expect(await next()).toEqual({ skuId: COLA, mode: 'levels', quantity: null, level: 'low', label: '紧张' });
    expect(subscriberCount(stockTopic(COLA))).toBe(1);
    await (await t.as('warehouse')).post('/api/inventory/adjustments', { warehouseId: HZ, reason: '报损', lines: [{ skuId: COLA, qty: -8 }] });
    await t.drainOutbox();
    expect(await next()).toEqual({ skuId: COLA, mode: 'levels', quantity: null, level: 'out', label: '缺货' });
    ctrl.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(subscriberCount(stockTopic(COLA))).toBe(0);
  });
});
