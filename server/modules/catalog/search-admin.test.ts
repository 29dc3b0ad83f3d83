import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';

/** The supplier's search tuning through HTTP: synonyms, brand aliases, the zero-result report. */
let t: TestApp;
let admin: Client;
let sales: Client;
let buyerA: Client;
let buyerB: Client;
let brandId: number;
let productId: number;

function multipart(data: Buffer, name: string) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c: Client, url: string, data: Buffer) => {
  const m = multipart(data, 'synonyms.csv');
  return c.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
};
const names = async (c: Client, q: string) => {
  const res = await c.get(`/api/catalog/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: number; name: string }[]; total: number; help: { didYouMean: string[]; categories: { id: number; name: string }[] } | null };
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, sales, buyerA, buyerB] = await Promise.all([t.as('admin'), t.as('sales'), t.as('buyerA'), t.as('buyerB')]);
  const cat = (await admin.post('/api/categories', { name: '断路器' })).json();
  brandId = (await admin.post('/api/brands', { name: '德力西' })).json().id;
  const p = await admin.post('/api/products', { name: '德力西 小型断路器 DZ47s 1P', categoryId: cat.id, brandId, skus: [{ code: 'DLX-1', basePrice: 1500 }] });
  expect(p.statusCode, p.body).toBe(200);
  productId = p.json().id;
  await admin.post('/api/products', { name: '德力西 交流接触器', categoryId: cat.id, brandId, skus: [{ code: 'DLX-2', basePrice: 3500 }] });
}, 60_000);
afterAll(() => t.close());

describe('synonyms', () => {
  it('a group added in the console applies to the next search, without reindexing', async () => {
    expect((await names(buyerA, '保险开关')).items).toHaveLength(0);
    const res = await admin.post('/api/search/synonyms', { words: ['保险开关', '断路器 '], note: '老师傅的叫法' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ words: ['保险开关', '断路器'], note: '老师傅的叫法' });
    expect((await names(buyerA, '保险开关')).items.map((i) => i.id)).toContain(productId);
    const list = (await admin.get('/api/search/synonyms')).json();
    expect(list.own[0].words).toEqual(['保险开关', '断路器']);
    expect(list.builtIn.find((g: { trade: string }) => g.trade === 'electrical').tradeName).toBe('电工照明');
    // edit and delete follow at once too
    const id = res.json().id;
    expect((await admin.patch(`/api/search/synonyms/${id}`, { words: ['保险闸', '断路器'] })).statusCode).toBe(200);
    expect((await names(buyerA, '保险闸')).items.map((i) => i.id)).toContain(productId);
    expect((await admin.delete(`/api/search/synonyms/${id}`)).statusCode).toBe(200);
    expect((await names(buyerA, '保险闸')).items).toHaveLength(0);
  });

  it('refuses bad groups with a clear 4xx and writes nothing', async () => {
    const before = await counts(t.db, ['search_synonyms', 'audit_log']);
    for (const body of [{}, { words: '断路器' }, { words: ['断路器'] }, { words: ['断路器', ' 断路器'] }, { words: [1, 2] }, { words: ['a'.repeat(31), '断路器'] },
      { words: Array.from({ length: 21 }, (_, i) => `词${i}`) }, { words: ['断路器', '空开'], note: '长'.repeat(101) }, { words: ['断路器', '空开'], extra: 1 }]) {
      const res = await admin.post('/api/search/synonyms', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await admin.patch('/api/search/synonyms/999999', { words: ['甲', '乙'] })).statusCode).toBe(404);
    expect((await admin.delete('/api/search/synonyms/999999')).statusCode).toBe(404);
    expect((await admin.delete('/api/search/synonyms/abc')).statusCode).toBe(400);
    expect((await sales.post('/api/search/synonyms', { words: ['甲', '乙'] })).statusCode).toBe(403);
    expect((await buyerA.get('/api/search/synonyms')).statusCode).toBe(403);
    expect(await counts(t.db, ['search_synonyms', 'audit_log'])).toEqual(before);
  });

  it('a built-in group can be switched off and on again, applying to the next search', async () => {
    type Built = { trade: string; groups: { key: string; words: string[]; enabled: boolean }[] };
    const builtIn = async () => ((await admin.get('/api/search/synonyms')).json().builtIn as Built[]).flatMap((t) => t.groups);
    const group = (await builtIn()).find((g) => g.words.includes('空开'))!;
    expect(group).toMatchObject({ enabled: true });
    expect(group.key).toMatch(/^electrical-[0-9a-f]{10}$/);
    expect((await names(buyerA, '空开')).items.map((i) => i.id)).toContain(productId);
    const off = await admin.put(`/api/search/synonyms/built-in/${group.key}`, { enabled: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toEqual({ key: group.key, words: group.words, enabled: false });
    expect((await builtIn()).find((g) => g.key === group.key)!.enabled).toBe(false);
    expect((await names(buyerA, '空开')).items).toHaveLength(0);
    // switching off twice is harmless; on again brings it back
    expect((await admin.put(`/api/search/synonyms/built-in/${group.key}`, { enabled: false })).statusCode).toBe(200);
    expect((await admin.put(`/api/search/synonyms/built-in/${group.key}`, { enabled: true })).json().enabled).toBe(true);
    expect((await names(buyerA, '空开')).items.map((i) => i.id)).toContain(productId);
    const audits = await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'synonym.built_in%').execute();
    expect(audits.map((a) => a.action)).toEqual(['synonym.built_in_off', 'synonym.built_in_on']);
  });

  it('a switch stored for a built-in group whose words changed since still holds it off', async () => {
    type Built = { trade: string; groups: { key: string; words: string[]; enabled: boolean }[] };
    const builtIn = async () => ((await admin.get('/api/search/synonyms')).json().builtIn as Built[]).flatMap((t) => t.groups);
    const group = (await builtIn()).find((g) => g.words.includes('空开'))!;
    // stored when the group had one word more than it has now (another key then)
    await t.db.insertInto('search_synonyms_off').values({ group_key: 'electrical-00000000ab', words: [...group.words, '旧词'] }).execute();
    expect((await builtIn()).find((g) => g.key === group.key)!.enabled).toBe(false);
    expect((await names(buyerA, '空开')).items).toHaveLength(0);
    // switching it on removes the old switch
    expect((await admin.put(`/api/search/synonyms/built-in/${group.key}`, { enabled: true })).json().enabled).toBe(true);
    expect(await t.db.selectFrom('search_synonyms_off').select('group_key').execute()).toEqual([]);
    expect((await names(buyerA, '空开')).items.map((i) => i.id)).toContain(productId);
    // a stored group that shares one word with today's groups holds none of them off
    await t.db.insertInto('search_synonyms_off').values({ group_key: 'electrical-00000000cd', words: ['空开', '别的', '还有'] }).execute();
    expect((await names(buyerA, '空开')).items.map((i) => i.id)).toContain(productId);
    await t.db.deleteFrom('search_synonyms_off').execute();
  });

  it('refuses bad built-in switches with a clear 4xx and writes nothing', async () => {
    const key = ((await admin.get('/api/search/synonyms')).json().builtIn[0].groups[0].key) as string;
    const before = await counts(t.db, ['search_synonyms_off', 'audit_log']);
    for (const [url, body, code] of [
      [`/api/search/synonyms/built-in/${key}`, {}, 400],
      [`/api/search/synonyms/built-in/${key}`, { enabled: 'no' }, 400],
      [`/api/search/synonyms/built-in/${key}`, { enabled: false, extra: 1 }, 400],
      ['/api/search/synonyms/built-in/grocery-0000000000', { enabled: false }, 404],
      ['/api/search/synonyms/built-in/nope', { enabled: false }, 400],
      [`/api/search/synonyms/built-in/${encodeURIComponent('空开😀')}`, { enabled: false }, 400],
      [`/api/search/synonyms/built-in/${'a'.repeat(60)}-0000000000`, { enabled: false }, 400],
    ] as const) {
      const res = await admin.put(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(code);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await sales.put(`/api/search/synonyms/built-in/${key}`, { enabled: false })).statusCode).toBe(403);
    expect((await buyerA.put(`/api/search/synonyms/built-in/${key}`, { enabled: false })).statusCode).toBe(403);
    expect(await counts(t.db, ['search_synonyms_off', 'audit_log'])).toEqual(before);
  });

  it('imports and exports groups as a spreadsheet, all or nothing', async () => {
    const ok = await upload(admin, '/api/search/synonyms/import', Buffer.from('同义词（用 | 分隔）,备注\r\n空开|空气开关|断路器,电工\r\n接触器、交流接触器 😀,\r\n', 'utf8'));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ rows: 2, added: 2, skipped: 0 });
    const again = await upload(admin, '/api/search/synonyms/import', Buffer.from('同义词,备注\r\n断路器|空开|空气开关,\r\n', 'utf8'));
    expect(again.json()).toEqual({ rows: 1, added: 0, skipped: 1 });
    const csv = await admin.get('/api/search/synonyms/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('空开|空气开关|断路器');
    const before = await counts(t.db, ['search_synonyms']);
    const bad = await upload(admin, '/api/search/synonyms/import', Buffer.from('同义词,备注\r\n甲|乙,\r\n只有一个,\r\n', 'utf8'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0]).toMatchObject({ row: 3 });
    expect((await upload(admin, '/api/search/synonyms/import', Buffer.from([0, 1, 2, 3]))).statusCode).toBeGreaterThanOrEqual(400);
    expect((await upload(admin, '/api/search/synonyms/import', Buffer.from('同义词,备注\r\n', 'utf8'))).statusCode).toBe(400);
    expect(await counts(t.db, ['search_synonyms'])).toEqual(before);
  });
});

describe('brand aliases', () => {
  it('a Latin name or old name on the brand finds its products', async () => {
    expect((await names(buyerA, 'dlxbrand')).items).toHaveLength(0);
    const res = await admin.patch(`/api/brands/${brandId}`, { aliases: ['DLXbrand', '德力西电气', '德力西'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().aliases).toEqual(['DLXbrand', '德力西电气']);
    expect((await names(buyerA, 'dlxbrand 断路器')).items[0]!.id).toBe(productId);
    expect((await names(buyerA, '德力西电气断路器')).items[0]!.id).toBe(productId);
    for (const aliases of ['dlx', [1], Array.from({ length: 21 }, (_, i) => `a${i}`), ['长'.repeat(51)]]) {
      expect((await admin.patch(`/api/brands/${brandId}`, { aliases })).statusCode, JSON.stringify(aliases)).toBe(400);
    }
    expect((await admin.get(`/api/brands`)).json().find((b: { id: number }) => b.id === brandId).aliases).toEqual(['DLXbrand', '德力西电气']);
  });
});

describe('brand aliases in the import', () => {
  it('the brands template\'s 别名 column sets a brand\'s aliases (all or nothing), and the brand\'s products find them', async () => {
    const head = '品牌名称,别名';
    const bad = await upload(admin, '/api/imports/brands', Buffer.from(`${head}\r\n德力西,${Array.from({ length: 21 }, (_, i) => `a${i}`).join('|')}\r\n`, 'utf8'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.problems[0]).toMatchObject({ row: 2, column: '别名' });
    expect((await admin.get('/api/brands')).json().find((b: { id: number }) => b.id === brandId).aliases).not.toContain('delx');
    const ok = await upload(admin, '/api/imports/brands', Buffer.from(`${head}\r\n德力西,DLXbrand|德力西电气|delx|德力希\r\n`, 'utf8'));
    expect([200, 202], ok.body).toContain(ok.statusCode);
    for (let i = 0; i < 200 && (await admin.get(`/api/imports/jobs/${ok.json().id}`)).json().status === 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    const brand = (await admin.get('/api/brands')).json().find((b: { id: number }) => b.id === brandId);
    expect(brand.aliases).toEqual(expect.arrayContaining(['delx', '德力希']));
    // the brand's products read the new alias too
    expect((await names(buyerA, 'delx')).items.map((i) => i.id)).toContain(productId);
    const exported = await admin.get('/api/imports/brands/export?format=csv');
    expect(exported.body).toContain('delx|德力希');
  });
});

describe('zero results', () => {
  it('help the buyer on and log the query for the supplier, per customer', async () => {
    const r = await names(buyerA, '短路器');
    // one wrong character: the typo pass finds it, nothing is logged
    expect(r.total).toBeGreaterThan(0);
    const none = await names(buyerA, '漏保开关箱');
    expect(none.total).toBe(0);
    expect(none.help).not.toBeNull();
    expect(none.help!.categories.map((c) => c.name)).toEqual([]);
    const sounds = await names(buyerA, '断路期器件');
    expect(sounds.total).toBe(0);
    expect(sounds.help!.didYouMean).toContain('断路器');
    expect(sounds.help!.categories.map((c) => c.name)).toContain('断路器');
    await names(buyerA, '漏保开关箱');
    await names(buyerB, '漏保开关箱');
    // staff searching does not count; nor does a filter that empties the list
    await admin.get(`/api/products?q=${encodeURIComponent('漏保开关箱二')}`);
    await buyerA.get(`/api/catalog/search?q=${encodeURIComponent('接触器')}&priceMax=1`);
    const report = await admin.get('/api/search/misses?days=7');
    expect(report.statusCode, report.body).toBe(200);
    const rows = report.json() as { query: string; times: number; companies: number }[];
    expect(rows.find((x) => x.query === '漏保开关箱')).toMatchObject({ times: 3, companies: 2 });
    expect(rows.map((x) => x.query)).not.toContain('漏保开关箱二');
    expect(rows.map((x) => x.query)).not.toContain('接触器');
    const onlyA = (await admin.get(`/api/search/misses?companyId=${t.fx.companyA}`)).json() as { query: string; times: number }[];
    expect(onlyA.find((x) => x.query === '漏保开关箱')!.times).toBe(2);
    // one click in the report: the query becomes a synonym, is answered and leaves the report
    expect((await admin.post('/api/search/synonyms', { words: ['漏保开关箱', '断路器'] })).statusCode).toBe(200);
    expect((await names(buyerA, '漏保开关箱')).total).toBeGreaterThan(0);
    expect(((await admin.get('/api/search/misses')).json() as { query: string }[]).map((x) => x.query)).not.toContain('漏保开关箱');
  });

  it('the report refuses bad filters and customers', async () => {
    for (const q of ['days=0', 'days=366', 'days=abc', 'limit=501', 'companyId=-1', 'companyId=abc']) expect((await admin.get(`/api/search/misses?${q}`)).statusCode, q).toBe(400);
    expect((await buyerA.get('/api/search/misses')).statusCode).toBe(403);
  });
});
