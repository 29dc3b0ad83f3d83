import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { login, PHONE, shot } from './helpers';

/**
 * After-sales in a real browser: a buyer on a phone returns 2 damaged bottles from a received
 * order; the admin approves, the warehouse receives them (1 to stock, 1 to the quarantine
 * warehouse) and finance refunds to the prepaid balance; the buyer sees the request completed.
 */
test.describe.configure({ mode: 'serial' });
let requestId = '';
let number = '';

const statusTag = (page: Page) => page.getByTestId('aftersales-status').first();
const noCodes = async (page: Page) => {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/aftersales\.|return_refund|refund_only|ship_back|[a-z]+_[a-z]+\b(?![\w@.-])/);
};

test('a buyer on a phone applies for a return from a received order', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  // a received order of this buyer with something left to request
  const orders = (await (await page.request.get('/api/my/orders?status=delivered,completed&pageSize=50')).json()) as { items: { id: number }[] };
  let orderId = 0;
  for (const o of orders.items) {
    const opt = await (await page.request.get(`/api/my/orders/${o.id}/aftersales-options`)).json();
    if (opt.windowOpen && opt.lines.some((l: { availableQty: number }) => l.availableQty >= 2)) { orderId = o.id; break; }
  }
  expect(orderId, 'a received order with goods left to return').toBeGreaterThan(0);
  await page.goto(`/orders/${orderId}`);
  await page.getByTestId('apply-aftersales').click();
  await expect(page).toHaveURL(/\/aftersales\/new\?orderId=/);
  await expect(page.getByText('退货退款')).toBeVisible();
  await page.getByTestId('aftersales-reason').click();
  await page.getByTitle('商品破损').click();
  const line = page.getByTestId('aftersales-apply-line').filter({ has: page.getByRole('spinbutton', { disabled: false }) }).first();
  await line.getByRole('spinbutton').fill('2');
  await line.getByRole('spinbutton').blur();
  await expect(line.getByText(/^= 2 /)).toBeVisible();
  await page.getByLabel('问题描述').fill('外箱压坏，两瓶漏液');
  // a photo from the camera (a file chooser in the test)
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 180, g: 60, b: 40 } } }).jpeg().toBuffer();
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await shot(page, 'aftersales-phone-apply');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page).toHaveURL(/\/aftersales\/\d+$/);
  requestId = page.url().split('/').pop()!;
  await expect(statusTag(page)).toHaveText('待审核');
  number = (await page.locator('.ant-card-head-title').first().innerText()).split(/\s/)[0]!;
  expect(number).toMatch(/^SH\d{8}-\d{4}$/);
  await expect(page.getByTestId('aftersales-line-qty').first()).toHaveText(/× 2 /);
  await expect(page.getByTestId('aftersales-photo')).toHaveCount(1);
  await expect.poll(() => page.getByTestId('aftersales-photo').locator('img').evaluate((i) => { const img = i as unknown as { complete: boolean; naturalWidth: number }; return img.complete && img.naturalWidth > 0; })).toBe(true);
  await noCodes(page);
  await shot(page, 'aftersales-phone-submitted');
  await ctx.close();
});

test('the admin approves it from the queue', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/aftersales');
  await expect(page.getByRole('link', { name: number })).toBeVisible();
  await shot(page, 'aftersales-admin-queue');
  await page.getByRole('link', { name: number }).click();
  await expect(statusTag(page)).toHaveText('待审核');
  // the staff see the buyer's photo as a thumbnail
  await expect(page.getByTestId('aftersales-photo')).toHaveCount(1);
  await page.getByTestId('aftersales-photos').scrollIntoViewIfNeeded();
  await shot(page, 'aftersales-admin-photo');
  await page.getByTestId('aftersales-event-approve').click();
  await expect(statusTag(page)).toHaveText('已同意');
});

test('the warehouse receives it: 1 to stock, 1 defective to quarantine', async ({ page }) => {
  await login(page, 'warehouse');
  await page.goto(`/admin/aftersales/${requestId}`);
  await page.getByTestId('aftersales-event-receive').click();
  const dialog = page.getByRole('dialog');
  const inspect = dialog.getByTestId('aftersales-inspect-line').first();
  await expect(inspect.getByRole('spinbutton').first()).toHaveValue('2');
  await inspect.getByRole('spinbutton').nth(0).fill('1');
  await inspect.getByRole('spinbutton').nth(1).fill('1');
  await shot(page, 'aftersales-warehouse-inspect');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(statusTag(page)).toHaveText('已收货验货');
  await expect(page.getByText('验收：入库 1，次品 1，拒收 0')).toBeVisible();
  const mv = await (await page.request.get(`/api/inventory/movements?documentType=aftersales&documentId=${requestId}`)).json();
  expect(mv.items.map((m: { qty: number; documentNo: string }) => [m.qty, m.documentNo])).toEqual([[1, number], [1, number]]);
});

test('finance refunds to the balance; the buyer sees it done', async ({ page, browser }) => {
  await login(page, 'finance');
  await page.goto(`/admin/aftersales/${requestId}`);
  await page.getByTestId('aftersales-event-refund').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/最多可退 ¥/)).toBeVisible();
  await shot(page, 'aftersales-finance-refund');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(statusTag(page)).toHaveText('已完成');
  await expect(page.getByTestId('aftersales-refund')).toContainText('已退款');
  await noCodes(page);
  await shot(page, 'aftersales-admin-completed');

  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const phone = await ctx.newPage();
  await login(phone, 'buyer');
  await phone.goto(`/aftersales/${requestId}`);
  await expect(statusTag(phone)).toHaveText('已完成');
  // paid orders get money back to the balance; unpaid credit orders get a credit note off the receivable
  await expect(phone.getByTestId('aftersales-refund')).toContainText(/预存款余额|冲减应收/);
  await noCodes(phone);
  await shot(phone, 'aftersales-phone-completed');
  await phone.goto('/aftersales');
  await expect(phone.getByTestId('my-aftersales').filter({ hasText: number })).toBeVisible();
  await shot(phone, 'aftersales-phone-list');
  await ctx.close();
});
