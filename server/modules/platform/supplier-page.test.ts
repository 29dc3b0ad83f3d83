import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../test/harness';

/**
 * The served web page carries the supplier's name (one request less on every first page): the
 * index.html the server sends for any page path has <meta name="ordo-supplier">, escaped, and the
 * name an admin saves is in the next page at once.
 */
let t: TestApp;
let admin: Client;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-web-'));
fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <title>Ordo 订货</title>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n');
const meta = (html: string) => /<meta name="ordo-supplier" content="([^"]*)">/.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp({ webDist: dist });
  admin = await t.as('admin');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('supplier name in the served page', () => {
  it('is empty until set; after PUT every page path carries it, HTML escaped', async () => {
    const first = await t.anon.get('/login');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/html');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(meta(first.body)).toBe('');
    const name = '杭州"鲜丰"<script>alert(1)</script> & Co\'s 🍎';
    expect((await admin.put('/api/supplier-profile', { name })).statusCode).toBe(200);
    for (const url of ['/login', '/admin/users', '/']) {
      const page = await t.anon.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(meta(page.body), url).toBe('杭州&#34;鲜丰&#34;&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co&#39;s 🍎');
      expect(page.body.indexOf('ordo-supplier')).toBeLessThan(page.body.indexOf('</head>'));
    }
    // a later name replaces it at once (the cached page is rebuilt on save)
    await admin.put('/api/supplier-profile', { name: '宁波港城商贸' });
    expect(meta((await t.anon.get('/login')).body)).toBe('宁波港城商贸');
    expect((await t.anon.get('/api/supplier-profile')).json()).toEqual({ name: '宁波港城商贸' });
  });

  it('is sent brotli or gzip compressed when the browser accepts it, and plain when it does not', async () => {
    await admin.put('/api/supplier-profile', { name: '温州瓯江副食品批发部' });
    const br = await t.anon.get('/orders', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(meta(zlib.brotliDecompressSync(br.rawPayload).toString())).toBe('温州瓯江副食品批发部');
    const gz = await t.anon.get('/orders', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(meta(zlib.gunzipSync(gz.rawPayload).toString())).toBe('温州瓯江副食品批发部');
    const plain = await t.anon.get('/orders', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(meta(plain.body)).toBe('温州瓯江副食品批发部');
    // a rename is in the next compressed page too
    await admin.put('/api/supplier-profile', { name: '台州椒江日化商行' });
    expect(meta(zlib.brotliDecompressSync((await t.anon.get('/', { 'accept-encoding': 'br' })).rawPayload).toString())).toBe('台州椒江日化商行');
  });
});
