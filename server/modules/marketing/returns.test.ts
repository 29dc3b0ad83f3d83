import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { reasonId, shippedOrder } from '../aftersales/testkit';

/**
 * After-sales returns reduce rebate purchases and points whether the customer paid or buys on
 * credit terms: a credit customer's refund is a credit note alone (no money moves), a paid
 * customer's is a credit note and then a refund of the same goods, taken back once, not twice.
 */
let t: TestApp;
let skus: Record<string, number>;
let wh: number, damaged: number;
let admin: Client, warehouse: Client, finance: Client, buyerA: Client, buyerB: Client;

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 1000);
  [admin, warehouse, finance, buyerA, buyerB] = await Promise.all(['admin', 'warehouse', 'finance', 'buyerA', 'buyerB'].map((l) => t.as(l)));
  damaged = await reasonId(t, 'damaged');
  await t.db.updateTable('companies').set({ payment_terms: 'credit', credit_limit: 10_000_000, credit_days: 30 }).where('id', '=', t.fx.companyB).execute();
});
afterAll(() => t.close());

const purchases = async (companyId: number) =>
  Number((await t.db.selectFrom('marketing_sales').select((eb) => eb.fn.sum<number>('amount').as('n')).where('company_id', '=', companyId).executeTakeFirst())?.n ?? 0);
const points = async (c: Client) => (await c.get('/api/my/points')).json().balance as number;

/** A refund_only request for 4 cans of cola (¥10), approved and refunded by finance. */
async function refundCola(orderId: number, colaLine: number, buyer: Client) {
  const r = await buyer.post('/api/my/aftersales', { kind: 'refund_only', reasonId: damaged, description: '四罐破损 😞', orderId, lines: [{ orderLineId: colaLine, qty: 4 }] });
  expect(r.statusCode, r.body).toBe(200);
  expect((await admin.post(`/api/aftersales/${r.json().id}/events`, { event: 'approve' })).statusCode).toBe(200);
  const done = await finance.post(`/api/aftersales/${r.json().id}/events`, { event: 'refund', refund: { destination: 'balance' } });
  expect(done.statusCode, done.body).toBe(200);
  return done.json() as { refundAmount: number; creditAmount: number; refunds: unknown[] };
}

describe('returns and rebate purchases', () => {
  it('a credit customer\'s credit note takes its amount off purchases and points; delivered twice, once', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerB }, { warehouseId: wh, skus, companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB });
    await t.drainOutbox();
    expect(await purchases(t.fx.companyB)).toBe(o.total);
    const earned = await points(buyerB);
    expect(earned).toBe(Math.floor(o.total / 100));
    const done = await refundCola(o.orderId, o.cola, buyerB);
    expect(done).toMatchObject({ creditAmount: 1000, refunds: [] }); // no money moves: a credit note only
    await t.drainOutbox();
    await t.drainOutbox();
    expect(await purchases(t.fx.companyB)).toBe(o.total - 1000);
    expect(await points(buyerB)).toBe(earned - 10);
    const rows = await t.db.selectFrom('marketing_sales').select(['source', 'amount', 'gross']).where('company_id', '=', t.fx.companyB).orderBy('source').execute();
    expect(rows.map((r) => [r.source, Number(r.amount), r.gross == null ? null : Number(r.gross)])).toEqual([['credit', -1000, 1000], ['order', o.total, null]]);
  });

  it('a paid customer\'s return (credit note, then refund of the same goods) takes it back once, not twice', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: wh, skus, pay: true });
    await t.drainOutbox();
    const before = await purchases(t.fx.companyA);
    const pts = await points(buyerA);
    const done = await refundCola(o.orderId, o.cola, buyerA);
    expect(done).toMatchObject({ creditAmount: 1000, refundAmount: 1000 });
    expect(done.refunds).toHaveLength(1);
    await t.drainOutbox();
    expect(await purchases(t.fx.companyA)).toBe(before - 1000);
    expect(await points(buyerA)).toBe(pts - 10);
  });
});
