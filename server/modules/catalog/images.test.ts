import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, createTestApp, type Client, type TestApp } from '../../test/harness';
import { seedCatalogFixtures, type CatalogFixtures } from '../../test/catalog-fixtures';
import { demoImage } from './seed';

let t: TestApp;
let admin: Client;
let buyer: Client;
let cf: CatalogFixtures;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-images-'));

function multipart(file: { name: string; data: Buffer; type: string }) {
  const boundary = '----ordo' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`),
    file.data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (c: Client, productId: number, file: { name: string; data: Buffer; type: string }) => {
  const m = multipart(file);
  return c.request({ method: 'POST', url: `/api/products/${productId}/images`, payload: m.payload, headers: m.headers });
};

beforeAll(async () => {
  t = await createTestApp({ config: { dataDir } });
  cf = await seedCatalogFixtures(t.database);
  [admin, buyer] = await Promise.all([t.as('admin'), t.as('buyerA')]);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('product images', () => {
  const water = () => cf.productIds['WATER-550']!;

  it('stores JPG/PNG/WebP re-encoded as WebP with a thumbnail, served with long cache headers', async () => {
    const png = await demoImage('农夫山泉', '天然矿泉水', '550ml×24', '#1677ff');
    const jpg = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#c00' } }).jpeg().toBuffer();
    const webp = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#0c0' } }).webp().toBuffer();
    const ids: string[] = [];
    for (const [data, name, type] of [[png, 'a.png', 'image/png'], [jpg, 'b.jpg', 'image/jpeg'], [webp, 'c.webp', 'image/webp']] as const) {
      const res = await upload(admin, water(), { name, data, type });
      expect(res.statusCode, res.body).toBe(200);
      ids.push(res.json().id);
    }
    const big = (await admin.get(`/api/products/${water()}`)).json().images[1];
    expect([big.width, big.height]).toEqual([1200, 800]);
    const img = await t.anon.get(big.url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/webp');
    expect(img.headers['cache-control']).toContain('immutable');
    expect((await sharp(img.rawPayload).metadata()).format).toBe('webp');
    const thumb = await t.anon.get(big.thumbUrl);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(360);
    expect((await t.anon.get(big.url, { 'if-none-match': String(img.headers.etag) })).statusCode).toBe(304);
    // the same picture twice is kept once
    await upload(admin, water(), { name: 'again.png', data: png, type: 'image/png' });
    expect((await buyer.get(`/api/catalog/products/${water()}`)).json().images.map((i: { id: string }) => i.id)).toEqual(ids);
    // reorder and remove
    const res = await admin.patch(`/api/products/${water()}`, { images: [ids[2], ids[0]] });
    expect(res.json().images.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[0]]);
    const hit = (await buyer.get('/api/catalog/search?q=kqs')).json().items[0];
    expect(hit.image.id).toBe(ids[2]);
  });

  it('refuses what is not an image, whatever its name, and oversized files', async () => {
    const before = await counts(t.db, ['products', 'audit_log']);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(2000, 7)]);
    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer();
    for (const [data, name] of [[exe, 'setup.png'], [fakePng, 'broken.png'], [svg, 'x.png'], [gif, 'x.gif'], [Buffer.alloc(0), 'empty.png']] as const) {
      const res = await upload(admin, water(), { name, data, type: 'image/png' });
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code).toBe('IMAGE_NOT_ALLOWED');
    }
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024 + 10, 1)]);
    expect((await upload(admin, water(), { name: 'huge.jpg', data: huge, type: 'image/jpeg' })).statusCode).toBe(413);
    const json = await admin.post(`/api/products/${water()}/images`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#00f' } }).png().toBuffer();
    expect((await upload(admin, 999999, { name: 'a.png', data: png, type: 'image/png' })).statusCode).toBe(404);
    expect((await upload(buyer, water(), { name: 'a.png', data: png, type: 'image/png' })).statusCode).toBe(403);
    expect(await counts(t.db, ['products', 'audit_log'])).toEqual(before);
    expect((await t.anon.get('/api/catalog/images/../../etc/passwd')).statusCode).toBe(404);
    expect((await t.anon.get(`/api/catalog/images/${'a'.repeat(32)}`)).statusCode).toBe(404);
    expect((await t.anon.get(`/api/catalog/images/${'a'.repeat(32)}?size=huge`)).statusCode).toBe(400);
  });
});
