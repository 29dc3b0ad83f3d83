import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client, sales: Client, sales2: Client, finance: Client, warehouse: Client, ownerA: Client, buyerA: Client, ownerB: Client;
const state = () => counts(t.db, ['companies', 'company_addresses', 'company_invoice_profiles', 'company_buyer_limits', 'users', 'customer_tiers', 'audit_log']);

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales, sales2, finance, warehouse, ownerA, buyerA, ownerB] = await Promise.all(
    ['admin', 'sales', 'sales2', 'finance', 'warehouse', 'ownerA', 'buyerA', 'ownerB'].map((l) => t.as(l)),
  );
  // company A belongs to rep "sales", B to "sales2"
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales }).where('id', '=', t.fx.companyA).execute();
  await t.db.updateTable('companies').set({ sales_rep_id: t.fx.users.sales2 }).where('id', '=', t.fx.companyB).execute();
});
afterAll(() => t.close());

describe('customers CRUD and sales-rep scoping', () => {
  let tierId: number;
  it('admin creates a tier and a customer with the full profile', async () => {
    tierId = (await admin.post('/api/tiers', { name: '一级经销商', discountBp: 1200 })).json().id;
    const res = await admin.post('/api/customers', {
      code: 'C-HZ01', name: '杭州萧山副食品商行 🍜', contactName: '王五', contactPhone: '0571-8888 1234', province: '浙江省', city: '杭州市', district: '萧山区',
      address: '人民路 1 号', tierId, salesRepId: t.fx.users.sales, paymentTerms: 'credit', creditDays: 30, creditLimit: 5_000_000, tags: ['批发'], notes: '老客户',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'C-HZ01', tierName: '一级经销商', salesRepName: '测试 sales', paymentTerms: 'credit', creditDays: 30, creditLimit: 5_000_000, tags: ['批发'] });
    const log = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'customer.create').execute();
    expect(log.length).toBe(1);
    const ev = await t.db.selectFrom('outbox').select('topic').where('topic', '=', 'customer.created').execute();
    expect(ev.length).toBe(1);
  });

  it('a sales rep lists only their own customers and gets 404 for another rep\'s', async () => {
    const mine = (await sales.get('/api/customers')).json();
    expect(mine.items.map((c: { code: string }) => c.code).sort()).toEqual(['C-HZ01', 'CA']);
    const other = (await sales2.get('/api/customers')).json();
    expect(other.items.map((c: { code: string }) => c.code)).toEqual(['CB']);
    for (const url of [`/api/customers/${t.fx.companyB}`, `/api/customers/${t.fx.companyB}/addresses`, `/api/customers/${t.fx.companyB}/buyers`, `/api/customers/${t.fx.companyB}/invoice-profile`]) {
      const r = await sales.get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
    }
    const before = await state();
    expect((await sales.patch(`/api/customers/${t.fx.companyB}`, { name: 'hijack' })).statusCode).toBe(404);
    expect((await sales.post(`/api/customers/${t.fx.companyB}/addresses`, { recipient: 'x', phone: '13800000000', province: '浙江省', city: '杭州市', address: 'x' })).statusCode).toBe(404);
    expect((await sales.post(`/api/customers/${t.fx.companyB}/buyers`, { login: 'intruder', name: 'x' })).statusCode).toBe(404);
    expect(await state()).toEqual(before);
    // admin and finance see all
    expect((await admin.get('/api/customers')).json().total).toBe(3);
    expect((await finance.get(`/api/customers/${t.fx.companyB}`)).statusCode).toBe(200);
  });

  it('filters by keyword, tier, tag and status', async () => {
    expect((await admin.get(`/api/customers?q=${encodeURIComponent('萧山')}`)).json().total).toBe(1);
    expect((await admin.get(`/api/customers?tierId=${tierId}`)).json().total).toBe(1);
    expect((await admin.get(`/api/customers?tag=${encodeURIComponent('批发')}`)).json().total).toBe(1);
    expect((await admin.get('/api/customers?status=suspended')).json().total).toBe(0);
    expect((await admin.get('/api/customers?q=%25')).json().total).toBe(0);
  });

  it('a rep creates customers assigned to themselves but cannot set credit or tier', async () => {
    const r = await sales2.post('/api/customers', { code: 'C-S2', name: '业务员新客户' });
    expect(r.statusCode).toBe(200);
    expect(r.json().salesRepId).toBe(t.fx.users.sales2);
    const before = await state();
    const credit = await sales2.patch(`/api/customers/${r.json().id}`, { creditLimit: 100 });
    expect(credit.statusCode).toBe(403);
    expect(credit.json().error.code).toBe('FIELD_NOT_ALLOWED');
    expect((await sales2.patch(`/api/customers/${r.json().id}`, { tierId })).statusCode).toBe(403);
    expect((await sales2.post('/api/customers', { code: 'C-S3', name: 'x', salesRepId: t.fx.users.sales })).statusCode).toBe(403);
    expect(await state()).toEqual(before);
    // finance may set credit terms
    const f = await finance.patch(`/api/customers/${r.json().id}`, { paymentTerms: 'credit', creditDays: 60, creditLimit: 2_000_000 });
    expect(f.json()).toMatchObject({ paymentTerms: 'credit', creditDays: 60, creditLimit: 2_000_000 });
    // suspending
    expect((await sales2.patch(`/api/customers/${r.json().id}`, { status: 'suspended' })).json().status).toBe('suspended');
  });

  const bad: [string, unknown][] = [
    ['missing name', { code: 'X1' }],
    ['bad code', { code: '客户 1', name: 'x' }],
    ['negative credit', { code: 'X2', name: 'x', creditLimit: -1 }],
    ['fractional credit', { code: 'X3', name: 'x', creditLimit: 1.5 }],
    ['huge credit', { code: 'X4', name: 'x', creditLimit: 1e16 }],
    ['credit days 400', { code: 'X5', name: 'x', creditDays: 400 }],
    ['unknown terms', { code: 'X6', name: 'x', paymentTerms: 'barter' }],
    ['oversized name', { code: 'X7', name: '名'.repeat(101) }],
    ['unknown field', { code: 'X8', name: 'x', hacked: true }],
    ['unknown tier', { code: 'X9', name: 'x', tierId: 999999 }],
    ['not a rep', { code: 'X10', name: 'x', salesRepId: 1 }],
    ['string number', { code: 'X11', name: 'x', creditLimit: '100' }],
  ];
  it.each(bad)('rejects %s with 4xx and writes nothing', async (_n, body) => {
    const before = await state();
    const r = await admin.post('/api/customers', body);
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(r.json().error.message).toBeTruthy();
    expect(await state()).toEqual(before);
  });

  it('duplicate code → 409; unknown id → 404; warehouse and customers → 403 on staff routes', async () => {
    expect((await admin.post('/api/customers', { code: 'ca', name: 'dup' })).json().error.code).toBe('COMPANY_CODE_TAKEN');
    expect((await admin.get('/api/customers/999999')).statusCode).toBe(404);
    expect((await admin.get('/api/customers/abc')).statusCode).toBe(400);
    expect((await warehouse.get('/api/customers')).statusCode).toBe(403);
    expect((await ownerA.get('/api/customers')).statusCode).toBe(403);
    expect((await ownerA.get(`/api/customers/${t.fx.companyA}`)).statusCode).toBe(403);
    expect((await t.anon.get('/api/customers')).statusCode).toBe(401);
  });
});

describe('addresses with one default', () => {
  const addr = { recipient: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', address: '张江路 100 号', postcode: '201203' };
  it('first address becomes default; a new default moves it; deleting the default promotes the oldest', async () => {
    const a1 = (await ownerA.post('/api/my/addresses', addr)).json();
    expect(a1.isDefault).toBe(true);
    const a2 = (await ownerA.post('/api/my/addresses', { ...addr, address: '二号仓' })).json();
    expect(a2.isDefault).toBe(false);
    const a3 = (await ownerA.post('/api/my/addresses', { ...addr, address: '三号仓', isDefault: true })).json();
    expect(a3.isDefault).toBe(true);
    let list = (await buyerA.get('/api/my/addresses')).json();
    expect(list.filter((a: { isDefault: boolean }) => a.isDefault).map((a: { id: number }) => a.id)).toEqual([a3.id]);
    expect((await ownerA.patch(`/api/my/addresses/${a2.id}`, { isDefault: true })).json().isDefault).toBe(true);
    expect((await ownerA.delete(`/api/my/addresses/${a2.id}`)).statusCode).toBe(200);
    list = (await ownerA.get('/api/my/addresses')).json();
    expect(list.find((a: { isDefault: boolean }) => a.isDefault).id).toBe(a1.id);
  });

  it('buyers cannot change addresses; company B gets 404 for A\'s address; staff of the rep can', async () => {
    const [a] = (await ownerA.get('/api/my/addresses')).json();
    const before = await state();
    expect((await buyerA.post('/api/my/addresses', addr)).statusCode).toBe(403);
    expect((await ownerB.patch(`/api/my/addresses/${a.id}`, { recipient: 'x' })).statusCode).toBe(404);
    expect((await ownerB.delete(`/api/my/addresses/${a.id}`)).statusCode).toBe(404);
    expect((await sales2.patch(`/api/customers/${t.fx.companyA}/addresses/${a.id}`, { recipient: 'x' })).statusCode).toBe(404);
    // right company id in the path of B but address of A → 404
    expect((await admin.patch(`/api/customers/${t.fx.companyB}/addresses/${a.id}`, { recipient: 'x' })).statusCode).toBe(404);
    expect(await state()).toEqual(before);
    expect((await sales.patch(`/api/customers/${t.fx.companyA}/addresses/${a.id}`, { recipient: '李四' })).json().recipient).toBe('李四');
  });

  it.each([
    ['bad phone', { ...addr, phone: 'call me' }],
    ['bad postcode', { ...addr, postcode: '12' }],
    ['missing city', { ...addr, city: undefined }],
    ['empty address', { ...addr, address: '   ' }],
    ['control chars', { ...addr, recipient: 'a\u0001b' }],
  ])('rejects %s', async (_n, body) => {
    const before = await state();
    expect((await ownerA.post('/api/my/addresses', body)).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });
});

describe('invoice profile', () => {
  it('a special invoice needs bank, address and phone', async () => {
    const before = await state();
    const r = await ownerA.put('/api/my/invoice-profile', { kind: 'special', title: '甲公司', taxNo: '91310000MA1FL8XK2Q' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.map((d: { path: string }) => d.path).join()).toMatch(/bankName/);
    expect(await state()).toEqual(before);
    const ok = await ownerA.put('/api/my/invoice-profile', { kind: 'special', title: '甲公司', taxNo: '91310000MA1FL8XK2Q', bankName: '工商银行', bankAccount: '6222021001123456', address: '上海', phone: '021-12345678' });
    expect(ok.statusCode).toBe(200);
    expect((await buyerA.get('/api/my/invoice-profile')).json().title).toBe('甲公司');
    expect((await ownerB.get('/api/my/invoice-profile')).json()).toBeNull();
    expect((await buyerA.put('/api/my/invoice-profile', { kind: 'normal', title: 'x', taxNo: '91310000MA1FL8XK2Q' })).statusCode).toBe(403);
    expect((await ownerA.put('/api/my/invoice-profile', { kind: 'normal', title: 'x', taxNo: 'abc' })).statusCode).toBe(400);
  });
});

describe('buyers and spending limits', () => {
  it('the customer admin adds a buyer with a limit, changes it and disables the buyer', async () => {
    const r = await ownerA.post('/api/my/buyers', { login: 'buyerA2', name: '小王', orderLimit: 500_000 });
    expect(r.statusCode).toBe(200);
    expect(r.json().initialPassword).toEqual(expect.any(String));
    const id = r.json().buyer.id;
    expect(r.json().buyer).toMatchObject({ role: 'customer_buyer', orderLimit: 500_000, companyId: t.fx.companyA });
    expect((await ownerA.patch(`/api/my/buyers/${id}`, { orderLimit: null })).json().orderLimit).toBeNull();
    expect((await ownerA.patch(`/api/my/buyers/${id}`, { orderLimit: 100 })).json().orderLimit).toBe(100);
    expect((await ownerA.patch(`/api/my/buyers/${id}`, { status: 'disabled' })).json().status).toBe('disabled');
    const list = (await ownerA.get('/api/my/buyers')).json();
    expect(list.map((b: { login: string }) => b.login)).toEqual(expect.arrayContaining(['ownerA', 'buyerA', 'buyerA2']));
    expect(list.every((b: { companyId: number }) => b.companyId === t.fx.companyA)).toBe(true);
  });

  it('isolation: B\'s admin gets 404 for A\'s buyer; buyers cannot manage; no self-disable', async () => {
    const before = await state();
    expect((await ownerB.patch(`/api/my/buyers/${t.fx.users.buyerA}`, { orderLimit: 1 })).statusCode).toBe(404);
    expect((await buyerA.get('/api/my/buyers')).statusCode).toBe(403);
    expect((await buyerA.post('/api/my/buyers', { login: 'x1', name: 'x' })).statusCode).toBe(403);
    expect((await ownerA.patch(`/api/my/buyers/${t.fx.users.ownerA}`, { status: 'disabled' })).statusCode).toBe(400);
    expect((await ownerA.patch(`/api/my/buyers/${t.fx.users.admin}`, { name: 'x' })).statusCode).toBe(404);
    expect((await ownerA.post('/api/my/buyers', { login: 'buyerB', name: 'dup' })).statusCode).toBe(409);
    expect((await ownerA.post('/api/my/buyers', { login: 'x2', name: 'x', orderLimit: -5 })).statusCode).toBe(400);
    expect((await ownerA.post('/api/my/buyers', { login: 'x3', name: 'x', role: 'admin' })).statusCode).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('my company shows the profile without internal notes', async () => {
    const r = await buyerA.get('/api/my/company');
    expect(r.json()).toMatchObject({ id: t.fx.companyA, code: 'CA', notes: null });
    expect((await admin.get('/api/my/company')).statusCode).toBe(403);
  });
});

describe('tiers', () => {
  it('validates discounts and refuses deleting a tier in use', async () => {
    const before = await state();
    for (const discountBp of [-1, 10_001, 12.5, '10']) expect((await admin.post('/api/tiers', { name: `bad${discountBp}`, discountBp })).statusCode).toBe(400);
    expect((await sales.post('/api/tiers', { name: 'x', discountBp: 0 })).statusCode).toBe(403);
    expect(await state()).toEqual(before);
    const tier = (await admin.post('/api/tiers', { name: '二级分销', discountBp: 800 })).json();
    expect((await admin.post('/api/tiers', { name: '二级分销', discountBp: 1 })).statusCode).toBe(409);
    await admin.patch(`/api/customers/${t.fx.companyB}`, { tierId: tier.id });
    const del = await admin.delete(`/api/tiers/${tier.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('TIER_IN_USE');
    expect(del.json().error.details).toMatchObject({ companies: 1 });
    await admin.patch(`/api/customers/${t.fx.companyB}`, { tierId: null });
    expect((await admin.patch(`/api/tiers/${tier.id}`, { discountBp: 1000 })).json().discountBp).toBe(1000);
    expect((await admin.delete(`/api/tiers/${tier.id}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/tiers/${tier.id}`)).statusCode).toBe(404);
  });
});
