import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures } from '../../test/catalog-fixtures';
import { seedWarehouseStock } from '../../test/order-fixtures';
import { multipart } from '../payments/testkit';
import { reasonId, shippedOrder } from './testkit';

/** Complaints (投诉), photos on requests and complaints, and overdue marks (issue 14), through HTTP. */
let t: TestApp;
let skus: Record<string, number>;
let wh: number;
let admin: Client, warehouse: Client, finance: Client, sales: Client, buyerA: Client, ownerA: Client, buyerB: Client;
const TABLES = ['aftersales_complaints', 'aftersales_complaint_messages', 'aftersales_photos', 'notifications', 'audit_log'];
const state = () => counts(t.db, TABLES);
const notices = (userId: number, kind: string) => t.db.selectFrom('notifications').select(['title', 'link']).where('user_id', '=', userId).where('kind', '=', kind).orderBy('id').execute();
let jpeg: Buffer;
const photo = (buf: Buffer, name = 'a.jpg', type = 'image/jpeg') => multipart({}, { field: 'file', name, type, data: buf });

beforeAll(async () => {
  t = await createTestApp();
  skus = (await seedCatalogFixtures(t.database)).skus;
  wh = await seedWarehouseStock(t.database, Object.values(skus), 1000);
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).execute();
  [admin, warehouse, finance, sales, buyerA, ownerA, buyerB] = await Promise.all(['admin', 'warehouse', 'finance', 'sales', 'buyerA', 'ownerA', 'buyerB'].map((l) => t.as(l)));
  jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
});
afterAll(() => t.close());

describe('complaints', () => {
  let id = 0;
  it('a buyer files a complaint on an order; staff reply (first response, assigned); each reply notifies the other side; staff resolve, the buyer closes', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: wh, skus });
    const made = await buyerA.post('/api/my/complaints', { orderId: o.orderId, subject: '送货员态度差 😠', body: '送货时把箱子扔在门口，还不让签收' }, { 'idempotency-key': 'c-1' });
    expect(made.statusCode, made.body).toBe(200);
    const c = made.json();
    id = c.id;
    expect(c).toMatchObject({ status: 'open', orderNumber: o.number, subject: '送货员态度差 😠', overdue: false, assigneeUserId: null, firstResponseAt: null, messages: [{ side: 'customer', body: '送货时把箱子扔在门口，还不让签收' }] });
    expect(c.number).toMatch(/^TS\d{8}-\d{4}$/);
    // a retry with the same key returns the first, nothing new
    const s0 = await state();
    const again = await buyerA.post('/api/my/complaints', { orderId: o.orderId, subject: '送货员态度差 😠', body: '送货时把箱子扔在门口，还不让签收' }, { 'idempotency-key': 'c-1' });
    expect(again.json().id).toBe(id);
    expect(await state()).toEqual(s0);
    // the sales rep and the admins hear of it
    expect((await notices(t.fx.users.sales, 'complaint.queue')).map((n) => n.link)).toContain(`/admin/complaints/${id}`);
    expect((await notices(t.fx.users.admin, 'complaint.queue')).length).toBeGreaterThan(0);

    const reply = await sales.post(`/api/complaints/${id}/messages`, { body: '非常抱歉，已联系物流公司处理', version: 1 });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ status: 'answered', assigneeUserId: t.fx.users.sales, version: 2 });
    expect(reply.json().firstResponseAt).toBeTruthy();
    expect(await notices(t.fx.users.buyerA, 'complaint.reply')).toEqual([{ title: `投诉 ${c.number} 有新回复`, link: `/complaints/${id}` }]);
    // a stale version is refused with nothing written
    const s1 = await state();
    expect((await admin.post(`/api/complaints/${id}/messages`, { body: '重复', version: 1 })).json().error.code).toBe('COMPLAINT_VERSION_CONFLICT');
    expect(await state()).toEqual(s1);

    const back = await buyerA.post(`/api/my/complaints/${id}/messages`, { body: '希望尽快给个说法' });
    expect(back.json()).toMatchObject({ status: 'open' });
    // the assignee (the rep who answered) hears the customer's reply
    expect((await notices(t.fx.users.sales, 'complaint.queue')).at(-1)!.title).toBe(`投诉 ${c.number} 客户回复`);

    const assign = await admin.patch(`/api/complaints/${id}`, { assigneeUserId: t.fx.users.admin });
    expect(assign.json().assigneeName).toBeTruthy();
    const resolved = await admin.patch(`/api/complaints/${id}`, { status: 'resolved' });
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    expect((await buyerA.patch(`/api/my/complaints/${id}`, { status: 'resolved' })).statusCode).toBe(403);
    const closed = await buyerA.patch(`/api/my/complaints/${id}`, { status: 'closed' });
    expect(closed.json().status).toBe('closed');
    expect((await buyerA.post(`/api/my/complaints/${id}/messages`, { body: '再说一句' })).json().error.code).toBe('COMPLAINT_CLOSED');
    expect((await buyerA.get('/api/my/complaints')).json().items.map((x: { id: number }) => x.id)).toContain(id);
    // the customer admin sees the company's complaints; the thread reads in order
    const thread = (await ownerA.get(`/api/my/complaints/${id}`)).json().messages.map((m: { side: string }) => m.side);
    expect(thread).toEqual(['customer', 'staff', 'customer']);
  });

  it("another company's complaints and photos are 404; bad input is a 4xx with nothing written", async () => {
    const other = (await buyerB.post('/api/my/complaints', { subject: '发票抬头错误', body: '请重开发票' })).json();
    expect(other.orderId).toBeNull();
    expect((await buyerA.get(`/api/my/complaints/${other.id}`)).statusCode).toBe(404);
    expect((await buyerA.post(`/api/my/complaints/${other.id}/messages`, { body: '看看' })).statusCode).toBe(404);
    expect((await buyerA.patch(`/api/my/complaints/${other.id}`, { status: 'closed' })).statusCode).toBe(404);
    const p = photo(jpeg);
    expect((await buyerA.request({ method: 'POST', url: `/api/my/complaints/${other.id}/photos`, payload: p.payload, headers: p.headers })).statusCode).toBe(404);
    const theirs = photo(jpeg);
    const up = await buyerB.request({ method: 'POST', url: `/api/my/complaints/${other.id}/photos`, payload: theirs.payload, headers: theirs.headers });
    expect(up.statusCode, up.body).toBe(200);
    expect((await buyerA.get(`/api/my/aftersales/photos/${up.json().id}?size=thumb`)).statusCode).toBe(404);
    expect((await buyerB.get(`/api/my/aftersales/photos/${up.json().id}?size=thumb`)).statusCode).toBe(200);

    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerB }, { warehouseId: wh, skus, companyId: t.fx.companyB, buyerUserId: t.fx.users.buyerB });
    const before = await state();
    const bad: [Record<string, unknown>, number][] = [
      [{ subject: '缺正文' }, 400], [{ body: '缺标题' }, 400], [{ subject: '', body: '空标题' }, 400], [{ subject: 'x'.repeat(101), body: '太长' }, 400],
      [{ subject: '标题', body: 'y'.repeat(2001) }, 400], [{ subject: 1, body: 2 }, 400], [{ subject: '标题', body: '内容', orderId: -1 }, 400],
      [{ subject: '标题', body: '内容', orderId: 'abc' }, 400], [{ subject: '标题', body: '内容', orderId: 99_999_999 }, 404],
      [{ subject: '标题', body: '内容', orderId: o.orderId }, 404], [{ subject: '标题', body: '内容', extra: true }, 400],
    ];
    for (const [body, code] of bad) expect((await buyerA.post('/api/my/complaints', body)).statusCode, JSON.stringify(body)).toBe(code);
    expect((await admin.post('/api/my/complaints', { subject: '员工', body: '不能以客户身份投诉' })).statusCode).toBe(403);
    expect((await buyerA.post('/api/my/complaints/99999999/messages', { body: '找不到' })).statusCode).toBe(404);
    expect((await admin.patch(`/api/complaints/${other.id}`, { assigneeUserId: t.fx.users.buyerA })).statusCode).toBe(400);
    expect((await admin.patch(`/api/complaints/${other.id}`, { status: 'open' })).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });
});

describe('photos on requests', () => {
  it('a buyer adds a photo to a request (re-encoded, thumbnail); staff see it; 20 MB and non-images are refused; another company gets 404', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: wh, skus });
    const r = (await buyerA.post('/api/my/aftersales', { kind: 'return_refund', reasonId: await reasonId(t, 'damaged'), description: '破损', orderId: o.orderId, lines: [{ orderLineId: o.water, qty: 1 }] })).json();
    const p = photo(jpeg);
    const up = await buyerA.request({ method: 'POST', url: `/api/my/aftersales/${r.id}/photos`, payload: p.payload, headers: p.headers });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ side: 'customer', width: 800, height: 600 });
    const detail = (await admin.get(`/api/aftersales/${r.id}`)).json();
    expect(detail.photos.map((x: { id: number }) => x.id)).toEqual([up.json().id]);
    const thumb = await admin.get(`/api/aftersales/photos/${up.json().id}?size=thumb`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBeLessThanOrEqual(360);
    expect((await buyerB.get(`/api/my/aftersales/photos/${up.json().id}`)).statusCode).toBe(404);

    const before = await state();
    const big = photo(Buffer.concat([jpeg, Buffer.alloc(20 * 1024 * 1024)]));
    expect((await buyerA.request({ method: 'POST', url: `/api/my/aftersales/${r.id}/photos`, payload: big.payload, headers: big.headers })).statusCode).toBe(413);
    const text = photo(Buffer.from('这不是图片，只是一段文字。'.repeat(10)), 'a.jpg', 'image/jpeg');
    expect((await buyerA.request({ method: 'POST', url: `/api/my/aftersales/${r.id}/photos`, payload: text.payload, headers: text.headers })).statusCode).toBe(415);
    const empty = multipart({ note: '没有文件' });
    expect((await buyerA.request({ method: 'POST', url: `/api/my/aftersales/${r.id}/photos`, payload: empty.payload, headers: empty.headers })).statusCode).toBe(400);
    expect((await buyerA.post(`/api/my/aftersales/${r.id}/photos`, { file: 'x' })).statusCode).toBe(415);
    const other = photo(jpeg);
    expect((await buyerB.request({ method: 'POST', url: `/api/my/aftersales/${r.id}/photos`, payload: other.payload, headers: other.headers })).statusCode).toBe(404);
    expect(await state()).toEqual(before);
  });
});

describe('overdue marks', () => {
  it('a request waiting for the supplier beyond the SLA and a complaint past its targets are marked 超时 and counted on the todo', async () => {
    const o = await shippedOrder(t, { warehouse, finance, buyer: buyerA }, { warehouseId: wh, skus });
    const r = (await buyerA.post('/api/my/aftersales', { kind: 'refund_only', reasonId: await reasonId(t, 'price'), description: '差价', orderId: o.orderId, lines: [{ orderLineId: o.cola, qty: 1 }] })).json();
    const c = (await buyerA.post('/api/my/complaints', { subject: '客服电话打不通', body: '连续三天打不通' })).json();
    expect((await admin.put('/api/aftersales/settings', { slaHours: 48, complaintResponseHours: 24, complaintResolveHours: 72 })).json()).toMatchObject({ slaHours: 48, complaintResponseHours: 24 });
    expect((await admin.get(`/api/aftersales/${r.id}`)).json().overdue).toBe(false);
    const todo0 = (await admin.get('/api/reports/todo')).json().items.find((i: { key: string }) => i.key === 'aftersalesOverdue');
    const ago = (h: number) => new Date(Date.now() - h * 3_600_000);
    await t.db.updateTable('aftersales_requests').set({ updated_at: ago(49) }).where('id', '=', r.id).execute();
    await t.db.updateTable('aftersales_complaints').set({ created_at: ago(25) }).where('id', '=', c.id).execute();
    expect((await admin.get(`/api/aftersales/${r.id}`)).json().overdue).toBe(true);
    const list = (await admin.get('/api/aftersales?overdue=1&pageSize=100')).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(r.id);
    expect(list.items.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
    expect((await admin.get('/api/complaints?overdue=1')).json().items.map((x: { id: number }) => x.id)).toContain(c.id);
    const todo = (await admin.get('/api/reports/todo')).json().items;
    expect(todo.find((i: { key: string }) => i.key === 'aftersalesOverdue')).toEqual({ key: 'aftersalesOverdue', count: (todo0?.count ?? 0) + 1, link: '/admin/aftersales?overdue=1' });
    expect(todo.find((i: { key: string }) => i.key === 'complaintsOverdue').count).toBeGreaterThanOrEqual(1);
    // answering the complaint meets the response target (the resolution one is still 72 h)
    await sales.post(`/api/complaints/${c.id}/messages`, { body: '已安排专人回电' });
    expect((await admin.get(`/api/complaints/${c.id}`)).json().overdue).toBe(false);
    // approving moves the request on: the buyer's or finance's turn starts afresh
    await admin.post(`/api/aftersales/${r.id}/events`, { event: 'approve' });
    expect((await admin.get(`/api/aftersales/${r.id}`)).json().overdue).toBe(false);
    for (const body of [{ slaHours: 0 }, { slaHours: -1 }, { slaHours: 1.5 }, { complaintResponseHours: 99999 }, { slaHours: '48' }]) {
      expect((await admin.put('/api/aftersales/settings', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await buyerA.put('/api/aftersales/settings', { slaHours: 1 })).statusCode).toBe(403);
  });
});
