import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { localDay } from '../../lib/day-numbers';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';

/**
 * Pre-orders and backorders through HTTP (issue 16): a SKU on 预订 takes orders without stock,
 * the lines queue, and stock arriving goes to them first come first served (or by priority) in
 * the transaction of the receipt — under concurrency too; ordinary SKUs still never oversell.
 */
let t: TestApp;
let w: CartWorld;
let admin: Client, warehouse: Client, buyerA: Client, buyerB: Client, buyerC: Client;
let TEA: number, CAPPED: number, companyC: number, addrC: number;
const day = (offset: number) => localDay(new Date(Date.now() + offset * 86_400_000), 'Asia/Shanghai').replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
const expected = day(13);

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  const db = t.db;
  const product = async (name: string, code: string) => {
    const p = await db.insertInto('products').values({ name, subtitle: null, category_id: w.cat.categoryId, brand_id: w.cat.brandId, base_unit: '盒', on_shelf: true }).returning('id').executeTakeFirstOrThrow();
    return (await db.insertInto('skus').values({ product_id: p.id, code, barcode: null, base_price: 300, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow()).id;
  };
  TEA = await product('新茶 明前龙井', 'TEA-NEW');
  CAPPED = await product('限量 礼盒', 'GIFT-LTD');
  companyC = (await db.insertInto('companies').values({ code: 'CC', name: '丙公司 Gamma Shop' }).returning('id').executeTakeFirstOrThrow()).id;
  const hash = (await db.selectFrom('users').select('password_hash').where('id', '=', t.fx.users.buyerA).executeTakeFirstOrThrow()).password_hash;
  await db.insertInto('users').values({ login: 'buyerC', name: '丙 采购', role: 'customer_buyer', company_id: companyC, password_hash: hash, phone: null, email: 'c@test.example' }).execute();
  addrC = (await db.insertInto('company_addresses').values({ company_id: companyC, recipient: '王五', phone: '13900000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文二路 2 号', postcode: null, is_default: true }).returning('id').executeTakeFirstOrThrow()).id;
  [admin, warehouse, buyerA, buyerB, buyerC] = await Promise.all(['admin', 'warehouse', 'buyerA', 'buyerB', 'buyerC'].map((l) => t.as(l)));
});
afterAll(() => t.close());

const addrOf = (c: Client) => (c === buyerA ? w.addrA : c === buyerB ? w.addrB : addrC);
async function order(c: Client, lines: { skuId: number; qty: number }[]) {
  for (const l of lines) expect((await c.post('/api/cart/lines', l)).statusCode).toBe(200);
  return c.post('/api/cart/submit', { addressId: addrOf(c), paymentMethod: 'transfer', invoiceType: 'none' }, idem());
}
const level = (skuId: number) => t.db.selectFrom('stock_levels').select(['on_hand', 'reserved']).where('sku_id', '=', skuId).where('warehouse_id', '=', w.warehouseId).executeTakeFirst();
const waitsOf = async (skuId: number) => (await admin.get(`/api/inventory/waits?skuId=${skuId}&pageSize=100`)).json().items as { orderId: number; status: string; qty: number; allocatedQty: number; companyId: number; id: number; priority: number }[];
const adjust = (skuId: number, qty: number) => warehouse.post('/api/inventory/adjustments', { warehouseId: w.warehouseId, reason: '到货入库', lines: [{ skuId, qty }] });

describe('the pre-order setting refuses bad input and writes nothing', () => {
  it('checks role, SKU, mode, date, cap and note', async () => {
    const before = await counts(t.db, ['sku_presale', 'audit_log']);
    const cases: [Client, string, unknown, number, string][] = [
      [buyerA, `/api/inventory/presale/${TEA}`, { mode: 'preorder', expectedDate: expected }, 403, 'FORBIDDEN'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'preorder' }, 422, 'PRESALE_DATE_REQUIRED'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'preorder', expectedDate: day(-2) }, 422, 'PRESALE_DATE_PAST'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'preorder', expectedDate: '2026-02-30' }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'preorder', expectedDate: 20261220 }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: '预订' }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, {}, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'backorder', maxWaiting: -1 }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'backorder', maxWaiting: 1e12 }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'backorder', maxWaiting: 2.5 }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'backorder', note: '长'.repeat(201) }, 400, 'VALIDATION'],
      [admin, `/api/inventory/presale/${TEA}`, { mode: 'backorder', extra: 1 }, 400, 'VALIDATION'],
      [admin, '/api/inventory/presale/987654', { mode: 'backorder' }, 404, 'NOT_FOUND'],
      [admin, '/api/inventory/presale/abc', { mode: 'backorder' }, 400, 'VALIDATION'],
      [admin, '/api/inventory/presale/-3', { mode: 'backorder' }, 400, 'VALIDATION'],
    ];
    for (const [c, url, body, status, code] of cases) {
      const r = await c.put(url, body);
      expect(r.statusCode, `${JSON.stringify(body)} ${r.body}`).toBe(status);
      expect(r.json().error.code).toBe(code);
    }
    expect((await admin.delete(`/api/inventory/presale/${TEA}`)).statusCode).toBe(404);
    expect((await admin.patch('/api/inventory/waits/987654', { priority: 1 })).statusCode).toBe(404);
    expect((await admin.patch('/api/inventory/waits/1', { priority: 5000 })).statusCode).toBe(400);
    expect((await buyerA.get('/api/inventory/waits')).statusCode).toBe(403);
    expect(await counts(t.db, ['sku_presale', 'audit_log'])).toEqual(before);
  });
});

describe('pre-orders queue and are served first come first served when stock arrives', () => {
  let orders: { id: number; company: Client }[] = [];

  it('without the setting, a SKU without stock cannot be ordered (nothing written)', async () => {
    const before = await counts(t.db, ['orders', 'reservations', 'stock_waits']);
    const r = await order(buyerA, [{ skuId: TEA, qty: 10 }]);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect(await counts(t.db, ['orders', 'reservations', 'stock_waits'])).toEqual(before);
    await buyerA.delete('/api/cart');
  });

  it('on pre-order the storefront and the cart say so with the expected date, and the line is not short', async () => {
    const r = await admin.put(`/api/inventory/presale/${TEA}`, { mode: 'preorder', expectedDate: expected, note: '新茶 🍵 上市' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ skuId: TEA, code: 'TEA-NEW', mode: 'preorder', expectedDate: expected, waitingQty: 0 });
    const productId = (await t.db.selectFrom('skus').select('product_id').where('id', '=', TEA).executeTakeFirstOrThrow()).product_id;
    const p = (await buyerB.get(`/api/catalog/products/${productId}`)).json();
    expect(p.skus[0]).toMatchObject({ stock: 'out', presale: { mode: 'preorder', expectedDate: expected } });
    await buyerB.post('/api/cart/lines', { skuId: TEA, qty: 10 });
    const cart = (await buyerB.get('/api/cart')).json();
    expect(cart.lines[0]).toMatchObject({ skuId: TEA, presale: { mode: 'preorder', expectedDate: expected }, problems: [] });
    expect(cart.ok).toBe(true);
    await buyerB.delete('/api/cart');
  });

  it('three customers order at once: all accepted, nothing reserved, three lines queue', async () => {
    const rs = await Promise.all([buyerA, buyerB, buyerC].map((c) => order(c, [{ skuId: TEA, qty: 10 }])));
    for (const r of rs) expect(r.statusCode, r.body).toBe(200);
    orders = rs.map((r, i) => ({ id: r.json().order.id as number, company: [buyerA, buyerB, buyerC][i]! }));
    const q = await waitsOf(TEA);
    expect(q).toHaveLength(3);
    expect(q.every((x) => x.status === 'waiting' && x.qty === 10 && x.allocatedQty === 0)).toBe(true);
    // the queue's order is the order the submissions committed in: sort ours by it
    orders.sort((a, b) => q.findIndex((x) => x.orderId === a.id) - q.findIndex((x) => x.orderId === b.id));
    expect(await level(TEA)).toBeUndefined();
    const d = (await orders[0]!.company.get(`/api/my/orders/${orders[0]!.id}`)).json();
    expect(d.lines[0]).toMatchObject({ skuCode: 'TEA-NEW', qty: 10, reservedQty: 0, waiting: { qty: 10, mode: 'preorder', expectedDate: expected } });
  });

  it('stock for two arrives in two receipts at once while a fourth order comes in: the first two get it, nobody jumps the queue', async () => {
    await t.drainOutbox();
    const noticesBefore = await t.db.selectFrom('notifications').select('id').execute();
    const [r1, r2, late] = await Promise.all([adjust(TEA, 10), adjust(TEA, 10), order(buyerA, [{ skuId: TEA, qty: 5 }])]);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r2.statusCode, r2.body).toBe(200);
    expect(late.statusCode, late.body).toBe(200);
    const q = await waitsOf(TEA);
    const state = (id: number) => q.filter((x) => x.orderId === id);
    expect(state(orders[0]!.id)).toMatchObject([{ status: 'allocated', allocatedQty: 10 }]);
    expect(state(orders[1]!.id)).toMatchObject([{ status: 'allocated', allocatedQty: 10 }]);
    expect(state(orders[2]!.id)).toMatchObject([{ status: 'waiting', allocatedQty: 0 }]);
    // the late order may have run before, between or after the receipts: it never took stock ahead of the queue
    const lateId = late.json().order.id as number;
    expect(state(lateId)).toMatchObject([{ status: 'waiting', qty: 5, allocatedQty: 0 }]);
    expect(await level(TEA)).toEqual({ on_hand: 20, reserved: 20 });
    const res = await t.db.selectFrom('reservations').select(['order_id', 'qty']).where('sku_id', '=', TEA).where('status', '=', 'active').orderBy('order_id').execute();
    expect(res.map((r) => r.order_id).sort()).toEqual([orders[0]!.id, orders[1]!.id].sort());
    const d1 = (await orders[0]!.company.get(`/api/my/orders/${orders[0]!.id}`)).json();
    expect(d1.lines[0]).toMatchObject({ reservedQty: 10, waiting: null });
    const d3 = (await orders[2]!.company.get(`/api/my/orders/${orders[2]!.id}`)).json();
    expect(d3.lines[0]).toMatchObject({ reservedQty: 0, waiting: { qty: 10 } });
    // the two customers served are told, on their order; the third is not
    await t.drainOutbox();
    const fresh = await t.db.selectFrom('notifications as n').innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.company_id', 'n.link', 'n.title', 'n.kind', 'n.body']).where('n.id', 'not in', noticesBefore.length ? noticesBefore.map((n) => n.id) : [0]).where('n.entity_type', '=', 'order').execute();
    const told = fresh.filter((n) => n.title.includes('预订商品'));
    const companies = [...new Set(told.map((n) => n.company_id))].sort();
    const served = await t.db.selectFrom('orders').select(['id', 'company_id']).where('id', 'in', [orders[0]!.id, orders[1]!.id]).execute();
    expect(companies).toEqual(served.map((o) => o.company_id).sort());
    for (const n of told) {
      expect(n.link).toMatch(new RegExp(`^/orders/(${orders[0]!.id}|${orders[1]!.id})$`));
      // its own kind, in the customer's words: what arrived, how many, and that the order can ship
      expect(n.kind).toBe('order.stock_arrived');
      expect(n.body).toMatch(/^您预订的 新茶 明前龙井（TEA-NEW）已到货 10 盒，订单 \S+ 可发货。$/);
    }
  });

  it('a higher priority moves a line ahead; a cancelled order leaves the queue and its stock goes to the next in line', async () => {
    const q = await waitsOf(TEA);
    const late = q.find((x) => x.status === 'waiting' && x.qty === 5)!;
    const r = await admin.patch(`/api/inventory/waits/${late.id}`, { priority: 10 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ priority: 10 });
    // the first order is cancelled by its buyer: its 10 go to the late order (priority 10: 5) and the third (5 of 10)
    const first = orders[0]!;
    const c = await first.company.post(`/api/my/orders/${first.id}/events`, { event: 'cancel', note: '不要了' });
    expect(c.statusCode, c.body).toBe(200);
    const after = await waitsOf(TEA);
    expect(after.find((x) => x.id === late.id)).toMatchObject({ status: 'allocated', allocatedQty: 5 });
    expect(after.find((x) => x.orderId === orders[2]!.id)).toMatchObject({ status: 'waiting', allocatedQty: 5 });
    expect(after.find((x) => x.orderId === first.id)).toMatchObject({ status: 'allocated' });
    expect(await level(TEA)).toEqual({ on_hand: 20, reserved: 20 });
    // cancelling an order whose line still waits takes it out of the queue
    const third = orders[2]!;
    expect((await third.company.post(`/api/my/orders/${third.id}/events`, { event: 'cancel', note: '等不及了' })).statusCode).toBe(200);
    expect((await waitsOf(TEA)).find((x) => x.orderId === third.id)).toMatchObject({ status: 'cancelled', allocatedQty: 5 });
    expect(await level(TEA)).toEqual({ on_hand: 20, reserved: 15 });
  });

  it('a backorder line takes the stock there is and queues the rest; under "ship complete" the order waits to ship', async () => {
    expect((await admin.put(`/api/inventory/presale/${TEA}`, { mode: 'backorder' })).statusCode).toBe(200);
    const r = await order(buyerB, [{ skuId: TEA, qty: 8 }]);
    expect(r.statusCode, r.body).toBe(200);
    const d = (await buyerB.get(`/api/my/orders/${r.json().order.id}`)).json();
    expect(d.lines[0]).toMatchObject({ qty: 8, reservedQty: 5, waiting: { qty: 3, mode: 'backorder', expectedDate: null } });
    expect((await admin.put('/api/inventory/backorder-settings', { shipping: 'sometimes' })).statusCode).toBe(400);
    expect((await warehouse.put('/api/inventory/backorder-settings', { shipping: 'complete' })).statusCode).toBe(403);
    expect((await admin.put('/api/inventory/backorder-settings', { shipping: 'complete' })).json()).toEqual({ shipping: 'complete' });
    const id = r.json().order.id as number;
    expect((await admin.post(`/api/orders/${id}/events`, { event: 'approve' })).statusCode).toBe(200);
    await t.db.updateTable('orders').set({ status: 'picking' }).where('id', '=', id).execute();
    const ship = await warehouse.post(`/api/orders/${id}/shipments`, { warehouseId: w.warehouseId, carrier: '顺丰', lines: [{ orderLineId: d.lines[0].id, qty: 5 }] });
    expect(ship.statusCode, ship.body).toBe(409);
    expect(ship.json().error.code).toBe('ORDER_WAITING_STOCK');
    await admin.put('/api/inventory/backorder-settings', { shipping: 'partial' });
    const ship2 = await warehouse.post(`/api/orders/${id}/shipments`, { warehouseId: w.warehouseId, carrier: '顺丰', lines: [{ orderLineId: d.lines[0].id, qty: 5 }] });
    expect(ship2.statusCode, ship2.body).toBe(200);
    expect(ship2.json().status).toBe('partially_shipped');
  });

  it('a capped queue refuses the order that would pass the cap, writing nothing', async () => {
    expect((await admin.put(`/api/inventory/presale/${CAPPED}`, { mode: 'preorder', expectedDate: expected, maxWaiting: 6 })).statusCode).toBe(200);
    expect((await order(buyerA, [{ skuId: CAPPED, qty: 4 }])).statusCode).toBe(200);
    const before = await counts(t.db, ['orders', 'order_lines', 'reservations', 'stock_waits', 'outbox']);
    const r = await order(buyerC, [{ skuId: w.WATER, qty: 2 }, { skuId: CAPPED, qty: 3 }]);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'PRESALE_LIMIT' });
    expect(r.json().error.message).toContain('还可预订 2');
    expect(await counts(t.db, ['orders', 'order_lines', 'reservations', 'stock_waits', 'outbox'])).toEqual(before);
    await buyerC.delete('/api/cart');
  });
});

describe('editing an order keeps its waiting lines in their place', () => {
  it('a shrunk line keeps its reserved stock and its place; a grown one queues only the extra behind the others', async () => {
    const p = await t.db.insertInto('products').values({ name: '秋季 新品 🍂', subtitle: null, category_id: w.cat.categoryId, brand_id: w.cat.brandId, base_unit: '件', on_shelf: true }).returning('id').executeTakeFirstOrThrow();
    const KEEP = (await t.db.insertInto('skus').values({ product_id: p.id, code: 'KEEP-1', barcode: null, base_price: 500, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await admin.put(`/api/inventory/presale/${KEEP}`, { mode: 'backorder' })).statusCode).toBe(200);
    expect((await adjust(KEEP, 3)).statusCode).toBe(200);
    const x = await order(buyerA, [{ skuId: KEEP, qty: 5 }]);
    const y = await order(buyerB, [{ skuId: KEEP, qty: 2 }]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    const X = x.json().order.id as number, Y = y.json().order.id as number;
    const waitX = (await waitsOf(KEEP)).find((q) => q.orderId === X)!;
    const detail = async (id: number) => (await admin.get(`/api/orders/${id}`)).json();
    const modify = async (id: number, lines: unknown[]) => {
      const r = await admin.post(`/api/orders/${id}/modify`, { version: (await detail(id)).version, reason: '客户电话改量', lines });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    // 5 → 4 (3 reserved, 1 waiting) and an ordinary line added: the reserved 3 stay, the wait is the same row, still first
    const lineX = (await detail(X)).lines[0].id as number;
    const d = await modify(X, [{ id: lineX, qty: 4 }, { skuId: w.WATER, qty: 1 }]);
    expect(d.lines.map((l: { qty: number; reservedQty: number }) => [l.qty, l.reservedQty])).toEqual([[4, 3], [1, 1]]);
    expect(d.lines[0].waiting).toMatchObject({ qty: 1, mode: 'backorder' });
    const q1 = (await waitsOf(KEEP)).filter((q) => q.status === 'waiting');
    expect(q1.map((q) => [q.orderId, q.qty - q.allocatedQty])).toEqual([[X, 1], [Y, 2]]);
    expect(q1[0]!.id).toBe(waitX.id);
    // two arrive: the edited order (still first) gets 1, the other 1
    expect((await adjust(KEEP, 2)).statusCode).toBe(200);
    const q2 = await waitsOf(KEEP);
    expect(q2.find((q) => q.id === waitX.id)).toMatchObject({ status: 'allocated', qty: 1, allocatedQty: 1 });
    expect(q2.find((q) => q.orderId === Y)).toMatchObject({ status: 'waiting', allocatedQty: 1 });
    expect(await level(KEEP)).toEqual({ on_hand: 5, reserved: 5 });
    // 4 → 6: the 4 it has stay, the 2 extra queue behind the other order's remaining 1
    const d2 = await modify(X, [{ id: lineX, qty: 6 }, { id: d.lines[1].id, qty: 1 }]);
    expect(d2.lines[0]).toMatchObject({ qty: 6, reservedQty: 4, waiting: { qty: 2 } });
    expect((await adjust(KEEP, 1)).statusCode).toBe(200);
    expect((await waitsOf(KEEP)).find((q) => q.orderId === Y)).toMatchObject({ status: 'allocated', allocatedQty: 2 });
    // removing the line leaves the queue and frees its 4 reserved (nobody else waits: they stay free)
    const d3 = await modify(X, [{ id: d.lines[1].id, qty: 1 }]);
    expect(d3.lines).toHaveLength(1);
    expect((await waitsOf(KEEP)).filter((q) => q.orderId === X && q.status === 'waiting')).toEqual([]);
    expect(await level(KEEP)).toEqual({ on_hand: 6, reserved: 2 });
  });
});

describe('dropping what waits is allowed only before the order is approved', () => {
  it('an order under review drops its waiting line and the queue moves up; an approved order refuses, changing nothing', async () => {
    const p = await t.db.insertInto('products').values({ name: '冬季 预售 ❄️', subtitle: null, category_id: w.cat.categoryId, brand_id: w.cat.brandId, base_unit: '件', on_shelf: true }).returning('id').executeTakeFirstOrThrow();
    const DROP = (await t.db.insertInto('skus').values({ product_id: p.id, code: 'DROP-1', barcode: null, base_price: 400, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await admin.put(`/api/inventory/presale/${DROP}`, { mode: 'backorder' })).statusCode).toBe(200);
    const x = await order(buyerA, [{ skuId: DROP, qty: 3 }, { skuId: w.WATER, qty: 1 }]);
    const y = await order(buyerB, [{ skuId: DROP, qty: 2 }, { skuId: w.WATER, qty: 1 }]);
    expect([x.statusCode, y.statusCode], y.body).toEqual([200, 200]);
    const X = x.json().order.id as number, Y = y.json().order.id as number;
    const detail = async (id: number) => (await admin.get(`/api/orders/${id}`)).json();
    const waterLine = async (id: number) => ((await detail(id)).lines as { id: number; skuId: number }[]).find((l) => l.skuId === w.WATER)!.id;
    // Y is approved: it leaves review, and its waiting line stays in the queue for good
    const approved = await admin.post(`/api/orders/${Y}/events`, { event: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    const yStatus = (await detail(Y)).status as string;
    expect(['pending_review', 'awaiting_approval']).not.toContain(yStatus);
    const before = await counts(t.db, ['order_lines', 'reservations', 'stock_waits', 'order_history', 'outbox']);
    const queue = await waitsOf(DROP);
    const refused = await admin.post(`/api/orders/${Y}/modify`, { version: (await detail(Y)).version, reason: '客户不再等待', lines: [{ id: await waterLine(Y), qty: 1 }] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'ORDER_NOT_MODIFIABLE', details: { status: yStatus } });
    expect(refused.json().error.message).toMatch(/^订单 \S+ 当前状态为「[^a-z_」]+」，只能在审核通过前修改$/);
    expect(await counts(t.db, ['order_lines', 'reservations', 'stock_waits', 'order_history', 'outbox'])).toEqual(before);
    expect(await waitsOf(DROP)).toEqual(queue);
    // X is still under review: its waiting line is dropped, and Y's wait is first in line
    const dropped = await admin.post(`/api/orders/${X}/modify`, { version: (await detail(X)).version, reason: '客户不再等待', lines: [{ id: await waterLine(X), qty: 1 }] });
    expect(dropped.statusCode, dropped.body).toBe(200);
    const waiting = (await waitsOf(DROP)).filter((q) => q.status === 'waiting');
    expect(waiting.map((q) => [q.orderId, q.qty - q.allocatedQty])).toEqual([[Y, 2]]);
    expect((await waitsOf(DROP)).find((q) => q.orderId === X)).toMatchObject({ status: 'cancelled' });
    // stock for two arrives: it goes to the approved order, not to the dropped line
    expect((await adjust(DROP, 2)).statusCode).toBe(200);
    expect((await waitsOf(DROP)).find((q) => q.orderId === Y)).toMatchObject({ status: 'allocated', allocatedQty: 2 });
    expect(await level(DROP)).toEqual({ on_hand: 2, reserved: 2 });
  });
});

describe('quick order takes pre-order and backorder SKUs', () => {
  it('a row beyond stock is added with its expected date, an ordinary short row is still refused, and the order queues it', async () => {
    const p = await t.db.insertInto('products').values({ name: '冬季 礼盒', subtitle: null, category_id: w.cat.categoryId, brand_id: w.cat.brandId, base_unit: '盒', on_shelf: true }).returning('id').executeTakeFirstOrThrow();
    const PRE = (await t.db.insertInto('skus').values({ product_id: p.id, code: 'PRE-Q1', barcode: null, base_price: 800, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await admin.put(`/api/inventory/presale/${PRE}`, { mode: 'preorder', expectedDate: expected })).statusCode).toBe(200);
    const r = await buyerC.post('/api/cart/quick', { text: 'PRE-Q1\t12\nWATER-550\t99999' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.rows.map((x: { status: string; reason: string | null }) => [x.status, x.reason])).toEqual([['added', null], ['rejected', 'ROW_SHORT']]);
    expect(body.rows[0]).toMatchObject({ skuId: PRE, presale: { mode: 'preorder', expectedDate: expected } });
    expect(body.rows[1].presale).toBeNull();
    expect(body.cart.lines).toEqual([expect.objectContaining({ skuId: PRE, qty: 12, presale: { mode: 'preorder', expectedDate: expected }, problems: [] })]);
    // the code autocomplete says so too
    const look = (await buyerC.get('/api/cart/skus?q=PRE-Q')).json();
    expect(look[0]).toMatchObject({ code: 'PRE-Q1', presale: { mode: 'preorder', expectedDate: expected } });
    const o = await buyerC.post('/api/cart/submit', { addressId: addrC, paymentMethod: 'transfer', invoiceType: 'none' }, idem());
    expect(o.statusCode, o.body).toBe(200);
    expect((await waitsOf(PRE)).map((x) => [x.orderId, x.qty, x.status])).toEqual([[o.json().order.id, 12, 'waiting']]);
    // without the setting the same row is short again
    expect((await admin.delete(`/api/inventory/presale/${PRE}`)).statusCode).toBe(200);
    const again = (await buyerC.post('/api/cart/quick', { text: 'PRE-Q1\t1' })).json();
    expect(again.rows[0]).toMatchObject({ status: 'rejected', reason: 'ROW_SHORT', presale: null });
  });
});

describe('ordinary SKUs still never oversell', () => {
  it('six buyers race for three units: three orders, three refusals, reserved never above on hand', async () => {
    const on = (await level(w.COLA))!;
    await t.db.updateTable('stock_levels').set({ reserved: on.on_hand - 3 }).where('sku_id', '=', w.COLA).execute();
    const hash = (await t.db.selectFrom('users').select('password_hash').where('id', '=', t.fx.users.buyerA).executeTakeFirstOrThrow()).password_hash;
    const buyers: Client[] = [];
    for (let i = 0; i < 6; i++) {
      await t.db.insertInto('users').values({ login: `race${i}`, name: `抢购 ${i}`, role: 'customer_buyer', company_id: i % 2 ? t.fx.companyA : t.fx.companyB, password_hash: hash, phone: null, email: null }).execute();
      buyers.push(await t.as(`race${i}`));
    }
    for (const b of buyers) expect((await b.post('/api/cart/lines', { skuId: w.COLA, qty: 1 })).statusCode).toBe(200);
    const rs = await Promise.all(buyers.map((b, i) => b.post('/api/cart/submit', { addressId: i % 2 ? w.addrA : w.addrB, paymentMethod: 'transfer', invoiceType: 'none' }, idem())));
    expect(rs.filter((r) => r.statusCode === 200)).toHaveLength(3);
    expect(rs.filter((r) => r.statusCode === 409 && r.json().error.code === 'INSUFFICIENT_STOCK')).toHaveLength(3);
    const after = (await level(w.COLA))!;
    expect(after.reserved).toBe(after.on_hand);
    expect(await t.db.selectFrom('stock_waits').select('id').where('sku_id', '=', w.COLA).execute()).toEqual([]);
  });

  it('an order mixing a short ordinary line with a pre-order line is refused whole', async () => {
    const before = await counts(t.db, ['orders', 'reservations', 'stock_waits']);
    const r = await order(buyerB, [{ skuId: w.COLA, qty: 1 }, { skuId: TEA, qty: 2 }]);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.code).toBe('INSUFFICIENT_STOCK');
    expect(await counts(t.db, ['orders', 'reservations', 'stock_waits'])).toEqual(before);
  });
});
