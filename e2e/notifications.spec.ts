import { expect, test } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

test('staff bell shows the unread count, lists messages and marks all read', async ({ page }) => {
  await login(page, 'warehouse');
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toBeVisible();
  await expect(page.locator('.ant-badge-count').first()).toHaveText(/^[1-9]/);
  await bell.click();
  // newest first: with the demo order history the warehouse sees order notices on top
  await expect(page.getByTestId('notification-list')).toContainText(/待发货|欢迎使用 Ordo 订货系统/);
  await page.waitForTimeout(400); // let the popover finish opening
  await shot(page, 'notifications-bell-staff');
  await page.getByRole('button', { name: '全部已读' }).click();
  await expect(page.locator('.ant-badge-count')).toHaveCount(0);
});

test('customer bell works on a phone', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-list')).toContainText(/订单|欢迎使用在线订货/);
  await page.waitForTimeout(400);
  await shot(page, 'notifications-bell-portal-phone');
  await ctx.close();
});

test('a new notice reaches the open bell within seconds, without a reload or a poll (live stream)', async ({ browser }) => {
  const staffCtx = await browser.newContext();
  const customerCtx = await browser.newContext();
  const staff = await staffCtx.newPage();
  await login(staff, 'sales');
  expect((await staff.request.post('/api/notifications/read-all')).ok()).toBe(true);
  const stream = staff.waitForResponse((r) => r.url().endsWith('/api/notifications/stream'));
  await staff.goto('/admin/orders');
  await stream;
  const badge = staff.locator('.ant-badge', { has: staff.getByTestId('notification-bell') }).locator('.ant-badge-count');
  await expect(badge).toHaveCount(0);
  // A reload would lose this mark; polls of the count would show up as requests.
  await staff.evaluate(() => { (globalThis as unknown as { liveMark: number }).liveMark = 1; });
  const polls: string[] = [];
  staff.on('request', (r) => { if (r.url().includes('/api/notifications/unread-count')) polls.push(r.url()); });

  // The customer admin of 华东 C001 (whose sales rep is `sales`) submits an order: the rep is told.
  const owner = await customerCtx.newPage();
  await login(owner, 'owner');
  const sku = ((await (await owner.request.get('/api/cart/skus?q=NFSQ&limit=20')).json()) as { code: string; moq: number; orderMultiple: number; stockLevel: string | null; available: number | null }[])
    .find((s) => (s.available ?? 0) > 50 || s.stockLevel === 'plenty')!;
  const qty = Math.ceil(Math.max(sku.moq, 1) / sku.orderMultiple) * sku.orderMultiple;
  await owner.request.delete('/api/cart');
  expect((await owner.request.post('/api/cart/quick', { data: { rows: [{ code: sku.code, qty: String(qty) }] } })).ok()).toBe(true);
  const preview = (await (await owner.request.get('/api/cart/checkout')).json()) as { addresses: { id: number; isDefault: boolean }[] };
  const sent = Date.now();
  const sub = await owner.request.post('/api/cart/submit', {
    headers: { 'idempotency-key': `e2e-bell-${Date.now()}` },
    data: { addressId: (preview.addresses.find((a) => a.isDefault) ?? preview.addresses[0]!).id, note: '实时通知 1' },
  });
  expect(sub.ok(), await sub.text()).toBe(true);
  const number = ((await sub.json()) as { order: { number: string } }).order.number;

  await expect(badge).toHaveText(/^[1-9]/, { timeout: 5_000 });
  console.log(`bell: notice shown ${Date.now() - sent} ms after the order was submitted`);
  expect(await staff.evaluate(() => (globalThis as unknown as { liveMark?: number }).liveMark)).toBe(1);
  expect(polls).toEqual([]);
  await staff.getByTestId('notification-bell').click();
  await expect(staff.getByTestId('notification-list')).toContainText(number);
  await staff.waitForTimeout(400);
  await shot(staff, 'notifications-bell-live');
  await staffCtx.close();
  await customerCtx.close();
});
