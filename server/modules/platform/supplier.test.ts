import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';

/** The supplier's name: public to read (the login page), only an admin sets it; bad input changes nothing. */
let t: TestApp;
let admin: Client, sales: Client, buyer: Client;
const state = () => counts(t.db, ['settings', 'audit_log']);

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales, buyer] = await Promise.all(['admin', 'sales', 'buyerA'].map((l) => t.as(l)));
});
afterAll(() => t.close());

describe('supplier profile', () => {
  it('has no name until an admin sets one (never the demo company), readable without signing in', async () => {
    const r = await t.anon.get('/api/supplier-profile');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ name: null });
  });

  it('an admin sets it (trimmed, audited); everyone reads it', async () => {
    const r = await admin.put('/api/supplier-profile', { name: '  杭州鲜丰食品有限公司 🍎 ' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ name: '杭州鲜丰食品有限公司 🍎' });
    expect((await t.anon.get('/api/supplier-profile')).json()).toEqual({ name: '杭州鲜丰食品有限公司 🍎' });
    expect((await buyer.get('/api/supplier-profile')).json()).toEqual({ name: '杭州鲜丰食品有限公司 🍎' });
    const a = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'settings.supplier_profile').executeTakeFirstOrThrow();
    expect(a.after).toEqual({ name: '杭州鲜丰食品有限公司 🍎' });
  });

  it('refuses bad input and other roles, changing nothing', async () => {
    const before = await state();
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 12 }, { name: null }, { name: 'ok', extra: 1 }, []]) {
      const r = await admin.put('/api/supplier-profile', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.message).toBeTruthy();
    }
    expect((await sales.put('/api/supplier-profile', { name: '别的公司' })).statusCode).toBe(403);
    expect((await buyer.put('/api/supplier-profile', { name: '别的公司' })).statusCode).toBe(403);
    expect((await t.anon.put('/api/supplier-profile', { name: '别的公司' })).statusCode).toBe(401);
    expect(await state()).toEqual(before);
    expect((await t.anon.get('/api/supplier-profile')).json()).toEqual({ name: '杭州鲜丰食品有限公司 🍎' });
  });
});
