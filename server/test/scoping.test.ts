import ExcelJS from 'exceljs';
import { sql, type RawBuilder } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestApp, type Client, type TestApp } from './harness';
import { openApiPaths, type JsonSchema, type Paths } from './openapi';
import { createTestOrder } from './order-fixtures';
import { cartWorld, idem, type CartWorld } from '../modules/cart/test-world';
import { multipart, voucherPng } from '../modules/payments/testkit';
import { reindexProducts } from '../modules/catalog/reindex';

/**
 * Cross-company leak sweep over every route of the OpenAPI document. Company A gets realistic
 * private data through the HTTP API (an address, an invoice profile, a buyer, a submitted order,
 * a draft and a template, a shipped order, a bank transfer and a top-up, a statement,
 * notifications, an API token, a contract price list and a product only A may see). Then company
 * B's buyer and admin, and a sales rep who does not serve A, call every /api route with each of
 * A's row ids in every path parameter (and in id-like query and body fields). Nothing they get
 * back may carry an A-only marker, no mutation of theirs on A's ids may succeed, and A's rows
 * must be byte-for-byte the same afterwards.
 */

type Row = Record<string, unknown>;

/** Strings that only company A's data contains: none of them may reach B or a rep who does not serve A. */
const M = {
  code: 'ALPHA-CA-7Q3', // the fixture's code 'CA' is too short to search for
  recipient: '甲方机密收货人',
  phone: '13911112222',
  street: '机密路 88 号甲栋',
  invoiceTitle: '甲方机密发票抬头有限公司',
  taxNo: '91330100MA2ALPHA7Q',
  buyerLogin: 'alpha.secret.buyer',
  buyerName: '甲方机密采购员',
  buyerPhone: '13933334444',
  draft: '甲方机密草稿',
  template: '甲方机密模板',
  po: 'PO-ALPHA-SECRET-01',
  note: '甲方机密订单备注',
  tracking: 'SFALPHA0000001',
  trackingPlace: '甲方机密中转站',
  payer: '甲方机密付款人',
  payNote: '甲方机密汇款附言',
  token: '甲方机密令牌',
  priceList: '甲方专属合同价',
  product: '甲方专供秘制酱料',
  sku: 'ALPHA-SAUCE-01',
};

let t: TestApp;
let w: CartWorld;
let paths: Paths;
let A: number, B: number;
/** A's row ids by table, collected from the database after A's data was made. */
let idsByTable: Record<string, number[]>;
let probeIds: number[];
/** ids that only ever go into GET query parameters (A's sales rep: a lever, not A's row). */
let readOnlyProbeIds: number[];
let markers: string[];
let voucherA: Buffer;
let tokenPrefixA: string;
let voucherB: Buffer;

/** Tables holding company A's rows, and which of their rows are A's. */
const A_ROWS: [table: string, where: (a: number) => RawBuilder<unknown>][] = [
  ['companies', (a) => sql`id = ${a}`],
  ['users', (a) => sql`company_id = ${a}`],
  ['company_addresses', (a) => sql`company_id = ${a}`],
  ['company_invoice_profiles', (a) => sql`company_id = ${a}`],
  ['company_buyer_limits', (a) => sql`company_id = ${a}`],
  ['api_tokens', (a) => sql`user_id in (select id from users where company_id = ${a})`],
  ['notifications', (a) => sql`user_id in (select id from users where company_id = ${a})`],
  ['carts', (a) => sql`company_id = ${a}`],
  ['cart_lines', (a) => sql`cart_id in (select id from carts where company_id = ${a})`],
  ['orders', (a) => sql`company_id = ${a}`],
  ['order_lines', (a) => sql`order_id in (select id from orders where company_id = ${a})`],
  ['order_history', (a) => sql`order_id in (select id from orders where company_id = ${a})`],
  ['reservations', (a) => sql`order_id in (select id from orders where company_id = ${a})`],
  ['shipments', (a) => sql`order_id in (select id from orders where company_id = ${a})`],
  ['shipment_lines', (a) => sql`shipment_id in (select s.id from shipments s join orders o on o.id = s.order_id where o.company_id = ${a})`],
  ['tracking_events', (a) => sql`shipment_id in (select s.id from shipments s join orders o on o.id = s.order_id where o.company_id = ${a})`],
  ['payments', (a) => sql`company_id = ${a}`],
  ['refunds', (a) => sql`company_id = ${a}`],
  ['customer_accounts', (a) => sql`company_id = ${a}`],
  ['ledger_journals', (a) => sql`company_id = ${a}`],
  ['ledger_entries', (a) => sql`company_id = ${a}`],
  ['statements', (a) => sql`company_id = ${a}`],
  ['price_lists', (a) => sql`company_id = ${a}`],
  ['price_list_items', (a) => sql`price_list_id in (select id from price_lists where company_id = ${a})`],
  ['product_visibility', (a) => sql`company_id = ${a}`],
];

async function rowsOf(table: string, where: RawBuilder<unknown>): Promise<Row[]> {
  return (await sql<Row>`select * from ${sql.table(table)} where ${where} order by 1, 2`.execute(t.db)).rows;
}
async function snapshotA(): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const [table, where] of A_ROWS) out[table] = await rowsOf(table, where(A));
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  A = t.fx.companyA;
  B = t.fx.companyB;
  w = await cartWorld(t); // catalog with stock, an address each, A served by rep "sales", B by "sales2"
  await t.db.updateTable('companies').set({ code: M.code }).where('id', '=', A).execute();
  // Every table's ids from here on start in a range of their own, so an id of A's (say an order)
  // can never also be the id of a row B may legitimately touch in another table (say B's draft):
  // a 2xx to B is then always a real finding, never a coincidence of small integers.
  const idTables = await sql<{ table_name: string }>`select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'id' order by table_name`.execute(t.db);
  let k = 0;
  for (const { table_name } of idTables.rows) {
    k += 1;
    await sql`select setval(pg_get_serial_sequence(${table_name}, 'id'), ${k * 1_000_000})`.execute(t.db);
  }

  const [ownerA, buyerA, admin, finance, warehouse] = await Promise.all(['ownerA', 'buyerA', 'admin', 'finance', 'warehouse'].map((l) => t.as(l)));
  const ok = async <T extends object = { id: number }>(p: Promise<LightMyRequestResponse>) => {
    const r = await p;
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };

  // ---- A's company profile, made by A's own admin ----
  const addr = await ok(ownerA.post('/api/my/addresses', { recipient: M.recipient, phone: M.phone, province: '浙江省', city: '宁波市', district: '鄞州区', address: M.street, isDefault: true }));
  await ok(ownerA.put('/api/my/invoice-profile', { kind: 'normal', title: M.invoiceTitle, taxNo: M.taxNo }));
  await ok(ownerA.post('/api/my/buyers', { login: M.buyerLogin, name: M.buyerName, phone: M.buyerPhone, orderLimit: 9_876_500 }));
  const tokenA = await ok<{ token: string; prefix: string }>(ownerA.post('/api/auth/tokens', { name: M.token, scopes: ['cart.use'] }));

  // ---- supplier side: a product only A may see, and A's contract prices ----
  const p = await t.db.insertInto('products').values({ name: M.product, subtitle: null, category_id: w.cat.categoryId, brand_id: w.cat.brandId, base_unit: '瓶' }).returning('id').executeTakeFirstOrThrow();
  const sauce = await t.db.insertInto('skus').values({ product_id: p.id, code: M.sku, barcode: null, base_price: 3300, retail_price: null, weight_grams: null }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('sku_units').values({ sku_id: sauce.id, unit: '瓶', factor: 1 }).execute();
  await reindexProducts(t.db, [p.id]);
  await ok(admin.put(`/api/products/${p.id}/visibility`, { companyIds: [A] }));
  const list = await ok(admin.post('/api/price-lists', { name: M.priceList, kind: 'customer', companyId: A }));
  await ok(admin.put(`/api/price-lists/${list.id}/items`, { items: [{ skuId: w.WATER, minQty: 1, fixedPrice: 187 }] }));

  // ---- A's buyer: a template, a draft, a submitted order, and a cart left with a line ----
  await ok(buyerA.post('/api/cart/lines', { skuId: w.WATER, qty: 3 }));
  await ok(buyerA.post('/api/cart/templates', { name: M.template }));
  await ok(buyerA.post('/api/cart/drafts', { name: M.draft }));
  await ok(buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 5 }));
  await ok(buyerA.post('/api/cart/lines', { skuId: w.WATER, unit: '箱', qty: 1 }));
  await ok(buyerA.post('/api/cart/submit', { addressId: addr.id, paymentMethod: 'transfer', invoiceType: 'normal', customerPo: M.po, note: M.note }, idem()));
  await ok(buyerA.post('/api/cart/lines', { skuId: w.COLA, qty: 2 }));

  // ---- an order of A's shipped with tracking, one paid by bank transfer, a top-up, a statement ----
  const picking = await createTestOrder(t.database, { companyId: A, buyerUserId: t.fx.users.buyerA, status: 'picking', lines: [{ skuId: w.COLA, qty: 6 }] });
  const ship = await ok<{ status: string }>(warehouse.post(`/api/orders/${picking.orderId}/shipments`, { warehouseId: w.warehouseId, carrier: '顺丰速运', trackingNo: M.tracking, lines: [{ orderLineId: picking.lineIds[0], qty: 6 }] }));
  const shipmentId = (await t.db.selectFrom('shipments').select('id').where('order_id', '=', picking.orderId).executeTakeFirstOrThrow()).id;
  expect(ship.status).toBe('shipped');
  await ok(warehouse.post(`/api/shipments/${shipmentId}/tracking`, { place: M.trackingPlace, description: '已到达' }));
  const unpaid = await createTestOrder(t.database, { companyId: A, buyerUserId: t.fx.users.buyerA, status: 'awaiting_payment', lines: [{ skuId: w.WATER, qty: 10 }], reserve: false });
  const png = await voucherPng();
  const transfer = (url: string, amount: string) => {
    const m = multipart({ amount, payerName: M.payer, note: M.payNote }, { name: 'voucher.png', data: png, type: 'image/png' });
    return buyerA.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
  };
  const paid = await ok(transfer(`/api/my/orders/${unpaid.orderId}/pay/transfer`, '1000'));
  const topup = await ok(transfer('/api/my/account/topups/transfer', '5000'));
  await ok(finance.post(`/api/payments/${topup.id}/confirm`));
  const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
  await ok(finance.post('/api/payments/statements', { period: lastMonth, companyId: A }));
  voucherA = (await buyerA.get(`/api/my/payments/${paid.id}/voucher`)).rawPayload;
  expect(voucherA.length).toBeGreaterThan(50);
  voucherB = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#a26' } }).png().toBuffer();

  // ---- B has an order of its own, so its lists are not trivially empty ----
  await createTestOrder(t.database, { companyId: B, buyerUserId: t.fx.users.buyerB, status: 'pending_review', lines: [{ skuId: w.WATER, qty: 2 }] });
  await t.drainOutbox(); // notifications for everyone concerned

  // ---- what to probe with, and what to look for ----
  idsByTable = {};
  for (const [table, where] of A_ROWS) {
    const hasId = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name = 'id'`.execute(t.db);
    if (!hasId.rows[0]?.n) continue;
    const ids = (await sql<{ id: number }>`select id from ${sql.table(table)} where ${where(A)} order by id`.execute(t.db)).rows.map((r) => Number(r.id));
    if (ids.length) idsByTable[table] = ids;
  }
  idsByTable['products (visible to A only)'] = [p.id];
  idsByTable['skus (visible to A only)'] = [sauce.id];
  // every kind of A's rows, the first and the last of each kind (more adds time, not coverage)
  probeIds = [...new Set(Object.values(idsByTable).flatMap((ids) => [ids[0]!, ids[ids.length - 1]!]))].sort((a, b) => a - b);
  readOnlyProbeIds = [t.fx.users.sales]; // A's sales rep: e.g. ?salesRepId= must not widen sales2's view
  const numbers = [
    ...(await t.db.selectFrom('orders').select('number').where('company_id', '=', A).execute()).map((r) => r.number),
    ...(await t.db.selectFrom('shipments').innerJoin('orders', 'orders.id', 'shipments.order_id').select('shipments.number').where('orders.company_id', '=', A).execute()).map((r) => r.number),
    ...(await t.db.selectFrom('payments').select('number').where('company_id', '=', A).execute()).map((r) => r.number),
  ];
  tokenPrefixA = tokenA.prefix;
  markers = [...Object.values(M), tokenA.token, tokenA.prefix, '甲公司 Alpha Foods', '测试 ownerA', '测试 buyerA', 'ownerA@test.example', 'buyerA@test.example', ...numbers];
  expect(numbers.length).toBeGreaterThanOrEqual(5);

  paths = await openApiPaths(t.anon);
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// Request derivation from the OpenAPI document

const STRINGS = ['x', '13800000000', '2026-01-01', '2026-01', '91310000MA1FL8XK2Q', 'https://hooks.example.com/x', 'x@example.com', 'X1'];
const isIdName = (name: string) => /id$/i.test(name);

/** The smallest value that should pass the schema, with every id-like field set to `id`. */
function sample(s: JsonSchema | undefined, name: string, id: number): unknown {
  if (!s) return 'x';
  if (s.anyOf?.length) return sample(s.anyOf[0], name, id);
  if (s.enum?.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'integer':
    case 'number':
      if (isIdName(name)) return id;
      return Math.max(1, typeof s.minimum === 'number' ? s.minimum + (s.exclusiveMinimum === true ? 1 : 0) : 1);
    case 'boolean':
      return false;
    case 'array':
      return (s.minItems ?? 0) > 0 ? [sample(s.items, name.replace(/s$/, ''), id)] : [];
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k], k, id)]));
    case 'string': {
      if (/ids$/i.test(name)) return String(id);
      if (name === 'from') return new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      if (name === 'to') return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const fits = (v: string) => (!s.pattern || new RegExp(s.pattern, 'u').test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
      return STRINGS.find(fits) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
    default:
      return 'x';
  }
}

// Routes not swept: event streams never end; these end or change the caller's own session.
const skipped = (path: string, method: string) => /\/stream$/.test(path) || path === '/api/auth/logout' || path === '/api/auth/password' || (path === '/api/auth/login' && method === 'post');

interface Probe {
  method: string;
  path: string;
  url: string;
  body?: unknown;
  multipartBody?: boolean;
  /** a 2xx answer is a finding by itself (a mutation aimed at A's row or A's company) */
  mustRefuse: boolean;
  id: number | null;
}

const qs = (q: Record<string, unknown>) => {
  const s = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return s ? `?${s}` : '';
};

/**
 * Every request of the sweep: each route with A's ids in its path, in its id-like query
 * parameters and in the id fields of its body. Routes that name a customer in the query (staff
 * ordering on behalf, list filters) are also called in the caller's own context (company B, which
 * all three callers may act for) and in A's, so that a check on the context alone is not enough.
 */
function probes(): Probe[] {
  const out: Probe[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(methods)) {
      if (skipped(path, method)) continue;
      const m = method.toUpperCase();
      const mutating = m !== 'GET';
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
      const query = params.filter((p) => p.in === 'query');
      const idQuery = query.filter((p) => isIdName(p.name)).map((p) => p.name);
      const contextQuery = idQuery.filter((q) => /company|customer/i.test(q));
      const contexts = (company: number): Record<string, number>[] => (contextQuery.length ? [Object.fromEntries(contextQuery.map((q) => [q, company]))] : []);
      const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
      const takesMultipart = mutating && /multipart/i.test(op.summary ?? '');
      const baseQuery = (id: number) => Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, sample(p.schema, p.name, id)]));
      const bodyFor = (id: number) => (m === 'GET' || m === 'DELETE' ? undefined : jsonSchema ? sample(jsonSchema, 'body', id) : {});
      const fill = (values: Record<string, number>) => path.replace(/\{([^}]+)\}/g, (_, n: string) => String(values[n]));
      const add = (url: string, id: number, mustRefuse: boolean) => {
        out.push({ method: m, path, url, body: bodyFor(id), mustRefuse, id });
        if (mutating && m !== 'DELETE') out.push({ method: m, path, url, body: {}, mustRefuse, id }); // at least {}
        if (takesMultipart) out.push({ method: m, path, url, multipartBody: true, mustRefuse, id });
      };

      if (pathParams.length) {
        for (const id of probeIds) {
          // every path parameter at once, and for nested routes one at a time under A's or B's company
          const combos: Record<string, number>[] = [Object.fromEntries(pathParams.map((n) => [n, id]))];
          if (pathParams.length > 1) {
            for (const n of pathParams) for (const parent of [A, B]) combos.push(Object.fromEntries(pathParams.map((o) => [o, o === n ? id : parent])));
          }
          for (const values of combos) {
            for (const ctx of [{}, ...contexts(B), ...contexts(A)]) add(fill(values) + qs({ ...baseQuery(id), ...ctx }), id, mutating);
          }
        }
        continue;
      }
      if (!mutating) for (const ctx of [{}, ...contexts(B)]) out.push({ method: m, path, url: path + qs({ ...baseQuery(1), ...ctx }), mustRefuse: false, id: null });
      for (const q of idQuery) for (const id of mutating ? probeIds : [...probeIds, ...readOnlyProbeIds]) add(path + qs({ ...baseQuery(1), [q]: id }), id, mutating);
      // a mutation with no id in its path is also sent when its body names a row: each of A's, in the
      // caller's own context (a 2xx may be legitimate there, e.g. a SKU id; markers and A's rows decide)
      if (mutating && jsonSchema && JSON.stringify(sample(jsonSchema, 'body', -7)).includes('-7')) {
        for (const ctx of [{}, ...contexts(B)]) {
          for (const id of probeIds) out.push({ method: m, path, url: path + qs({ ...baseQuery(id), ...ctx }), body: sample(jsonSchema, 'body', id), mustRefuse: false, id });
        }
      }
    }
  }
  const unique = new Map(out.map((p) => [`${p.method} ${p.url} ${p.multipartBody ? 'multipart' : JSON.stringify(p.body)}`, p]));
  return [...unique.values()];
}

// ---------------------------------------------------------------------------------------------
// Response inspection

async function textOf(res: LightMyRequestResponse): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (/spreadsheetml|excel/.test(type)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text)))));
    return cells.join('\n');
  }
  return res.body;
}

function found(text: string, raw: Buffer, staff: boolean): string[] {
  // The supplier's staff see the whole catalog: a product restricted to A is A's secret only towards other customers.
  const hits = markers.filter((m) => text.includes(m) && !(staff && (m === M.product || m === M.sku)));
  if (raw.includes(voucherA)) hits.push('<A\'s transfer voucher image>');
  return hits;
}

const snippet = (text: string, marker: string) => {
  const i = text.indexOf(marker);
  return i < 0 ? text.slice(0, 160) : text.slice(Math.max(0, i - 80), i + marker.length + 80);
};

interface SweepResult {
  failures: string[];
  requests: number;
  seen: Set<string>;
}

async function sweep(c: Client, who: string, list: Probe[], staff = false): Promise<SweepResult> {
  const failures: string[] = [];
  const seen = new Set<string>();
  const run = async (p: Probe) => {
    let res: LightMyRequestResponse;
    if (p.multipartBody) {
      const m = multipart({ amount: '1', payerName: 'B', note: 'B' }, { name: 'b.png', data: voucherB, type: 'image/png' });
      res = await c.request({ method: p.method as 'POST', url: p.url, payload: m.payload, headers: { ...m.headers, ...idem() } });
    } else {
      res = await c.request({ method: p.method as 'GET', url: p.url, ...(p.body === undefined ? {} : { payload: p.body as Record<string, unknown> }), headers: p.method === 'GET' ? {} : idem() });
    }
    const label = `${who} ${p.method} ${p.url}${p.body !== undefined ? ` ${JSON.stringify(p.body).slice(0, 100)}` : p.multipartBody ? ' <multipart>' : ''}`;
    if (res.statusCode >= 500) failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (res.statusCode < 300) {
      const text = await textOf(res);
      const hits = found(text, res.rawPayload, staff);
      for (const h of hits) seen.add(h);
      if (hits.length) failures.push(`${label} → ${res.statusCode} shows ${hits.join(', ')}: …${snippet(text, hits[0]!)}…`);
      if (p.mustRefuse) failures.push(`${label} → ${res.statusCode} (a change aimed at A's row ${p.id} succeeded) ${res.body.slice(0, 160)}`);
    }
  };
  // a few at a time: on a PostgreSQL server they run in parallel, on PGlite they queue
  for (let i = 0; i < list.length; i += 8) await Promise.all(list.slice(i, i + 8).map(run));
  return { failures, requests: list.length, seen };
}

/** A client that signs its requests with a bearer API token instead of a session cookie. */
function bearer(token: string): Client {
  const headers = { authorization: `Bearer ${token}` };
  const send = (method: InjectOptions['method'], url: string, body?: unknown, h?: Record<string, string>) =>
    t.anon.request({ method, url, headers: { ...headers, ...h }, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  return {
    headers,
    request: (o) => t.anon.request({ ...o, headers: { ...headers, ...(o.headers as Record<string, string>) } }),
    get: (u, h) => send('GET', u, undefined, h),
    post: (u, b, h) => send('POST', u, b ?? {}, h),
    patch: (u, b, h) => send('PATCH', u, b ?? {}, h),
    put: (u, b, h) => send('PUT', u, b ?? {}, h),
    delete: (u, h) => send('DELETE', u, undefined, h),
  };
}

const parameterlessGets = (): Probe[] =>
  Object.entries(paths).flatMap(([path, methods]) => {
    const op = methods.get;
    if (!path.startsWith('/api/') || !op || path.includes('{') || skipped(path, 'get')) return [];
    const q = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => [p.name, sample(p.schema, p.name, 1)]));
    return [{ method: 'GET', path, url: path + qs(q), mustRefuse: false, id: null }];
  });

// ---------------------------------------------------------------------------------------------

describe('cross-company leak sweep over every route', () => {
  it('the detector works: A itself sees its markers (lists, details, print views and exports)', async () => {
    const own = [
      ...parameterlessGets(),
      ...probes().filter((p) => p.method === 'GET' && p.path.includes('{') && /^\/api\/(my|cart|catalog)\//.test(p.path)),
    ];
    const seen = new Set<string>();
    for (const login of ['ownerA', 'buyerA']) {
      const r = await sweep(await t.as(login), login, own);
      for (const m of r.seen) seen.add(m);
      expect(r.failures.filter((f) => !f.includes(' shows ')), r.failures.slice(0, 10).join('\n')).toEqual([]);
    }
    // what A can see of its own: a check that found none of these could not find a leak either
    for (const m of [M.recipient, M.phone, M.invoiceTitle, M.taxNo, M.buyerName, M.draft, M.template, M.po, M.tracking, M.payer, M.token, tokenPrefixA, M.product, M.code, '甲公司 Alpha Foods', "<A's transfer voucher image>"]) {
      expect([...seen], m).toContain(m);
    }
  }, 300_000);

  it('company B (buyer and admin) and a sales rep who does not serve A get nothing of A\'s and change nothing of A\'s', async () => {
    const list = probes();
    // B's buyer calls with an API token (the bearer path), B's admin and the rep with sessions
    const tokenB = (await (await t.as('buyerB')).post('/api/auth/tokens', { name: 'B 的接口令牌', scopes: ['*'] })).json<{ token: string }>().token;
    const who: [string, Client][] = [['buyerB (token)', bearer(tokenB)], ['ownerB', await t.as('ownerB')], ['sales2', await t.as('sales2')]];
    const snapshotBefore = await snapshotA();
    const failures: string[] = [];
    let requests = 0;
    for (const [name, c] of who) {
      const staff = name === 'sales2';
      // a line in the caller's cart (B's), so that submitting it reaches the address check
      expect((await c.post(`/api/cart/lines${staff ? `?customerId=${B}` : ''}`, { skuId: w.WATER, qty: 1 })).statusCode).toBe(200);
      const before = await sweep(c, name, parameterlessGets(), staff);
      const byId = await sweep(c, name, list, staff);
      // lists again: a leak written into B's own rows by the sweep would show now
      const after = await sweep(c, name, parameterlessGets(), staff);
      failures.push(...before.failures, ...byId.failures, ...after.failures);
      requests += before.requests + byId.requests + after.requests;
      // still signed in: a sweep of 401s would prove nothing
      expect((await c.get('/api/auth/me')).statusCode, name).toBe(200);
    }
    const routes = new Set(list.map((p) => `${p.method} ${p.path}`)).size;
    console.log(`scoping sweep: ${requests} requests (${list.length} per user over ${routes} routes × ${probeIds.length} of A's ids from ${Object.keys(idsByTable).length} tables), ${failures.length} findings`);
    const snapshotAfter = await snapshotA();
    for (const table of Object.keys(snapshotBefore)) {
      if (JSON.stringify(snapshotAfter[table]) !== JSON.stringify(snapshotBefore[table])) failures.push(`A's rows in ${table} changed during the sweep: ${JSON.stringify(snapshotAfter[table]).slice(0, 300)}`);
    }
    expect(failures, `${failures.length} findings:\n${failures.slice(0, 40).join('\n')}`).toEqual([]);
    expect(snapshotAfter).toEqual(snapshotBefore);
  }, 1_500_000); // every route × A's ids × 3 callers: minutes on PGlite, more on a busy machine

  it('B is priced at its own terms, not at A\'s contract price', async () => {
    const price = async (login: string) => (await (await t.as(login)).get(`/api/my/prices/${w.WATER}`)).json();
    expect(await price('buyerA')).toMatchObject({ unitPrice: 187, rule: { kind: 'customer_price_list' } });
    expect(await price('buyerB')).toMatchObject({ unitPrice: 200, rule: { kind: 'base_price' } });
  });
});
