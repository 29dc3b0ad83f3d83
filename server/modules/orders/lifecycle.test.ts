import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { expectLedgerConsistent } from '../payments/testkit';
import type { Role } from '../auth/actor';
import { DEFAULT_WORKFLOW, type WorkflowSettings } from './settings';
import { lifecyclePorts, UNDO_ALL, UNDO_OF, wireOrderLifecycle, type LifecyclePorts } from './lifecycle';
import { applyOrderEvent, TRANSITIONS, type OrderEvent } from './workflow';
import type { OrderStatus } from './status';

/**
 * The order lifecycle owns its cross-domain steps: each transition that declares steps (reserve ↔
 * release stock, charge ↔ reverse credit) does them in its own transaction, through the owning
 * module, so they happen together with the status change — or, when anything in the transaction
 * fails, not at all. One case per (transition, from-state) that has steps, on both databases.
 */
let t: TestApp;
let WATER: number;
let real: LifecyclePorts;
const clients: Partial<Record<Role, Client>> = {};
const LOGIN: Record<Role, string> = { admin: 'admin', sales: 'sales', finance: 'finance', warehouse: 'warehouse', customer_admin: 'ownerA', customer_buyer: 'buyerA' };
const LIMIT = 10_000_000;

beforeAll(async () => {
  t = await createTestApp();
  real = lifecyclePorts();
  WATER = (await seedCatalogFixtures(t.database)).skus['WATER-550']!;
  await seedWarehouseStock(t.database, [WATER], 100_000);
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: LIMIT, credit_days: 30, sales_rep_id: null }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  for (const [role, login] of Object.entries(LOGIN)) clients[role as Role] = await t.as(login);
});
afterAll(() => t.close());
afterEach(() => wireOrderLifecycle(real));

const settings = async (patch: Partial<WorkflowSettings>) => {
  const res = await clients.admin!.put('/api/order-workflow/settings', { ...DEFAULT_WORKFLOW, ...patch, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, ...patch.autoApprove } });
  expect(res.statusCode, res.body).toBe(200);
};

/** What the transition may change across domains, read straight from the owners' tables. */
async function snapshot(orderId: number) {
  const o = await t.db.selectFrom('orders').select(['status', 'version']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const res = await t.db.selectFrom('reservations').select(sql<number>`coalesce(sum(qty - consumed_qty - released_qty), 0)`.as('q')).where('order_id', '=', orderId).executeTakeFirst();
  const level = await t.db.selectFrom('stock_levels').select((eb) => eb.fn.sum<number>(eb.ref('reserved')).as('r')).where('sku_id', '=', WATER).executeTakeFirst();
  const acc = await t.db.selectFrom('customer_accounts').select('receivable').where('company_id', '=', t.fx.companyA).executeTakeFirst();
  const journals = await t.db.selectFrom('ledger_journals').select('kind').where('order_id', '=', orderId).orderBy('id').execute();
  return {
    status: o.status, version: o.version,
    reservedForOrder: Number(res?.q ?? 0),
    reservedOnSku: Number(level?.r ?? 0),
    receivable: acc?.receivable ?? 0,
    journals: journals.map((j) => j.kind),
  };
}

/** An order in `status`, its stock reserved, charged to the receivable when it was approved on credit. */
async function orderIn(status: OrderStatus, opts: { charged: boolean; method?: 'credit' | 'transfer' }) {
  const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, lines: [{ skuId: WATER, qty: 7 }], status, paymentMethod: opts.method ?? 'credit' });
  if (opts.charged) await t.db.transaction().execute((trx) => real.credit.charge(trx, null, o.orderId));
  return o;
}

/** Fires an event as the first human role the table allows (internal system events inside a transaction). */
async function fire(event: OrderEvent, from: OrderStatus, orderId: number) {
  const row = TRANSITIONS.find((x) => x.event === event && x.from.includes(from))!;
  const role = row.roles.find((r): r is Role => r !== 'system');
  if (!role || row.internal) {
    try {
      await t.db.transaction().execute((trx) => applyOrderEvent(trx, null, orderId, event, { note: 'lifecycle test' }));
      return 200;
    } catch (e) {
      return (e as { status?: number }).status ?? 500;
    }
  }
  const path = role.startsWith('customer_') ? `/api/my/orders/${orderId}/events` : `/api/orders/${orderId}/events`;
  const res = await clients[role]!.post(path, { event, note: row.reason ? '生命周期测试' : undefined });
  return res.statusCode;
}

const undoing = TRANSITIONS.filter((x) => x.steps === UNDO_ALL).flatMap((x) => x.from.map((from) => ({ event: x.event, from })));
const charging = TRANSITIONS.filter((x) => x.steps?.some((s) => s.name === 'credit.charge')).flatMap((x) => x.from.map((from) => ({ event: x.event, from })));
const CHARGED_BEFORE: OrderStatus[] = ['pending_finance', 'pending_outbound', 'picking'];

describe('the transition table declares every undo', () => {
  it('each doing step has its undo in every transition that takes an order off the live path', () => {
    expect(Object.values(UNDO_OF).sort()).toEqual(UNDO_ALL.map((s) => s.name).sort());
    for (const row of TRANSITIONS.filter((x) => x.to === 'cancelled' || x.to === 'rejected')) expect(row.steps, `${row.event} from ${row.from.join(',')}`).toBe(UNDO_ALL);
    expect(undoing.length).toBeGreaterThanOrEqual(8);
    expect(charging.map((c) => c.event).sort()).toEqual(['approve', 'auto_approve', 'auto_approve', 'finance_approve', 'grant_credit']);
  });
});

describe.each(undoing)('$event from $from: stock released and credit reversed with the status change', ({ event, from }) => {
  const charged = CHARGED_BEFORE.includes(from);

  it('happen together', async () => {
    const o = await orderIn(from, { charged, method: from === 'awaiting_payment' ? 'transfer' : 'credit' });
    if (from === 'awaiting_payment') await t.db.transaction().execute((trx) => real.credit.charge(trx, null, o.orderId)); // granted, then withdrawn
    const before = await snapshot(o.orderId);
    expect(before.reservedForOrder).toBe(7);
    expect(await fire(event, from, o.orderId)).toBe(200);
    const after = await snapshot(o.orderId);
    expect(['cancelled', 'rejected']).toContain(after.status);
    expect(after.reservedForOrder).toBe(0);
    expect(after.reservedOnSku).toBe(before.reservedOnSku - 7);
    const wasCharged = before.journals.includes('order_charge');
    expect(after.receivable).toBe(before.receivable - (wasCharged ? o.total : 0));
    expect(after.journals).toEqual(wasCharged ? ['order_charge', 'order_cancel'] : []);
    await expectLedgerConsistent(t);
  });

  it('roll back together when the transaction fails after them', async () => {
    const o = await orderIn(from, { charged: true, method: from === 'awaiting_payment' ? 'transfer' : 'credit' });
    const before = await snapshot(o.orderId);
    wireOrderLifecycle({ ...real, credit: { ...real.credit, reverse: async (trx, actor, id) => { await real.credit.reverse(trx, actor, id); throw new Error('planted failure after the reversal'); } } });
    expect(await fire(event, from, o.orderId)).toBe(500);
    expect(await snapshot(o.orderId)).toEqual(before);
  });
});

describe.each(charging)('$event from $from: credit charged with the status change', ({ event, from }) => {
  const prepare = async () => {
    if (event === 'auto_approve') await settings({ financeReview: from === 'pending_finance', autoApprove: { enabled: true, maxTotal: null, requireGoodStanding: true, onlyStandardItems: false, nonStandardTags: [] } });
    else await settings({ financeReview: event === 'finance_approve' });
    return orderIn(from, { charged: false, method: event === 'grant_credit' ? 'transfer' : 'credit' });
  };
  afterEach(() => settings({}));

  it('happen together', async () => {
    const o = await prepare();
    const before = await snapshot(o.orderId);
    expect(await fire(event, from, o.orderId)).toBe(200);
    const after = await snapshot(o.orderId);
    expect(after.status).not.toBe(from);
    expect(after.journals).toEqual(['order_charge']);
    expect(after.receivable).toBe(before.receivable + o.total);
    expect(after.reservedForOrder).toBe(7);
    if (event === 'grant_credit') expect((await t.db.selectFrom('orders').select('payment_method').where('id', '=', o.orderId).executeTakeFirstOrThrow()).payment_method).toBe('credit');
    await expectLedgerConsistent(t);
  });

  it('roll back together when the transaction fails after the charge', async () => {
    const o = await prepare();
    const before = await snapshot(o.orderId);
    wireOrderLifecycle({ ...real, credit: { ...real.credit, charge: async (trx, actor, id) => { await real.credit.charge(trx, actor, id); throw new Error('planted failure after the charge'); } } });
    expect(await fire(event, from, o.orderId)).toBe(500);
    expect(await snapshot(o.orderId)).toEqual(before);
  });

  it('a refused credit check charges nothing and moves nothing', async () => {
    const o = await prepare();
    await t.db.updateTable('companies').set({ credit_limit: 1 }).where('id', '=', t.fx.companyA).execute();
    try {
      const before = await snapshot(o.orderId);
      expect(await fire(event, from, o.orderId)).toBe(422);
      expect(await snapshot(o.orderId)).toEqual(before);
    } finally {
      await t.db.updateTable('companies').set({ credit_limit: LIMIT }).where('id', '=', t.fx.companyA).execute();
    }
  });
});

describe('cancelling an approved, unpaid order taken on credit gives the credit back (issue 13a)', () => {
  it('through HTTP: approve charges, cancel reverses in the same transaction, the refund consumer finds nothing to refund', async () => {
    const finance = clients.finance!, admin = clients.admin!, owner = clients.customer_admin!;
    const credit = async () => (await finance.get(`/api/payments/accounts/${t.fx.companyA}/credit`)).json();
    const start = await credit();
    const o = await orderIn('pending_review', { charged: false });
    expect((await clients.sales!.post(`/api/orders/${o.orderId}/events`, { event: 'approve' })).statusCode).toBe(200);
    expect((await credit()).outstanding).toBe(start.outstanding + o.total);
    expect((await owner.get('/api/my/account')).json().receivable).toBe(start.outstanding + o.total);

    const c = await admin.post(`/api/orders/${o.orderId}/events`, { event: 'cancel', note: '客户不要了' });
    expect(c.statusCode, c.body).toBe(200);
    expect((await credit()).outstanding).toBe(start.outstanding);
    await t.drainOutbox(); // the payments consumer of order.cancelled: nothing was paid, nothing to refund
    expect((await credit()).outstanding).toBe(start.outstanding);
    expect((await owner.get('/api/my/account')).json()).toMatchObject({ receivable: start.outstanding, creditAvailable: LIMIT - start.outstanding });
    expect(await t.db.selectFrom('refunds').select('id').where('order_id', '=', o.orderId).execute()).toEqual([]);
    const ledger = (await owner.get('/api/my/account/ledger')).json().items.filter((i: { orderId: number }) => i.orderId === o.orderId);
    expect(ledger.map((i: { kind: string; receivableChange: number }) => [i.kind, i.receivableChange])).toEqual([['order_cancel', -o.total], ['order_charge', o.total]]);
    await expectLedgerConsistent(t);
  });
});

/**
 * Shipping reports to orders (shipped and received quantities) and fires the transition in one
 * transaction with its own work (stock consumed, shipment rows). A failure planted in the
 * transition itself (a trigger refusing the order's history row) must leave none of it.
 */
describe('shipping transitions: stock consumed, quantities reported and the status change together', () => {
  const plant = async (orderId: number | null) => {
    await sql`create table if not exists planted_failures (order_id bigint primary key)`.execute(t.db);
    await sql`create or replace function planted_failure() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from planted_failures where order_id = new.order_id) then raise exception 'planted failure in the transition'; end if;
        return new;
      end $$`.execute(t.db);
    await sql`drop trigger if exists planted_failure on order_history`.execute(t.db);
    await sql`create trigger planted_failure before insert on order_history for each row execute function planted_failure()`.execute(t.db);
    await sql`delete from planted_failures`.execute(t.db);
    if (orderId) await sql`insert into planted_failures values (${orderId})`.execute(t.db);
  };
  afterEach(() => plant(null));

  const shipState = async (orderId: number) => {
    const lines = await t.db.selectFrom('order_lines').select(['shipped_qty', 'received_qty']).where('order_id', '=', orderId).execute();
    const onHand = await t.db.selectFrom('stock_levels').select((eb) => eb.fn.sum<number>('on_hand').as('n')).where('sku_id', '=', WATER).executeTakeFirstOrThrow();
    const shipments = await t.db.selectFrom('shipments').select(['status']).where('order_id', '=', orderId).orderBy('id').execute();
    return { ...(await snapshot(orderId)), lines, onHand: Number(onHand.n), shipments: shipments.map((s) => s.status) };
  };
  const ship = (o: { orderId: number; lineIds: number[] }, qty: number) => clients.warehouse!.post(`/api/orders/${o.orderId}/shipments`, { warehouseId: wh, carrier: '顺丰速运', lines: [{ orderLineId: o.lineIds[0], qty }] });
  let wh: number;
  beforeAll(async () => {
    wh = (await t.db.selectFrom('stock_levels').select('warehouse_id').where('sku_id', '=', WATER).executeTakeFirstOrThrow()).warehouse_id;
  });

  it.each([['ship_part', 3], ['ship_complete', 7]] as const)('%s: happen together, or roll back together', async (event, qty) => {
    const o = await orderIn('picking', { charged: false });
    const before = await shipState(o.orderId);
    await plant(o.orderId);
    const failed = await ship(o, qty);
    expect(failed.statusCode).toBe(500);
    expect(await shipState(o.orderId)).toEqual(before);
    await plant(null);
    const ok = await ship(o, qty);
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await shipState(o.orderId);
    expect(after.status).toBe(event === 'ship_part' ? 'partially_shipped' : 'shipped');
    expect(after.lines).toEqual([{ shipped_qty: qty, received_qty: 0 }]);
    expect(after.onHand).toBe(before.onHand - qty);
    expect(after.reservedForOrder).toBe(7 - qty);
    expect(after.shipments).toEqual(['in_transit']);
  });

  it('confirm_receipt: the receipt, the received quantities and the status change together, or none', async () => {
    const o = await orderIn('picking', { charged: false });
    expect((await ship(o, 7)).statusCode).toBe(200);
    const shipment = (await t.db.selectFrom('shipments').select('id').where('order_id', '=', o.orderId).executeTakeFirstOrThrow()).id;
    const before = await shipState(o.orderId);
    await plant(o.orderId);
    expect((await clients.customer_buyer!.post(`/api/my/shipments/${shipment}/receipt`, {})).statusCode).toBe(500);
    expect(await shipState(o.orderId)).toEqual(before);
    await plant(null);
    const ok = await clients.customer_buyer!.post(`/api/my/shipments/${shipment}/receipt`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await shipState(o.orderId);
    expect(['delivered', 'completed']).toContain(after.status);
    expect(after.lines).toEqual([{ shipped_qty: 7, received_qty: 7 }]);
    expect(after.shipments).toEqual(['received']);
  });
});
