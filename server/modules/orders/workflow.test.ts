import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { ORDER_STATUSES, type OrderStatus } from './status';
import { ORDER_EVENTS, TRANSITIONS, validateTable } from './workflow';

/**
 * Generated from the transition table: every (state, event, role) is tried through the HTTP API.
 * Allowed ones must move the order and write history + outbox; every other one must be refused
 * with a 4xx error code and change nothing at all.
 */
let t: TestApp;
let skus: Record<string, number>;
const ROLES = ['admin', 'sales', 'warehouse', 'finance', 'customer_admin', 'customer_buyer'] as const;
const LOGIN: Record<(typeof ROLES)[number], string> = { admin: 'admin', sales: 'sales', warehouse: 'warehouse', finance: 'finance', customer_admin: 'ownerA', customer_buyer: 'buyerA' };
const clients = {} as Record<(typeof ROLES)[number], Client>;

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  await seedWarehouseStock(t.database, Object.values(skus), 100_000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  for (const r of ROLES) clients[r] = await t.as(LOGIN[r]);
});
afterAll(() => t.close());

const newOrder = (status: OrderStatus) =>
  createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status, lines: [{ skuId: skus['WATER-550']!, qty: 5 }, { skuId: skus['COLA-330']!, qty: 3 }] });

async function snapshot(orderId: number) {
  const o = await t.db.selectFrom('orders').select(['status', 'version', 'updated_at', 'payment_method', 'cancel_reason', 'reject_reason']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const n = async (table: 'order_history' | 'outbox' | 'audit_log') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const reserved = await t.db.selectFrom('stock_levels').select((eb) => eb.fn.sum<number>('reserved').as('r')).executeTakeFirstOrThrow();
  return { o, history: await n('order_history'), outbox: await n('outbox'), audit: await n('audit_log'), reserved: Number(reserved.r) };
}

const post = (role: (typeof ROLES)[number], orderId: number, body: unknown) =>
  clients[role].post(`${role.startsWith('customer') ? '/api/my/orders' : '/api/orders'}/${orderId}/events`, body);

describe('the transition table', () => {
  it('passes its own start-up check and refuses a table with two rows for one (state, event)', () => {
    expect(() => validateTable()).not.toThrow();
    expect(() => validateTable([...TRANSITIONS, { event: 'approve', from: ['pending_review'], to: 'picking', roles: ['admin'] }])).toThrow(/two transitions/);
    expect(() => validateTable([{ event: 'cancel', from: ['completed'], to: 'cancelled', roles: ['admin'] }])).toThrow(/terminal/);
  });

  // one test per state keeps each under the per-test timeout on a busy machine
  it.each([...ORDER_STATUSES])('refuses every disallowed (event, role) in state %s with a clear 4xx and no change', async (status) => {
    const orderId = (await newOrder(status)).orderId;
    const before = await snapshot(orderId);
    let refused = 0;
    for (const event of ORDER_EVENTS) {
      for (const role of ROLES) {
        const row = TRANSITIONS.find((r) => r.event === event && r.from.includes(status));
        if (row && !row.internal && row.roles.includes(role)) continue; // allowed: tested below
        const res = await post(role, orderId, { event, note: '测试原因 🚚' });
        expect(res.statusCode, `${status} ${event} ${role}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${status} ${event} ${role}`).toBeLessThan(500);
        const code = res.json().error.code as string;
        const expected = !row ? 'ORDER_TRANSITION_NOT_ALLOWED' : !row.roles.includes(role) ? 'ORDER_EVENT_FORBIDDEN' : 'ORDER_EVENT_INTERNAL';
        expect(code, `${status} ${event} ${role}`).toBe(expected);
        expect(res.json().error.message).not.toBe(code);
        refused++;
      }
    }
    expect(await snapshot(orderId), status).toEqual(before);
    expect(refused).toBeGreaterThan(ORDER_EVENTS.length * ROLES.length - 12);
  }, 180_000);

  it('performs every allowed (state, event, role) through the API with history, outbox and audit', async () => {
    let done = 0;
    for (const row of TRANSITIONS.filter((r) => !r.internal)) {
      for (const status of row.from) {
        for (const role of ROLES.filter((r) => row.roles.includes(r))) {
          const { orderId } = await newOrder(status);
          const before = await snapshot(orderId);
          const res = await post(role, orderId, { event: row.event, version: 1, note: row.reason ? '客户要求 / customer asked' : undefined });
          expect(res.statusCode, `${status} ${row.event} ${role}: ${res.body}`).toBe(200);
          const after = await snapshot(orderId);
          expect(after.o.version).toBeGreaterThan(before.o.version);
          expect(after.history).toBeGreaterThan(before.history);
          expect(after.outbox).toBeGreaterThan(before.outbox);
          expect(after.audit).toBeGreaterThan(before.audit);
          if (typeof row.to === 'string' && row.to !== 'next' && row.to !== 'first' && row.to !== 'delivered') expect(after.o.status).toBe(row.to);
          const hist = await t.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
          const mine = hist.find((h) => h.event === row.event)!;
          expect(mine).toMatchObject({ from_status: status, actor_user_id: t.fx.users[LOGIN[role] as keyof typeof t.fx.users] });
          if (row.to === 'rejected' || row.to === 'cancelled') {
            expect(after.reserved).toBe(before.reserved - 8);
            expect(row.to === 'rejected' ? after.o.reject_reason : after.o.cancel_reason).toBe('客户要求 / customer asked');
          }
          done++;
        }
      }
    }
    expect(done).toBeGreaterThan(20);
  }, 180_000);
});
