import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder } from '../../test/order-fixtures';
import { applyOrderEvent, demoActor } from '../orders';
import { dayIso, dayNumber } from './model';
import { rebuildAllPredictions } from './refresh';
import { receivedHistory, rhythm } from './testkit';

let t: TestApp;
let cat: CatalogFixtures;
const TZ = 'Asia/Shanghai';
const today = () => dayNumber(new Date(), TZ);

beforeAll(async () => {
  t = await createTestApp();
  cat = await seedCatalogFixtures(t.database);
});
afterAll(() => t.close());

const predictions = (companyId: number) =>
  t.db.selectFrom('reorder_predictions').selectAll().where('company_id', '=', companyId).orderBy('sku_id').execute();

const nextOn = async (companyId: number) =>
  (await t.db.selectFrom('reorder_predictions').select((eb) => eb.cast<string>('next_order_on', 'text').as('d')).where('company_id', '=', companyId).executeTakeFirstOrThrow()).d;

describe('reorder predictions kept by the outbox worker', () => {
  it('a customer with a steady 14-day rhythm gets the right next date, recomputed on each completed order', async () => {
    const water = cat.skus['WATER-550']!;
    const days = rhythm(70, 14, 5); // 70, 56, 42, 28, 14 days ago
    await receivedHistory(t, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, orders: days.map((daysAgo) => ({ daysAgo, lines: [{ skuId: water, qty: 48, unit: '箱', factor: 24 }] })) });
    const [p] = await predictions(t.fx.companyA);
    expect(p).toMatchObject({ sku_id: water, orders: 5, interval_days: 14, usual_qty: 48, unit: '箱', unit_factor: 24 });
    expect(await nextOn(t.fx.companyA)).toBe(dayIso(today()));

    // one more order today: the prediction moves on by one interval, through the outbox alone
    await receivedHistory(t, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, orders: [{ daysAgo: 0, lines: [{ skuId: water, qty: 48, unit: '箱', factor: 24 }] }] });
    expect((await predictions(t.fx.companyA))[0]!.orders).toBe(6);
    expect(await nextOn(t.fx.companyA)).toBe(dayIso(today() + 14));
  });

  it('a new customer (fewer than 3 orders of a SKU) gets no prediction; other companies\' orders never count', async () => {
    const cola = cat.skus['COLA-330']!;
    await receivedHistory(t, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, orders: rhythm(20, 10, 2).map((daysAgo) => ({ daysAgo, lines: [{ skuId: cola, qty: 24 }] })) });
    expect(await predictions(t.fx.companyB)).toEqual([]);
    // company A's rows are its own: B's cola orders did not create or change one
    expect((await predictions(t.fx.companyA)).map((p) => p.sku_id)).toEqual([cat.skus['WATER-550']]);
  });

  it('cancelled and still open orders are not history; a rebuild gives the same rows as the incremental path', async () => {
    const water = cat.skus['WATER-550']!;
    const before = await predictions(t.fx.companyA);
    const open = await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'pending_review', reserve: false, lines: [{ skuId: water, qty: 24 }] });
    const admin = await demoActor(t.db, t.fx.users.admin);
    await t.db.transaction().execute((trx) => applyOrderEvent(trx, admin, open.orderId, 'cancel', { note: '测试取消' }));
    await t.drainOutbox();
    expect(await predictions(t.fx.companyA)).toEqual(before);
    await t.db.deleteFrom('reorder_predictions').execute();
    await rebuildAllPredictions(t.db, TZ);
    const after = await predictions(t.fx.companyA);
    expect(after.map(({ updated_at: _u, ...r }) => r)).toEqual(before.map(({ updated_at: _u, ...r }) => r));
  });
});
