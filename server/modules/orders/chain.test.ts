import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';
import { lifecyclePorts, wireOrderLifecycle, type CreditVerdict, type LifecyclePorts } from './lifecycle';
import { DEFAULT_WORKFLOW, type WorkflowSettings } from './settings';
import { enterWorkflow, onOrderPaid } from './workflow';
import { runDueOrderSteps } from './jobs';

/** The review-chain settings switch steps of the one table on and off: one test per setting. */
let t: TestApp;
let skus: Record<string, number>;
let admin: Client, finance: Client, warehouse: Client, sales: Client, buyerA: Client;
let real: LifecyclePorts;
/** Puts a stand-in credit verdict in place of the payments check (restored after each test). */
const creditSays = (v: CreditVerdict) => wireOrderLifecycle({ ...real, credit: { ...real.credit, check: async () => v, assess: async () => v } });

beforeAll(async () => {
  t = await createTestApp();
  real = lifecyclePorts();
  const cat = await seedCatalogFixtures(t.database);
  skus = cat.skus;
  await t.db.updateTable('products').set({ tags: ['定制'] }).where('id', '=', cat.productIds['COLA-330']!).execute();
  await seedWarehouseStock(t.database, Object.values(skus), 100_000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).execute();
  // when a test puts company A on credit terms, the wired payments credit check applies: give it room
  await t.db.updateTable('companies').set({ credit_limit: 100_000_000 }).where('id', '=', t.fx.companyA).execute();
  [admin, finance, warehouse, sales, buyerA] = await Promise.all(['admin', 'finance', 'warehouse', 'sales', 'buyerA'].map((l) => t.as(l)));
});
afterAll(() => t.close());
afterEach(() => wireOrderLifecycle(real));

const settings = async (patch: Partial<WorkflowSettings>) => {
  const res = await admin.put('/api/order-workflow/settings', { ...DEFAULT_WORKFLOW, ...patch, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, ...patch.autoApprove } });
  expect(res.statusCode, res.body).toBe(200);
};
const terms = (paymentTerms: 'prepay' | 'credit' | 'cod') => t.db.updateTable('companies').set({ payment_terms: paymentTerms }).where('id', '=', t.fx.companyA).execute();
const submit = async (opts: { sku?: string; qty?: number; status?: 'pending_review' | 'awaiting_approval' } = {}) => {
  const o = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: opts.status ?? 'pending_review', lines: [{ skuId: skus[opts.sku ?? 'WATER-550']!, qty: opts.qty ?? 10 }] });
  const r = await t.db.transaction().execute((trx) => enterWorkflow(trx, o.orderId));
  return { ...o, status: r.to };
};
const status = async (id: number) => (await t.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const act = async (c: Client, id: number, event: string, note?: string) => {
  const res = await c.post(`/api/orders/${id}/events`, { event, note });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().status as string;
};
const pay = async (id: number) => {
  await t.db.updateTable('orders').set((eb) => ({ paid_total: eb.ref('total'), payment_status: 'paid' })).where('id', '=', id).execute();
  return t.db.transaction().execute((trx) => onOrderPaid(trx, null, id));
};

describe('review chain settings', () => {
  it('default: order review, then payment for prepaid customers, then picking', async () => {
    await settings({});
    await terms('prepay');
    const o = await submit();
    expect(o.status).toBe('pending_review');
    expect(await act(sales, o.orderId, 'approve')).toBe('awaiting_payment');
    expect((await pay(o.orderId))?.to).toBe('picking');
    const o2 = await submit();
    expect(await act(admin, o2.orderId, 'approve')).toBe('awaiting_payment');
    expect(await act(finance, o2.orderId, 'grant_credit')).toBe('picking');
    expect((await t.db.selectFrom('orders').select('payment_method').where('id', '=', o2.orderId).executeTakeFirstOrThrow()).payment_method).toBe('credit');
  });

  it('credit and cash-on-delivery customers skip the payment step', async () => {
    await settings({});
    for (const term of ['credit', 'cod'] as const) {
      await terms(term);
      const o = await submit();
      expect(await act(sales, o.orderId, 'approve')).toBe('picking');
    }
    await terms('prepay');
  });

  it('finance review on: order review → finance review → payment', async () => {
    await settings({ financeReview: true });
    const o = await submit();
    expect(await act(sales, o.orderId, 'approve')).toBe('pending_finance');
    expect(await act(finance, o.orderId, 'finance_approve')).toBe('awaiting_payment');
  });

  it('the wired credit check vetoes finance approval with its own code', async () => {
    await settings({ financeReview: true });
    const o = await submit();
    await act(sales, o.orderId, 'approve');
    creditSays({ ok: false, code: 'CREDIT_CHECK_FAILED', summary: 'over limit' });
    const res = await finance.post(`/api/orders/${o.orderId}/events`, { event: 'finance_approve' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CREDIT_CHECK_FAILED');
    expect(await status(o.orderId)).toBe('pending_finance');
    const detail = (await finance.get(`/api/orders/${o.orderId}`)).json();
    expect(detail.credit).toEqual({ configured: true, ok: false, code: 'CREDIT_CHECK_FAILED', overdue: 0, summary: 'over limit' });
  });

  it('an order of a prepaying customer uses no credit, and the detail says so', async () => {
    const o = await submit();
    expect((await admin.get(`/api/orders/${o.orderId}`)).json().credit).toEqual({ configured: true, ok: true, code: null, overdue: 0, summary: '不占用信用额度 / no credit used' });
    expect((await buyerA.get(`/api/my/orders/${o.orderId}`)).json().credit).toBeNull();
  });

  it('outbound review on: picking waits for 出库审核 by the warehouse', async () => {
    await settings({ outboundReview: true });
    await terms('credit');
    const o = await submit();
    expect(await act(sales, o.orderId, 'approve')).toBe('pending_outbound');
    expect(await act(warehouse, o.orderId, 'outbound_approve')).toBe('picking');
    await terms('prepay');
  });

  it('payment before review: submission waits for payment first, then order review', async () => {
    await settings({ paymentBeforeReview: true, financeReview: true });
    const o = await submit();
    expect(o.status).toBe('awaiting_payment');
    expect((await pay(o.orderId))?.to).toBe('pending_review');
    expect(await act(sales, o.orderId, 'approve')).toBe('pending_finance');
    expect(await act(finance, o.orderId, 'finance_approve')).toBe('picking');
    const hist = await t.db.selectFrom('order_history').select(['event', 'to_status']).where('order_id', '=', o.orderId).orderBy('id').execute();
    expect(hist.map((h) => h.event)).toEqual(['submit', 'route', 'payment_confirmed', 'approve', 'finance_approve']);
  });

  it('order review off: submission goes straight on (to payment, or picking on credit)', async () => {
    await settings({ orderReview: false });
    expect((await submit()).status).toBe('awaiting_payment');
    await terms('credit');
    expect((await submit()).status).toBe('picking');
    await terms('prepay');
  });

  it('customer approval comes first; after it the chain starts', async () => {
    await settings({});
    const o = await submit({ status: 'awaiting_approval' });
    expect(o.status).toBe('awaiting_approval');
    const owner = await t.as('ownerA');
    const res = await owner.post(`/api/my/orders/${o.orderId}/events`, { event: 'customer_approve' });
    expect(res.json().status).toBe('pending_review');
  });

  describe('auto-approval rules', () => {
    it('total under an amount passes order review automatically, over it waits', async () => {
      await settings({ autoApprove: { enabled: true, maxTotal: 10_000, requireGoodStanding: false, onlyStandardItems: false, nonStandardTags: [] } });
      await terms('credit');
      const small = await submit({ qty: 10 }); // 10 × 200 fen
      expect(small.status).toBe('picking');
      const h = await t.db.selectFrom('order_history').select(['event', 'actor_label', 'note']).where('order_id', '=', small.orderId).where('event', '=', 'auto_approve').executeTakeFirstOrThrow();
      expect(h.actor_label).toBe('system');
      expect(h.note).toContain('auto-approved');
      expect(h.note).toContain('total ¥20.00 < ¥100.00'); // amounts in the note are yuan
      expect((await submit({ qty: 100 })).status).toBe('pending_review'); // 20 000 fen
    });

    it('also passes finance review when it is on', async () => {
      await settings({ financeReview: true, autoApprove: { enabled: true, maxTotal: null, requireGoodStanding: false, onlyStandardItems: false, nonStandardTags: [] } });
      expect((await submit()).status).toBe('picking');
    });

    it('customer in good standing: a suspended customer or a failing credit check waits for review', async () => {
      await settings({ autoApprove: { enabled: true, maxTotal: null, requireGoodStanding: true, onlyStandardItems: false, nonStandardTags: [] } });
      expect((await submit()).status).toBe('picking');
      creditSays({ ok: false, summary: 'overdue' });
      expect((await submit()).status).toBe('pending_review');
      wireOrderLifecycle(real);
      await t.db.updateTable('companies').set({ status: 'suspended' }).where('id', '=', t.fx.companyA).execute();
      expect((await submit()).status).toBe('pending_review');
      await t.db.updateTable('companies').set({ status: 'active' }).where('id', '=', t.fx.companyA).execute();
    });

    it('only standard items: a product tagged 定制 waits for review', async () => {
      await settings({ autoApprove: { enabled: true, maxTotal: null, requireGoodStanding: false, onlyStandardItems: true, nonStandardTags: ['定制'] } });
      expect((await submit({ sku: 'WATER-550' })).status).toBe('picking');
      expect((await submit({ sku: 'COLA-330' })).status).toBe('pending_review');
    });

    it('off: everything waits for review', async () => {
      await settings({ autoApprove: { enabled: false, maxTotal: null, requireGoodStanding: false, onlyStandardItems: false, nonStandardTags: [] } });
      expect((await submit({ qty: 1 })).status).toBe('pending_review');
      await terms('prepay');
    });
  });

  it('auto delivery after N days and completion by the periodic job', async () => {
    await settings({ autoDeliverDays: 5, autoCompleteDays: 3 });
    const { orderId } = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'shipped', reserve: false, lines: [{ skuId: skus['WATER-550']!, qty: 1 }] });
    const shippedAt = new Date(Date.now() - 4 * 86_400_000);
    await t.db.updateTable('orders').set({ shipped_at: shippedAt }).where('id', '=', orderId).execute();
    await runDueOrderSteps(t.db);
    expect(await status(orderId)).toBe('shipped');
    const in2days = new Date(Date.now() + 2 * 86_400_000);
    await runDueOrderSteps(t.db, in2days);
    expect(await status(orderId)).toBe('delivered');
    await runDueOrderSteps(t.db, new Date(in2days.getTime() + 2 * 86_400_000));
    expect(await status(orderId)).toBe('delivered');
    await runDueOrderSteps(t.db, new Date(in2days.getTime() + 3 * 86_400_000 + 1000));
    expect(await status(orderId)).toBe('completed');
    const hist = await t.db.selectFrom('order_history').select('event').where('order_id', '=', orderId).orderBy('id').execute();
    expect(hist.map((h) => h.event)).toEqual(['submit', 'auto_deliver', 'complete']);
  });

  it('settings: only admins change them; bad values are refused and nothing is stored', async () => {
    await settings({});
    expect((await sales.put('/api/order-workflow/settings', DEFAULT_WORKFLOW)).statusCode).toBe(403);
    expect((await buyerA.get('/api/order-workflow/settings')).statusCode).toBe(403);
    for (const bad of [
      { ...DEFAULT_WORKFLOW, autoDeliverDays: 0 },
      { ...DEFAULT_WORKFLOW, autoDeliverDays: 'x' },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, maxTotal: -1 } },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, maxTotal: 1.5 } },
      { ...DEFAULT_WORKFLOW, extra: true },
      { orderReview: true },
      {},
      { ...DEFAULT_WORKFLOW, orderReview: 'yes' },
      { ...DEFAULT_WORKFLOW, autoDeliverDays: 91 },
      { ...DEFAULT_WORKFLOW, autoCompleteDays: -1 },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, maxTotal: 1e13 } },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, maxTotal: '500' } },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, nonStandardTags: ['定制'.repeat(11)] } },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, nonStandardTags: Array.from({ length: 21 }, (_, i) => `标签${i}`) } },
      { ...DEFAULT_WORKFLOW, autoApprove: { ...DEFAULT_WORKFLOW.autoApprove, nonStandardTags: ['  '] } },
      { ...DEFAULT_WORKFLOW, autoApprove: { enabled: true } },
    ]) {
      const audits = (await counts(t.db, ['audit_log'])).audit_log;
      const res = await admin.put('/api/order-workflow/settings', bad);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 120)).toBe(400);
      expect(res.json().error.message).toBeTruthy();
      expect((await counts(t.db, ['audit_log'])).audit_log).toBe(audits);
    }
    expect((await admin.get('/api/order-workflow/settings')).json()).toEqual(DEFAULT_WORKFLOW);
  });

  it('settings round-trip: every field is stored as sent (amounts in fen, Chinese and emoji tags) and audited', async () => {
    const next: WorkflowSettings = {
      orderReview: false, financeReview: true, outboundReview: true, paymentBeforeReview: true,
      autoApprove: { enabled: true, maxTotal: 50_000, requireGoodStanding: false, onlyStandardItems: true, nonStandardTags: ['定制', '样品🎁'] },
      autoDeliverDays: 14, autoCompleteDays: 3,
    };
    const res = await admin.put('/api/order-workflow/settings', next);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(next);
    expect((await sales.get('/api/order-workflow/settings')).json()).toEqual(next);
    const row = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'order.workflow_settings').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.after).toEqual(next);
    await settings({});
  });
});
