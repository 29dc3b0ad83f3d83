import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { createTestOrder, seedWarehouseStock } from '../../test/order-fixtures';

/**
 * Staff file a complaint on a customer's behalf (issue 14): recorded as raised by the staff member,
 * for the customer's user, who sees it in the portal and is told in-app and by email; the staff
 * concerned are told by email too. Reps only for their own customers; bad input changes nothing.
 */
let t: TestApp;
let admin: Client, sales: Client, sales2: Client, warehouse: Client, buyerA: Client, ownerA: Client, buyerB: Client;
let orderA: number, orderB: number;
const TABLES = ['aftersales_complaints', 'aftersales_complaint_messages', 'notifications', 'notification_emails', 'audit_log', 'idempotency_keys'];
const state = () => counts(t.db, TABLES);
const notices = (userId: number, kind: string) => t.db.selectFrom('notifications').select(['title', 'link']).where('user_id', '=', userId).where('kind', '=', kind).orderBy('id').execute();
const emails = (userId: number) => t.db.selectFrom('notification_emails').select(['to_address', 'subject']).where('user_id', '=', userId).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp();
  const { skus } = await seedCatalogFixtures(t.database);
  await seedWarehouseStock(t.database, Object.values(skus), 1000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
  [admin, sales, sales2, warehouse, buyerA, ownerA, buyerB] = await Promise.all(['admin', 'sales', 'sales2', 'warehouse', 'buyerA', 'ownerA', 'buyerB'].map((l) => t.as(l)));
  orderA = (await createTestOrder(t.database, { companyId: t.fx.companyA, buyerUserId: t.fx.users.buyerA, status: 'pending_review', paymentMethod: 'credit', lines: [{ skuId: skus['WATER-550']!, qty: 24 }] })).orderId;
  orderB = (await createTestOrder(t.database, { companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB, status: 'pending_review', paymentMethod: 'credit', lines: [{ skuId: skus['WATER-550']!, qty: 24 }] })).orderId;
});
afterAll(() => t.close());

describe('complaints filed by staff for a customer', () => {
  it("the rep files one for the customer's buyer: raised by staff, the buyer sees it and is told (in-app and email), the admins are emailed", async () => {
    const made = await sales.post('/api/complaints', { companyId: t.fx.companyA, customerUserId: t.fx.users.buyerA, orderId: orderA, subject: '电话投诉：送货延误 🚚', body: '客户来电：约定周一送到，周三才到' }, { 'idempotency-key': 'staff-c-1' });
    expect(made.statusCode, made.body).toBe(200);
    const c = made.json();
    expect(c).toMatchObject({ source: 'staff', raisedByName: '测试 sales', customerUserName: '测试 buyerA', companyId: t.fx.companyA, orderId: orderA, status: 'open', firstResponseAt: null, messages: [{ side: 'staff', body: '客户来电：约定周一送到，周三才到' }] });
    expect(c.messages[0].authorLabel).toContain('测试 sales');
    expect(c.number).toMatch(/^TS\d{8}-\d{4}$/);
    // a retry with the same key returns the first
    const s0 = await state();
    expect((await sales.post('/api/complaints', { companyId: t.fx.companyA, customerUserId: t.fx.users.buyerA, orderId: orderA, subject: '电话投诉：送货延误 🚚', body: '客户来电：约定周一送到，周三才到' }, { 'idempotency-key': 'staff-c-1' })).json().id).toBe(c.id);
    expect(await state()).toEqual(s0);

    // the buyer it is for, and the customer's admin, see it; another company does not
    expect((await buyerA.get('/api/my/complaints')).json().items.map((x: { id: number }) => x.id)).toContain(c.id);
    expect((await buyerA.get(`/api/my/complaints/${c.id}`)).json()).toMatchObject({ source: 'staff', raisedByName: '测试 sales' });
    expect((await ownerA.get(`/api/my/complaints/${c.id}`)).statusCode).toBe(200);
    expect((await buyerB.get(`/api/my/complaints/${c.id}`)).statusCode).toBe(404);
    expect((await sales2.get(`/api/complaints/${c.id}`)).statusCode).toBe(404);

    // the buyer is told in-app and by email; the admins get the queue notice by email; the rep who filed it is not told of their own
    expect(await notices(t.fx.users.buyerA, 'complaint.reply')).toEqual([{ title: `已为您登记投诉 ${c.number}`, link: `/complaints/${c.id}` }]);
    expect((await emails(t.fx.users.buyerA)).map((e) => e.subject)).toContain(`已为您登记投诉 ${c.number}`);
    expect((await notices(t.fx.users.admin, 'complaint.queue')).map((n) => n.link)).toContain(`/admin/complaints/${c.id}`);
    expect((await emails(t.fx.users.admin)).some((e) => e.subject.includes(c.number) && e.to_address === 'admin@test.example')).toBe(true);
    expect(await notices(t.fx.users.sales, 'complaint.queue')).toEqual([]);

    // the buyer answers in the thread: the staff concerned are emailed, the buyer is not told of their own reply
    const back = await buyerA.post(`/api/my/complaints/${c.id}/messages`, { body: '今天能补发吗？' });
    expect(back.statusCode, back.body).toBe(200);
    expect((await emails(t.fx.users.sales)).map((e) => e.subject)).toContain(`投诉 ${c.number} 客户回复`);
    // a staff reply reaches the buyer it was filed for (not the rep who filed it)
    expect((await admin.post(`/api/complaints/${c.id}/messages`, { body: '已安排今天补发' })).statusCode).toBe(200);
    expect((await notices(t.fx.users.buyerA, 'complaint.reply')).map((n) => n.title)).toContain(`投诉 ${c.number} 有新回复`);
    // assignment is emailed to the assignee
    expect((await admin.patch(`/api/complaints/${c.id}`, { assigneeUserId: t.fx.users.sales })).statusCode).toBe(200);
    expect((await emails(t.fx.users.sales)).map((e) => e.subject)).toContain(`投诉 ${c.number} 已分派给您`);
  });

  it("filed for nobody in particular: the customer's admins see it and are told", async () => {
    const made = await admin.post('/api/complaints', { companyId: t.fx.companyA, subject: '发票抬头错误', body: '财务来电反映发票抬头写错' });
    expect(made.statusCode, made.body).toBe(200);
    const c = made.json();
    expect(c).toMatchObject({ source: 'staff', customerUserName: null, orderId: null });
    expect((await ownerA.get(`/api/my/complaints/${c.id}`)).statusCode).toBe(200);
    expect((await buyerA.get(`/api/my/complaints/${c.id}`)).statusCode).toBe(404);
    expect((await notices(t.fx.users.ownerA, 'complaint.reply')).map((n) => n.title)).toContain(`已为您登记投诉 ${c.number}`);
  });

  it('only admins and reps file for customers, reps for their own; bad input is a 4xx with nothing written', async () => {
    const ok = { companyId: t.fx.companyA, subject: '投诉', body: '内容' };
    const before = await state();
    const bad: [Client, Record<string, unknown>, number][] = [
      [sales2, ok, 404], // a rep who does not serve the customer
      [warehouse, ok, 403],
      [buyerA, ok, 403],
      [admin, { subject: '投诉', body: '内容' }, 400],
      [admin, { ...ok, companyId: 'A' }, 400],
      [admin, { ...ok, companyId: -1 }, 400],
      [admin, { ...ok, companyId: 1.5 }, 400],
      [admin, { ...ok, companyId: 2 ** 60 }, 400],
      [admin, { ...ok, companyId: 999_999 }, 404],
      [admin, { ...ok, customerUserId: t.fx.users.buyerB }, 400],
      [admin, { ...ok, customerUserId: t.fx.users.sales }, 400],
      [admin, { ...ok, customerUserId: 999_999 }, 400],
      [admin, { ...ok, orderId: orderB }, 400],
      [admin, { ...ok, orderId: 999_999 }, 404],
      [admin, { ...ok, subject: '长'.repeat(101) }, 400],
      [admin, { ...ok, body: '😀'.repeat(2001) }, 400],
      [admin, { ...ok, subject: '' }, 400],
      [admin, { ...ok, extra: 1 }, 400],
    ];
    for (const [who, body, code] of bad) {
      const r = await who.post('/api/complaints', body);
      expect(r.statusCode, `${JSON.stringify(body)} → ${r.body}`).toBe(code);
      expect(r.json().error.code).toBeTruthy();
      if (code === 400) expect(r.json().error.message).not.toMatch(/[A-Za-z]{4,}/);
    }
    // a customer may not file for another company through its own route
    expect((await buyerA.post('/api/my/complaints', { ...ok, companyId: t.fx.companyB })).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });
});
