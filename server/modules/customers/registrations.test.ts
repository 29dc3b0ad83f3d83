import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let png: Buffer;
const state = () => counts(t.db, ['customer_registrations', 'companies', 'users', 'company_addresses']);

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type: string; field?: string }) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? 'licence'}"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const fields = { companyName: '嘉兴南湖食品店 🏪', contactName: '周杰', contactPhone: '13912345678', province: '浙江省', city: '嘉兴市', district: '南湖区', address: '中山东路 8 号', login: 'jx_nanhu', licenceNo: '91330402MA2B' };
const apply = (f: Record<string, string>, file?: Parameters<typeof multipart>[1]) => {
  const m = multipart(f, file);
  return t.anon.request({ method: 'POST', url: '/api/registrations', payload: m.payload, headers: m.headers });
};

beforeAll(async () => {
  t = await createTestApp();
  png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#c00' } }).png().toBuffer();
});
afterAll(() => t.close());

describe('registration applications', () => {
  let regId: number;
  it('a prospective dealer applies with a licence photo (public)', async () => {
    const r = await apply(fields, { name: '执照.png', data: png, type: 'image/png' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'pending', companyName: fields.companyName });
    regId = r.json().id;
    const ev = await t.db.selectFrom('outbox').select('topic').where('topic', '=', 'customer.registration_submitted').execute();
    expect(ev.length).toBe(1);
  });

  it.each([
    ['no licence', fields, undefined, 'LICENCE_REQUIRED'],
    ['not an image', fields, { name: 'x.png', data: Buffer.from('%PDF-1.4 not an image'), type: 'image/png' }, 'LICENCE_NOT_IMAGE'],
    ['missing phone', { ...fields, contactPhone: '' }, { name: 'x.png', data: Buffer.alloc(0), type: 'image/png' }, 'VALIDATION'],
    ['taken login', { ...fields, login: 'admin' }, { name: 'x.png', data: Buffer.alloc(1), type: 'image/png' }, 'LOGIN_TAKEN'],
    ['unknown field', { ...fields, tierId: '1' }, { name: 'x.png', data: Buffer.alloc(1), type: 'image/png' }, 'VALIDATION'],
    ['oversized name', { ...fields, companyName: '名'.repeat(101) }, { name: 'x.png', data: Buffer.alloc(1), type: 'image/png' }, 'VALIDATION'],
  ])('rejects %s', async (_n, f, file, code) => {
    const before = await state();
    const r = await apply(f as Record<string, string>, file);
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(r.json().error.code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('rejects JSON instead of multipart', async () => {
    const r = await t.anon.post('/api/registrations', fields);
    expect(r.statusCode).toBe(415);
  });

  it('staff see the queue and the licence; customers and anonymous cannot', async () => {
    const admin = await t.as('admin');
    const q = (await admin.get('/api/registrations?status=pending')).json();
    expect(q.items[0]).toMatchObject({ id: regId, hasLicence: true, login: 'jx_nanhu' });
    const img = await admin.get(`/api/registrations/${regId}/licence`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(img.rawPayload).metadata()).format).toBe('jpeg');
    expect((await (await t.as('ownerA')).get('/api/registrations')).statusCode).toBe(403);
    expect((await t.anon.get(`/api/registrations/${regId}/licence`)).statusCode).toBe(401);
  });

  it('approval creates the company, its admin (who can sign in) and default address, once', async () => {
    const sales = await t.as('sales');
    const before = await state();
    const r = await sales.post(`/api/registrations/${regId}/approve`, { code: 'C-JX01', paymentTerms: 'prepay' });
    expect(r.statusCode).toBe(200);
    const { companyId, login, initialPassword } = r.json();
    const after = await state();
    expect(after.companies).toBe(before.companies + 1);
    expect(after.users).toBe(before.users + 1);
    expect(after.company_addresses).toBe(before.company_addresses + 1);
    const c = await t.db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ name: fields.companyName, province: '浙江省', sales_rep_id: t.fx.users.sales });
    const newAdmin = await t.as(login, initialPassword);
    expect((await newAdmin.get('/api/my/company')).json().code).toBe('C-JX01');
    const again = await sales.post(`/api/registrations/${regId}/approve`, { code: 'C-JX02' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REGISTRATION_NOT_PENDING');
    expect((await sales.post(`/api/registrations/${regId}/reject`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('rejects with a reason; an approval with a taken code writes nothing', async () => {
    const r = await apply({ ...fields, login: 'second_shop' }, { name: 'l.png', data: png, type: 'image/png' });
    const id = r.json().id;
    const admin = await t.as('admin');
    const before = await state();
    expect((await admin.post(`/api/registrations/${id}/approve`, { code: 'CA' })).statusCode).toBe(409);
    expect((await admin.post(`/api/registrations/${id}/approve`, { code: 'C X' })).statusCode).toBe(400);
    expect((await admin.post(`/api/registrations/${id}/approve`, { code: 'CZ', tierId: 99999 })).statusCode).toBe(400);
    // a disabled sales rep cannot be given the new customer
    await admin.patch(`/api/users/${t.fx.users.sales2}`, { status: 'disabled' });
    const disabledRep = await admin.post(`/api/registrations/${id}/approve`, { code: 'CZ', salesRepId: t.fx.users.sales2 });
    await admin.patch(`/api/users/${t.fx.users.sales2}`, { status: 'active' });
    expect(disabledRep.statusCode).toBe(400);
    expect((await admin.post(`/api/registrations/${id}/approve`, { code: 'CZ', salesRepId: t.fx.users.warehouse })).statusCode).toBe(400);
    expect((await admin.post(`/api/registrations/${id}/reject`, {})).statusCode).toBe(400);
    expect(await state()).toEqual(before);
    expect((await admin.get(`/api/registrations/${id}`)).json().status).toBe('pending');
    const rej = await admin.post(`/api/registrations/${id}/reject`, { reason: '营业执照模糊，请重新上传' });
    expect(rej.json()).toMatchObject({ status: 'rejected', rejectReason: '营业执照模糊，请重新上传' });
    expect((await admin.get('/api/registrations/999999')).statusCode).toBe(404);
  });
});
