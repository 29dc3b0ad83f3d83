import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { changedBy, postImport, loadImport } from './testkit';
import { readTable } from '../../lib/sheet-reader';

/**
 * The customer template's several contacts and addresses (issue 19): more rows with the same
 * 客户编码, each one more contact and/or delivery address; re-runs and export → import change nothing.
 */
let t: TestApp;
let admin: Client;
const TABLES = ['companies', 'company_contacts', 'company_addresses', 'customer_tiers'];
const HEAD = '客户编码,客户名称,联系人,联系电话,邮箱,城市,结算方式,收货人,收货电话,收货省份,收货城市,收货地址';

const post = (data: Buffer, name = 'c.csv') => postImport(admin, 'customers', data, name);
const csv = (...lines: string[]) => Buffer.from([HEAD, ...lines].join('\r\n'), 'utf8');
const load = (data: Buffer, name = 'c.csv') => loadImport(admin, 'customers', data, name);
const stamp = async () => ({
  c: await counts(t.db, TABLES),
  at: await Promise.all(['companies', 'company_contacts', 'company_addresses'].map(async (tb) =>
    String((await t.db.selectFrom(tb as 'companies').select((eb) => eb.fn.max('updated_at').as('m')).executeTakeFirst())?.m ?? ''))),
});
const idOf = async (code: string) => (await t.db.selectFrom('companies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
});
afterAll(() => t.close());

describe('customers with several contacts and addresses', () => {
  const file = csv(
    'K100,苏州观前街连锁,陈明,13900000001,chen@example.com,苏州市,账期,陈明,13900000001,江苏省,苏州市,观前街 1 号',
    'K100,,赵六,13900000002,,,,赵六,13900000002,江苏省,苏州市,石路 8 号 2 号店',
    'K100,苏州观前街连锁,孙七,,sun@example.com,,,,,,,',
    'K100,,,,,,,钱八,13900000004,江苏省,昆山市,前进路 3 号 3 号店',
    'K200,无锡小店,李四,13900000009,,无锡市,,,,,,',
  );

  it('imports more rows of a customer as its other contacts and addresses, counted apart from the customers; each row says what it did; a re-run changes nothing', async () => {
    const j = await load(file);
    // two customers (K100's four rows are one customer), its 2 more contacts and 2 more addresses counted beside them
    expect(j).toMatchObject({ total: 5, created: 2, updated: 0, unchanged: 0,
      parts: { contacts: { created: 2, updated: 0, unchanged: 0 }, addresses: { created: 2, updated: 0, unchanged: 0 } } });
    const k100 = await idOf('K100');
    const c = (await admin.get(`/api/customers/${k100}`)).json();
    expect(c).toMatchObject({ name: '苏州观前街连锁', contactName: '陈明', contactPhone: '13900000001', paymentTerms: 'credit' });
    const contacts = (await admin.get(`/api/customers/${k100}/contacts`)).json();
    expect(contacts.map((x: { name: string; phone: string | null; email: string | null }) => [x.name, x.phone, x.email])).toEqual([['赵六', '13900000002', null], ['孙七', null, 'sun@example.com']]);
    const addrs = (await admin.get(`/api/customers/${k100}/addresses`)).json();
    expect(addrs.map((a: { address: string; isDefault: boolean }) => [a.address, a.isDefault])).toEqual([['观前街 1 号', true], ['石路 8 号 2 号店', false], ['前进路 3 号 3 号店', false]]);
    expect((await admin.get(`/api/customers/${await idOf('K200')}/contacts`)).json()).toEqual([]);
    const result = await readTable((await admin.get(`/api/imports/jobs/${j.id}/result?format=csv`)).rawPayload);
    expect(result.header[23]).toBe('结果');
    expect(result.rows.map((r) => r.cells[23])).toEqual(['新增', '新增', '新增', '新增', '新增']);
    expect(result.rows.map((r) => r.cells[24] ?? '')).toEqual(['', '为客户 K100 增加联系人 赵六；为客户 K100 增加收货地址 石路 8 号 2 号店', '为客户 K100 增加联系人 孙七',
      '为客户 K100 增加收货地址 前进路 3 号 3 号店', '']);

    const before = await stamp();
    const again = await load(file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, parts: { contacts: { created: 0, updated: 0, unchanged: 2 }, addresses: { created: 0, unchanged: 2 } } });
    expect((await readTable((await admin.get(`/api/imports/jobs/${again.id}/result?format=csv`)).rawPayload)).rows.map((r) => [r.cells[23], r.cells[24]])[2])
      .toEqual(['未变', '客户 K100 已有联系人 孙七']);
    expect(await stamp()).toEqual(before);
    // one more address and contact for an existing customer: added, nothing else touched
    // (the customer's first row in a file is the customer itself: its columns are written as given)
    const more = await load(csv(
      'K100,苏州观前街连锁,陈明,13900000001,chen@example.com,苏州市,账期,陈明,13900000001,江苏省,苏州市,观前街 1 号',
      'K100,苏州观前街连锁,周九,13900000005,,,,周九,13900000005,江苏省,苏州市,十全街 9 号',
    ));
    expect(more).toMatchObject({ created: 0, updated: 0, unchanged: 1, parts: { contacts: { created: 1 }, addresses: { created: 1 } } });
    expect((await counts(t.db, ['company_contacts', 'company_addresses']))).toEqual({ company_contacts: 3, company_addresses: 4 });
  });

  it('round trip: the export writes the more contacts and addresses as more rows; imported back (xlsx and CSV) nothing changes', async () => {
    const ex = await admin.get('/api/imports/customers/export?format=csv');
    const rows = (await readTable(ex.rawPayload)).rows.filter((r) => r.cells[0] === 'K100');
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.cells[2], r.cells[21]])).toEqual([['陈明', '观前街 1 号'], ['赵六', '石路 8 号 2 号店'], ['孙七', '前进路 3 号 3 号店'], ['周九', '十全街 9 号']]);
    for (const format of ['xlsx', 'csv']) {
      const file = (await admin.get(`/api/imports/customers/export?format=${format}`)).rawPayload;
      const before = await stamp();
      const j = await load(file, `c.${format}`);
      expect([format, changedBy(j)]).toEqual([format, 0]);
      expect(await stamp()).toEqual(before);
    }
  });

  it('bad later rows are problems of their own row (another name, terms, a phone without a contact, nothing to add); nothing is written', async () => {
    const before = await stamp();
    const r = await post(csv(
      'K300,杭州新店,吴一,13900000011,,杭州市,,,,,,',
      'K300,杭州老店,,,,,预付款,,,,,',
      'K300,,,13900000012,,,,,,,,',
      'K300,,,,,,,,,,,',
      'K300,,郑二,,not-an-email,,,郑二,13900000013,浙江省,,文一路',
    ));
    expect(r.statusCode).toBe(422);
    const at = (row: number) => r.json().error.details.problems.filter((p: { row: number }) => p.row === row).map((p: { column: string }) => p.column).sort();
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['客户名称', '客户编码', '结算方式'].sort());
    expect(at(4)).toEqual(['联系人']);
    expect(at(5)).toEqual(['客户编码']);
    expect(at(6)).toEqual(['收货城市', '邮箱'].sort());
    expect(await stamp()).toEqual(before);
  });

  it('contacts: a bad id is a 400, an unknown customer or another rep\'s customer a 404, a buyer 403', async () => {
    expect((await admin.get('/api/customers/abc/contacts')).statusCode).toBe(400);
    expect((await admin.get('/api/customers/999999/contacts')).statusCode).toBe(404);
    const sales = await t.as('sales');
    expect((await sales.get(`/api/customers/${await idOf('K100')}/contacts`)).statusCode).toBe(404);
    expect((await (await t.as('buyerA')).get(`/api/customers/${await idOf('K100')}/contacts`)).statusCode).toBe(403);
  });
});
