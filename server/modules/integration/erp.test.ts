import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type TestApp } from '../../test/harness';
import { cartWorld, idem, moreBuyers, type CartWorld } from '../cart/test-world';
import { FEED_PREFIXES } from './erp-feed';

/** The ERP sync API through HTTP with a scoped API token (issue 19): bulk upserts and the change feed. */
let t: TestApp;
let w: CartWorld;
let syncToken: string;
let feedToken: string;
const TABLES = ['products', 'skus', 'sku_units', 'stock_levels', 'stock_movements', 'companies', 'price_list_items', 'idempotency_keys'];

const call = (token: string, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.anon.request({ method, url, payload: body as never, headers: { authorization: `Bearer ${token}`, ...headers } });

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 100_000);
  const admin = await t.as('admin');
  const mk = async (scopes: string[]) => {
    const r = await admin.post('/api/auth/tokens', { name: `erp ${scopes.join(' ')}`, scopes });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().token as string;
  };
  syncToken = await mk(['erp.sync']);
  feedToken = await mk(['erp.feed']);
});
afterAll(() => t.close());

describe('ERP bulk upsert', () => {
  it('upserts products and SKUs by code (money in fen), reports bad items one by one, and replays a batch by its key', async () => {
    const items = [
      { productCode: 'ERP-TEA', name: '东方树叶 绿茶', category: '饮料/茶饮料', brand: '农夫山泉', baseUnit: '瓶', code: 'TEA-500', spec: '500ml', basePrice: 350, units: '箱=15' },
      { productCode: 'ERP-TEA', name: '东方树叶 绿茶', category: '饮料/茶饮料', brand: '农夫山泉', baseUnit: '瓶', code: 'TEA-900', spec: '900ml', basePrice: 580 },
      { productCode: 'ERP-BAD', name: '坏商品', code: 'BAD CODE', basePrice: 100 },
      { productCode: 'ERP-NEG', name: '负价', code: 'NEG-1', basePrice: -5 },
      { name: '', code: 'EMPTY-1', basePrice: 1 },
    ];
    const key = idem();
    const r = await call(syncToken, 'POST', '/api/erp/sync/products', { items }, key);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ received: 5, created: 2, updated: 0, unchanged: 0, replayed: false });
    expect(r.json().failed.map((f: { index: number; key: string; field: string }) => [f.index, f.key, f.field])).toEqual([[2, 'BAD CODE', 'code'], [3, 'NEG-1', 'basePrice'], [4, 'EMPTY-1', 'name']]);
    const tea = await t.db.selectFrom('skus').select(['code', 'base_price']).where('code', 'like', 'TEA-%').orderBy('code').execute();
    expect(tea).toEqual([{ code: 'TEA-500', base_price: 350 }, { code: 'TEA-900', base_price: 580 }]);
    const before = await counts(t.db, TABLES);
    const again = await call(syncToken, 'POST', '/api/erp/sync/products', { items }, key);
    expect(again.json()).toMatchObject({ created: 2, replayed: true });
    expect(await counts(t.db, TABLES)).toEqual(before);
    const reused = await call(syncToken, 'POST', '/api/erp/sync/products', { items: items.slice(0, 1) }, key);
    expect([reused.statusCode, reused.json().error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const fresh = await call(syncToken, 'POST', '/api/erp/sync/products', { items: items.slice(0, 2).map((i) => ({ ...i, basePrice: i.basePrice + 10 })) }, idem());
    expect(fresh.json()).toMatchObject({ created: 0, updated: 2, failed: [] });
  });

  it('sets stock levels, prices and credit limits by code; a second identical batch changes nothing', async () => {
    const stock = [{ warehouse: 'ERPWH', warehouseName: 'ERP 仓', code: 'TEA-500', qty: 500 }, { warehouse: 'ERPWH', code: 'TEA-900', qty: 90 }, { warehouse: 'ERPWH', code: 'NOPE', qty: 1 }];
    const s = await call(syncToken, 'POST', '/api/erp/sync/stock', { items: stock }, idem());
    expect(s.json()).toMatchObject({ created: 2, failed: [{ index: 2, key: 'NOPE', field: 'code' }] });
    expect((await call(syncToken, 'POST', '/api/erp/sync/stock', { items: stock.slice(0, 2) }, idem())).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const p = await call(syncToken, 'POST', '/api/erp/sync/prices', { items: [{ list: 'ERP 大客户价', customer: 'A001', code: 'TEA-500', minQty: 1, fixed: 300 }] }, idem());
    expect(p.statusCode, p.body).toBe(200);
    const code = (await t.db.selectFrom('companies').select('code').where('id', '=', t.fx.companyA).executeTakeFirstOrThrow()).code;
    const p2 = await call(syncToken, 'POST', '/api/erp/sync/prices', { items: [{ list: 'ERP 大客户价', customer: code, code: 'TEA-500', minQty: 1, fixed: 300 }] }, idem());
    expect(p2.json()).toMatchObject({ created: 1, failed: [] });
    const c = await call(syncToken, 'POST', '/api/erp/sync/credit-limits', { items: [{ code, creditLimit: 8_000_000, creditDays: 45 }, { code: 'NOBODY', creditLimit: 1 }, { code, creditLimit: -1 }] }, idem());
    expect(c.json()).toMatchObject({ updated: 1, failed: [{ index: 1, field: 'code' }, { index: 2, field: 'creditLimit' }] });
    expect(await t.db.selectFrom('companies').select(['credit_limit', 'credit_days']).where('id', '=', t.fx.companyA).executeTakeFirstOrThrow()).toEqual({ credit_limit: 8_000_000, credit_days: 45 });
  });

  it('refuses without the scope, without a key, with a bad body; nothing written', async () => {
    const before = await counts(t.db, TABLES);
    const item = { items: [{ warehouse: 'ERPWH', code: 'TEA-500', qty: 1 }] };
    expect((await call(feedToken, 'POST', '/api/erp/sync/stock', item, idem())).statusCode).toBe(403);
    expect((await t.anon.request({ method: 'POST', url: '/api/erp/sync/stock', payload: item, headers: idem() })).statusCode).toBe(401);
    expect((await call(syncToken, 'POST', '/api/erp/sync/stock', item)).statusCode).toBe(400);
    expect((await call(syncToken, 'POST', '/api/erp/sync/stock', item, { 'idempotency-key': 'has space' })).statusCode).toBe(400);
    expect((await call(syncToken, 'POST', '/api/erp/sync/nope', item, idem())).statusCode).toBe(400);
    expect((await call(syncToken, 'POST', '/api/erp/sync/stock', { items: [] }, idem())).statusCode).toBe(400);
    expect((await call(syncToken, 'POST', '/api/erp/sync/stock', { items: Array.from({ length: 5001 }, () => item.items[0]) }, idem())).statusCode).toBe(400);
    expect((await call(syncToken, 'POST', '/api/erp/sync/stock', { items: [{ code: { nested: 1 } }] }, idem())).statusCode).toBe(400);
    const weird = await call(syncToken, 'POST', '/api/erp/sync/stock', { items: [{ warehouse: '仓😀', code: 'TEA-500', qty: 1e20 }, { warehouse: 'ERPWH', code: 'TEA-500', qty: -3 }, { warehouse: 'ERPWH', code: 'x'.repeat(2000), qty: 1.5 }] }, idem());
    expect(weird.statusCode).toBe(200);
    expect(weird.json()).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(weird.json().failed.length).toBeGreaterThanOrEqual(3);
    const after = await counts(t.db, TABLES);
    expect({ ...after, idempotency_keys: 0 }).toEqual({ ...before, idempotency_keys: 0 });
    expect((await call(syncToken, 'GET', '/api/erp/changes')).statusCode).toBe(403);
    expect((await call(feedToken, 'GET', '/api/erp/changes?cursor=-1')).statusCode).toBe(400);
    expect((await call(feedToken, 'GET', '/api/erp/changes?limit=100000')).statusCode).toBe(400);
  });
});

describe('ERP change feed', () => {
  it('a consumer following cursors sees every order, payment and shipment event exactly once while orders are created during paging', async () => {
    const buyers = await moreBuyers(t, t.fx.companyA, 'erpbuyer', 4);
    const body = { addressId: w.addrA, paymentMethod: 'transfer', invoiceType: 'none' };
    let producing = true;
    const producers = (async () => {
      await Promise.all(buyers.map(async (b) => {
        for (let i = 0; i < 5; i++) {
          expect((await b.post('/api/cart/lines', { skuId: w.WATER, qty: 1 + i })).statusCode).toBe(200);
          const r = await b.post('/api/cart/submit', body, idem());
          expect(r.statusCode, r.body).toBe(200);
        }
      }));
      producing = false;
    })();
    // two outbox workers at once: feed rows are written concurrently
    const drainers = Promise.all([0, 1].map(async () => {
      while (producing) {
        await t.drainOutbox();
        await new Promise((r) => setTimeout(r, 5));
      }
    }));
    const seen: number[] = [];
    let cursor = '0';
    let pages = 0;
    const page = async () => {
      const r = await call(feedToken, 'GET', `/api/erp/changes?cursor=${cursor}&limit=3`);
      expect(r.statusCode, r.body).toBe(200);
      const j = r.json();
      for (const e of j.events) seen.push(e.eventId);
      cursor = j.nextCursor;
      pages++;
      return j.hasMore as boolean;
    };
    while (producing) {
      await page();
      await new Promise((r) => setTimeout(r, 3));
    }
    await producers;
    await drainers;
    await t.drainOutbox();
    while (await page());
    const all = await t.db.selectFrom('outbox').select(['id', 'topic']).orderBy('id').execute();
    const expected = all.filter((e) => FEED_PREFIXES.some((p) => e.topic.startsWith(p))).map((e) => e.id);
    expect(expected.length).toBeGreaterThanOrEqual(20);
    expect(seen.length).toBe(new Set(seen).size);
    expect([...seen].sort((a, b) => a - b)).toEqual(expected);
    expect(pages).toBeGreaterThan(5);
    // filtering by topic prefix
    const orders = (await call(feedToken, 'GET', '/api/erp/changes?topics=order&limit=1000')).json();
    expect(orders.events.every((e: { topic: string }) => e.topic.startsWith('order.'))).toBe(true);
    expect(orders.events.length).toBeGreaterThanOrEqual(20);
  });
});
