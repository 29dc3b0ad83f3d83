import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { routeFor, webRoutes } from '../../test/web-routes';
import { NOTICE_KINDS } from '../notifications';
import { sendWeeklySummaries } from '../reports';
import { seedNotificationsDemo } from '../notifications/seed';
import { cartWorld, idem, type CartWorld } from '../cart/test-world';
import { reasonId, shippedOrder } from '../aftersales/testkit';
import { sendReorderReminders } from '../recommendations';
import { receivedHistory, rhythm } from '../recommendations/testkit';

/**
 * Submission notices (buyer, customer admin, serving rep / order desk, the customer of an order
 * placed on its behalf), grouping of noisy staff notices, and the walk over every notice kind:
 * each link is a route the web app mounts for its recipient, and the recipient may read the record.
 */
let t: TestApp;
let w: CartWorld;
let buyerA: Client, ownerA: Client, buyerB: Client, sales: Client, admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await cartWorld(t, 1000);
  [buyerA, ownerA, buyerB, sales, admin] = await Promise.all(['buyerA', 'ownerA', 'buyerB', 'sales', 'admin'].map((l) => t.as(l)));
});
afterAll(() => t.close());

type Entry = { id: number; kind: string; title: string; body: string; link: string; count: number; readAt: string | null; entityId: string | null };
const bell = async (c: Client): Promise<{ items: Entry[]; unread: number; total: number }> => (await c.get('/api/notifications?pageSize=100')).json();
const rows = (userId: number, kind?: string) => {
  let q = t.db.selectFrom('notifications').select(['id', 'kind', 'title', 'body', 'link', 'entity_id', 'group_key']).where('user_id', '=', userId);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('id').execute();
};
async function submit(c: Client, skuId: number, qty: number, opts: { customerId?: number; addressId?: number } = {}) {
  const q = opts.customerId ? `?customerId=${opts.customerId}` : '';
  expect((await c.post(`/api/cart/lines${q}`, { skuId, qty })).statusCode).toBe(200);
  const r = await c.post(`/api/cart/submit${q}`, { addressId: opts.addressId ?? w.addrA, paymentMethod: 'transfer' }, idem());
  expect(r.statusCode, r.body).toBe(200);
  await t.drainOutbox();
  return r.json().order as { id: number; number: string; status: string };
}

describe('submission notices', () => {
  it('the buyer hears the order was received; the serving rep that it waits for review (待审核); nobody else', async () => {
    const o = await submit(buyerA, w.WATER, 2);
    expect(o.status).toBe('pending_review');
    const mine = (await rows(t.fx.users.buyerA, 'order.received')).filter((n) => n.entity_id === String(o.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: `订单已提交：${o.number}`, link: `/orders/${o.id}` });
    expect(mine[0]!.body).toContain('待审核');
    const rep = (await rows(t.fx.users.sales, 'order.queue')).filter((n) => n.entity_id === String(o.id));
    expect(rep).toEqual([expect.objectContaining({ title: `订单待审核：${o.number}`, link: `/admin/orders/${o.id}`, group_key: 'order.queue:pending_review' })]);
    expect(rep[0]!.body).toContain(o.number);
    // the owner (no approval needed), other reps, the desk and the other company hear nothing of it
    for (const u of [t.fx.users.ownerA, t.fx.users.sales2, t.fx.users.admin, t.fx.users.finance, t.fx.users.buyerB]) {
      expect((await rows(u)).filter((n) => n.entity_id === String(o.id))).toEqual([]);
    }
    // an email copy for the buyer; re-delivering the event sends nothing twice
    const before = await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await t.db.updateTable('outbox').set({ delivered_at: null }).where('topic', '=', 'order.submitted').execute();
    await t.db.deleteFrom('outbox_deliveries').execute();
    await t.drainOutbox();
    const after = await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("over the buyer's limit the customer admin is asked to approve, with a link to the order; approving reaches the rep", async () => {
    await t.db.insertInto('company_buyer_limits').values({ user_id: t.fx.users.buyerA, company_id: t.fx.companyA, order_limit: 1000 }).execute();
    const o = await submit(buyerA, w.COLA, 10);
    await t.db.deleteFrom('company_buyer_limits').execute();
    expect(o.status).toBe('awaiting_approval');
    const ask = (await rows(t.fx.users.ownerA, 'order.approval_needed')).filter((n) => n.entity_id === String(o.id));
    expect(ask).toEqual([expect.objectContaining({ title: `待您审批：订单 ${o.number}`, link: `/orders/${o.id}` })]);
    expect((await rows(t.fx.users.buyerA, 'order.received')).some((n) => n.entity_id === String(o.id) && n.body.includes('待客户审批'))).toBe(true);
    expect((await rows(t.fx.users.sales)).filter((n) => n.entity_id === String(o.id))).toEqual([]);
    // the link's page lets the owner approve: the event is offered and works
    const detail = (await ownerA.get(`/api/my/orders/${o.id}`)).json();
    expect(detail.allowedEvents).toContain('customer_approve');
    expect((await ownerA.post(`/api/my/orders/${o.id}/events`, { event: 'customer_approve', version: detail.version })).statusCode).toBe(200);
    await t.drainOutbox();
    expect((await rows(t.fx.users.sales, 'order.queue')).filter((n) => n.entity_id === String(o.id))).toHaveLength(1);
  });

  it('a rep ordering on behalf tells the customer (its admins), not the rep; a customer without a rep goes to the order desk', async () => {
    const o = await submit(sales, w.WATER, 12, { customerId: t.fx.companyA });
    const told = (await rows(t.fx.users.ownerA, 'order.placed_for_you')).filter((n) => n.entity_id === String(o.id));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ link: `/orders/${o.id}` });
    expect(told[0]!.body).toContain('代下订单');
    expect((await rows(t.fx.users.sales)).filter((n) => n.entity_id === String(o.id))).toEqual([]);
    expect((await rows(t.fx.users.buyerA)).filter((n) => n.entity_id === String(o.id))).toEqual([]);

    await t.db.updateTable('companies').set({ sales_rep_id: null }).where('id', '=', t.fx.companyB).execute();
    const b = await submit(buyerB, w.WATER, 1, { addressId: w.addrB });
    await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
    expect((await rows(t.fx.users.admin, 'order.queue')).filter((n) => n.entity_id === String(b.id))).toHaveLength(1);
    expect((await rows(t.fx.users.sales2)).filter((n) => n.entity_id === String(b.id))).toEqual([]);
  });
});

describe('grouped notices', () => {
  it("a rep's many 待审核 notices are one entry with the count, opening the review queue; reading it reads them all", async () => {
    for (let i = 0; i < 3; i++) await submit(buyerA, w.WATER, 1);
    const waiting = (await rows(t.fx.users.sales, 'order.queue')).length;
    expect(waiting).toBeGreaterThanOrEqual(5);
    const b = await bell(sales);
    const group = b.items.filter((n) => n.kind === 'order.queue' && !n.readAt);
    expect(group).toHaveLength(1);
    expect(group[0]).toMatchObject({ count: waiting, title: `${waiting} 个订单待审核`, link: '/admin/orders?tab=review', entityId: null });
    expect(group[0]!.body).toMatch(/^订单待审核：SO/);
    expect(b.unread).toBe(b.items.filter((n) => !n.readAt).length);
    expect((await sales.get('/api/notifications/unread-count')).json().unread).toBe(b.unread);
    const read = (await sales.post(`/api/notifications/${group[0]!.id}/read`)).json();
    expect(read).toMatchObject({ id: group[0]!.id, count: waiting });
    const again = await bell(sales);
    expect(again.unread).toBe(b.unread - 1);
    // once read, each notice shows on its own again, with its order's link
    expect(again.items.filter((n) => n.kind === 'order.queue')).toHaveLength(waiting);
    expect(again.items.filter((n) => n.kind === 'order.queue').every((n) => n.count === 1 && /^\/admin\/orders\/\d+$/.test(n.link))).toBe(true);
  });
});

/** The API each page reads first: the recipient may see the record iff this answers 200. */
const PROBES: Record<string, (link: string) => string> = {
  '/orders/:id': (l) => `/api/my/orders/${l.split('/')[2]}`,
  '/admin/orders/:id': (l) => `/api/orders/${l.split('/')[3]}`,
  '/admin/orders': () => '/api/orders',
  '/admin/orders/warehouse': () => '/api/shipping/warehouses',
  '/admin/inventory/skus/:id': (l) => `/api/inventory/skus/${l.split('/')[4]}`,
  '/admin/inventory/stock': () => '/api/inventory/stock',
  '/aftersales/:id': (l) => `/api/my/aftersales/${l.split('/')[2]}`,
  '/admin/aftersales/:id': (l) => `/api/aftersales/${l.split('/')[3]}`,
  '/admin/aftersales': () => '/api/aftersales',
  '/complaints/:id': (l) => `/api/my/complaints/${l.split('/')[2]}`,
  '/quotes/:id': (l) => `/api/my/quotes/${l.split('/')[2]}`,
  '/admin/quotes/:id': (l) => `/api/quotes/${l.split('/')[3]}`,
  '/admin/complaints/:id': (l) => `/api/complaints/${l.split('/')[3]}`,
  '/admin': () => '/api/notifications/unread-count',
  '/': () => '/api/notifications/unread-count',
};

/**
 * The after-sales pages (web/src/aftersales) are being built on another branch: until they are on
 * main, the after-sales notices' links (/aftersales/:id, /admin/aftersales/:id) open no page, and
 * this walk leaves those two kinds out. With the pages present it walks them like the others.
 */
const AFTERSALES_WEB = existsSync(join(__dirname, '..', '..', '..', 'web', 'src', 'aftersales', 'routes.tsx'));

describe('every notice kind links a page its recipient may open', () => {
  it('produces each kind, and every link (and group link) is a mounted route of the recipient side that reads back 200', async () => {
    // the kinds the steps above did not produce yet: a status change, a modification, low stock, the welcome
    const o = await submit(buyerA, w.WATER, 4);
    const v = (await admin.get(`/api/orders/${o.id}`)).json().version;
    expect((await admin.post(`/api/orders/${o.id}/modify`, { version: v, reason: '客户电话改量', lines: [{ id: (await admin.get(`/api/orders/${o.id}`)).json().lines[0].id, qty: 6 }] })).statusCode).toBe(200);
    const v2 = (await admin.get(`/api/orders/${o.id}`)).json().version;
    expect((await sales.post(`/api/orders/${o.id}/events`, { event: 'approve', version: v2 })).statusCode).toBe(200);
    await t.db.updateTable('stock_levels').set({ safety_stock: 990 }).where('sku_id', '=', w.COLA).execute();
    await submit(buyerB, w.COLA, 20, { addressId: w.addrB });
    if (AFTERSALES_WEB) {
      // an after-sales request on a received order: the buyer's and the staff's notices
      const shipped = await shippedOrder(t, { warehouse: await t.as('warehouse'), finance: await t.as('finance'), buyer: buyerA }, { warehouseId: w.warehouseId, skus: w.cat.skus, water: 24, cola: 12 });
      const as = await buyerA.post('/api/my/aftersales', { kind: 'return_refund', reasonId: await reasonId(t, 'damaged'), description: '两瓶破损', orderId: shipped.orderId, shipmentId: shipped.shipmentId, lines: [{ orderLineId: shipped.water, qty: 1 }] });
      expect(as.statusCode, as.body).toBe(200);
      // a complaint and the staff's reply: complaint.queue to the staff, complaint.reply to the buyer
      const c = await buyerA.post('/api/my/complaints', { orderId: shipped.orderId, subject: '送货延误', body: '比约定晚了两天' });
      expect(c.statusCode, c.body).toBe(200);
      expect((await admin.post(`/api/complaints/${c.json().id}/messages`, { body: '已核实，向您致歉' })).statusCode).toBe(200);
    }
    // a reorder reminder: company A orders a product every 14 days, the next is due today, reminders are on
    const p = await t.db.insertInto('products').values({ name: '提醒测试商品', subtitle: null, category_id: null, brand_id: null, on_shelf: true, base_unit: '瓶' }).returning('id').executeTakeFirstOrThrow();
    const regular = await t.db.insertInto('skus').values({ product_id: p.id, code: 'REMIND-1', barcode: null, base_price: 100, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow();
    await receivedHistory(t, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, orders: rhythm(42, 14, 3).map((daysAgo) => ({ daysAgo, lines: [{ skuId: regular.id, qty: 6 }] })) });
    expect((await admin.put('/api/recommendations/settings', { leadDays: 3, reminderDays: 2 })).statusCode).toBe(200);
    expect(await sendReorderReminders(t.db, 'Asia/Shanghai')).toBe(1);
    expect(await sendReorderReminders(t.db, 'Asia/Shanghai')).toBe(0); // once per predicted day
    // a quote: the buyer asks (quote.queue to the rep), the rep offers (quote.update to the customer)
    const qt = await buyerA.post('/api/my/quotes', { title: '批量询价', lines: [{ skuId: w.WATER, qty: 100 }] });
    expect(qt.statusCode, qt.body).toBe(200);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect((await sales.post(`/api/quotes/${qt.json().id}/offer`, { lines: [{ lineId: qt.json().lines[0].id, unitPrice: 150 }], validUntil: until })).statusCode).toBe(200);
    // a backorder: buyerA orders a SKU with no stock, stock arrives → order.stock_arrived to the buyer
    const bp = await t.db.insertInto('products').values({ name: '缺货订购测试', subtitle: null, category_id: null, brand_id: null, on_shelf: true, base_unit: '箱' }).returning('id').executeTakeFirstOrThrow();
    const back = (await t.db.insertInto('skus').values({ product_id: bp.id, code: 'BACK-1', barcode: null, base_price: 100, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await admin.put(`/api/inventory/presale/${back}`, { mode: 'backorder' })).statusCode).toBe(200);
    await submit(buyerA, back, 2);
    const adj = await admin.post('/api/inventory/adjustments', { warehouseId: w.warehouseId, reason: '到货', lines: [{ skuId: back, qty: 5 }] });
    expect(adj.statusCode, adj.body).toBe(200);
    // the weekly summary (reports) to an admin who opted in
    expect((await admin.put('/api/reports/weekly-email', { subscribed: true })).statusCode).toBe(200);
    expect(await sendWeeklySummaries(t.db, 'Asia/Shanghai')).toBe(1);
    await seedNotificationsDemo({ database: t.database, refs: { companies: { A: t.fx.companyA } }, logins: [], timeZone: 'Asia/Shanghai' });
    await t.drainOutbox();

    const all = await t.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.id', 'n.kind', 'n.link', 'n.group_link', 'n.entity_type', 'n.entity_id', 'u.login', 'u.role', 'u.company_id'])
      .orderBy('n.id')
      .execute();
    const expected = NOTICE_KINDS.filter((k) => AFTERSALES_WEB || !k.startsWith('aftersales.'));
    expect([...new Set(all.map((n) => n.kind))].sort()).toEqual([...expected].sort());
    const routes = webRoutes();
    const clients = new Map<string, Client>();
    const checked = new Set<string>();
    for (const n of all) {
      const side = n.company_id == null ? 'admin' : 'portal';
      for (const link of [n.link, n.group_link].filter((x): x is string => x != null)) {
        const key = `${n.login} ${link}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const route = routeFor(routes, link, side, n.role);
        expect(route, `${n.kind} → ${n.login} (${n.role}): ${link} is no ${side} route for this role`).not.toBeNull();
        const probe = PROBES[route!.path];
        expect(probe, `no probe for route ${route!.path}`).toBeDefined();
        const c = clients.get(n.login) ?? (await t.as(n.login));
        clients.set(n.login, c);
        const res = await c.get(probe!(link));
        expect(res.statusCode, `${n.kind} → ${n.login}: ${link} reads ${probe!(link)} = ${res.statusCode}`).toBe(200);
      }
      if (n.entity_type === 'order') {
        expect(n.link, `${n.kind}: an order notice opens that order`).toBe(side === 'admin' ? `/admin/orders/${n.entity_id}` : `/orders/${n.entity_id}`);
      }
    }
    expect(checked.size).toBeGreaterThan(10);
  });
});
