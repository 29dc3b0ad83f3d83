import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from './harness';
import { openApiPaths } from './openapi';
import { seedCatalogFixtures } from './catalog-fixtures';
import { multipart } from '../modules/payments/testkit';
import { zipBombXlsx } from './zipbomb';

// Issue 22: every upload route reads through server/lib/uploads.ts.
let t: TestApp;
let admin: Client, buyer: Client;
beforeAll(async () => {
  t = await createTestApp();
  await seedCatalogFixtures(t.database);
  [admin, buyer] = await Promise.all([t.as('admin'), t.as('buyerA')]);
});
afterAll(() => t.close());

/** The upload routes, from the OpenAPI document: every operation that consumes multipart/form-data. */
async function uploadRoutes(): Promise<{ method: string; path: string }[]> {
  const paths = await openApiPaths(t.anon);
  const out: { method: string; path: string }[] = [];
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.requestBody?.content?.['multipart/form-data']) out.push({ method: method.toUpperCase(), path });
    }
  }
  return out;
}
const fill = (path: string) => path.replace('{kind}', 'products').replace(/\{[^}]+\}/g, '1');

describe('malformed multipart', () => {
  it('gets 400 MULTIPART_MALFORMED on every upload route (anonymous registration included), never a 500', async () => {
    const routes = await uploadRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(9);
    expect(routes.map((r) => r.path)).toContain('/api/registrations');
    const bodies = [
      // a part that never ends
      { ct: 'multipart/form-data; boundary=XyZ', payload: '--XyZ\r\ncontent-disposition: form-data; name="file"; filename="a.xlsx"\r\ncontent-type: application/octet-stream\r\n\r\nPK\u0003\u0004abc' },
      // a body written with another boundary than the one declared
      { ct: 'multipart/form-data; boundary=XyZ', payload: '--Other\r\ncontent-disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nabc\r\n--Other--\r\n' },
      // not multipart at all, whatever the header says
      { ct: 'multipart/form-data; boundary=XyZ', payload: '{"amount": 100}' },
      // no boundary at all
      { ct: 'multipart/form-data', payload: '--XyZ\r\ncontent-disposition: form-data; name="file"\r\n\r\nabc\r\n--XyZ--\r\n' },
    ];
    const seen: string[] = [];
    for (const r of routes) {
      // the first caller the route lets in: anyone, then a customer buyer, then a staff admin
      let who: Client | null = null;
      for (const c of [t.anon, buyer, admin]) {
        const probe = await c.request({ method: r.method as 'POST', url: fill(r.path), payload: bodies[0]!.payload, headers: { 'content-type': bodies[0]!.ct } });
        if (![401, 403].includes(probe.statusCode)) {
          who = c;
          break;
        }
      }
      expect(who, r.path).not.toBeNull();
      for (const b of bodies) {
        const res = await who!.request({ method: r.method as 'POST', url: fill(r.path), payload: b.payload, headers: { 'content-type': b.ct } });
        expect(`${r.method} ${r.path} #${bodies.indexOf(b)} ${res.statusCode} ${res.json().error?.code}`).toBe(`${r.method} ${r.path} #${bodies.indexOf(b)} 400 MULTIPART_MALFORMED`);
        expect(res.json().error.message).not.toBe('MULTIPART_MALFORMED');
      }
      seen.push(r.path);
    }
    expect(seen.length).toBe(routes.length);
  });
});

describe('spreadsheet limits before the workbook is parsed', () => {
  const upload = (c: Client, url: string, data: Buffer) => {
    const m = multipart({}, { name: 'bomb.xlsx', data, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', field: 'file' });
    return c.request({ method: 'POST', url, payload: m.payload, headers: m.headers });
  };
  const measure = async (fn: () => Promise<{ statusCode: number; json: () => { error: { code: string } } }>) => {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const res = await fn();
    return { res, ms: performance.now() - t0, rssMb: (process.memoryUsage().rss - rss0) / 1024 / 1024 };
  };

  it('a small .xlsx inflating to 200 MB is refused by quick order within a second, memory barely moves', async () => {
    const bomb = await zipBombXlsx({ mb: 200 });
    expect(bomb.length).toBeLessThan(1024 * 1024); // a few hundred KB on the wire
    const { res, ms, rssMb } = await measure(() => upload(buyer, '/api/cart/import', bomb));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('SPREADSHEET_TOO_LARGE');
    expect(ms).toBeLessThan(1000);
    expect(rssMb).toBeLessThan(50);
    console.log(`zip bomb (${Math.round(bomb.length / 1024)} KB → 200 MB): refused in ${ms.toFixed(0)} ms, rss +${rssMb.toFixed(1)} MB`);
  });

  it('the same bomb declaring only 1 MB in its headers is stopped when it inflates past that', async () => {
    const liar = await zipBombXlsx({ mb: 200, lie: true });
    const { res, ms, rssMb } = await measure(() => upload(buyer, '/api/cart/import', liar));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('SPREADSHEET_TOO_LARGE');
    expect(ms).toBeLessThan(1000);
    expect(rssMb).toBeLessThan(50);
  });

  it('the imports, price-list and stocktake imports refuse it too', async () => {
    const bomb = await zipBombXlsx({ mb: 200 });
    for (const url of ['/api/imports/products', '/api/price-lists/1/import', '/api/inventory/stocktakes/1/import']) {
      const res = await upload(admin, url, bomb);
      expect(`${url} ${res.statusCode} ${res.json().error.code}`).toBe(`${url} 413 SPREADSHEET_TOO_LARGE`);
    }
  });

  it('a sheet declaring a million rows is refused from its dimension; a normal small sheet still imports', async () => {
    const tall = await zipBombXlsx({ mb: 1, dimension: 'A1:B1000000' });
    const res = await upload(buyer, '/api/cart/import', tall);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/1000000 rows/);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('订单');
    ws.addRow(['商品编码', '数量']);
    ws.addRow(['WATER-550', 2]);
    const ok = await upload(buyer, '/api/cart/import', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a damaged zip is a 400, not a 500', async () => {
    const bomb = await zipBombXlsx({ mb: 1 });
    const res = await upload(buyer, '/api/cart/import', bomb.subarray(0, bomb.length - 30));
    expect(res.statusCode).toBe(400);
  });
});

describe('image pixel limits', () => {
  it('a 48-megapixel PNG of a few KB is refused before decoding, on registration and on a transfer voucher', async () => {
    const png = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    const reg = multipart({ companyName: '像素炸弹公司', contactName: '张三', contactPhone: '13800000000', login: 'pixelbomb', province: '上海', city: '上海', address: '一号' }, { name: 'l.png', data: png, type: 'image/png', field: 'licence' });
    const r1 = await t.anon.request({ method: 'POST', url: '/api/registrations', payload: reg.payload, headers: reg.headers });
    expect(r1.statusCode, r1.body).toBe(413);
    expect(r1.json().error.code).toBe('IMAGE_TOO_MANY_PIXELS');
    const v = multipart({ amount: '1000', payerName: '张三' }, { name: 'v.png', data: png, type: 'image/png', field: 'voucher' });
    const r2 = await buyer.request({ method: 'POST', url: '/api/my/account/topups/transfer', payload: v.payload, headers: v.headers });
    expect(r2.statusCode, r2.body).toBe(413);
    expect(r2.json().error.code).toBe('IMAGE_TOO_MANY_PIXELS');
  });
});
