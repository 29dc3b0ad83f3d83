import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, login, shot } from './helpers';

/**
 * Issue 22: a page on another port of the same host (same site: SameSite=Lax sends the cookie)
 * and a page on another site try to reset a staff password with the admin's session. Both are
 * refused (same site: 403 CSRF_REFUSED; cross site: the Lax cookie is not sent and the text/plain
 * body is a 415), and the password still works. The pages are served by a tiny server in the test.
 */
function servePage(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, close: () => new Promise((r) => srv.close(() => r())) })),
  );
}
const attackPage = (target: string) => `<!doctype html><html><body>
<form id="f" method="post" action="${target}" enctype="text/plain"><input name='{"a":"' value='"}'></form>
<p id="fetch">…</p>
<script>
fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })
  .then(() => { document.getElementById('fetch').textContent = 'sent'; }, (e) => { document.getElementById('fetch').textContent = 'blocked ' + e; });
</script></body></html>`;

test('a same-site page on another port and a cross-site page cannot reset a password with the admin’s cookie', async ({ page, baseURL }) => {
  await login(page, 'admin');
  const users = await page.request.get('/api/users?q=sales2');
  const victim = (await users.json()).items.find((u: { login: string }) => u.login === 'sales2');
  const target = `${baseURL}/api/users/${victim.id}/reset-password`;

  // same site, other port: 127.0.0.1:<other> → 127.0.0.1:<app>
  const same = await servePage(attackPage(target));
  const answers: number[] = [];
  page.on('response', (r) => {
    if (r.url() === target) answers.push(r.status());
  });
  await page.goto(same.url);
  await expect(page.locator('#fetch')).not.toHaveText('…');
  await page.goto(same.url);
  await Promise.all([page.waitForURL(target), page.locator("#f").evaluate((f) => (f as unknown as { submit(): void }).submit())]);
  await expect(page.locator('body')).toContainText('CSRF_REFUSED');
  await shot(page, 'security-csrf-same-site-refused');
  await same.close();

  // cross site: the page is opened as localhost, the app is 127.0.0.1
  const cross = await servePage(attackPage(target));
  await page.goto(cross.url.replace('127.0.0.1', 'localhost'));
  await Promise.all([page.waitForURL(target), page.locator("#f").evaluate((f) => (f as unknown as { submit(): void }).submit())]);
  await expect(page.locator('body')).toContainText(/CSRF_REFUSED|UNAUTHENTICATED|UNSUPPORTED_MEDIA_TYPE/);
  await cross.close();

  expect(answers.length).toBeGreaterThanOrEqual(2);
  expect(answers.every((s) => [401, 403, 415].includes(s))).toBe(true);
  // the demo password of sales2 still works: nothing was reset
  const check = await page.request.post('/api/auth/login', { data: { login: 'sales2', password: DEMO_PASSWORD } });
  expect(check.status()).toBe(200);
});
