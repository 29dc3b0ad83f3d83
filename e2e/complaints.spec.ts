import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { login, PHONE, shot } from './helpers';

/**
 * Complaints (投诉) in a real browser: a buyer on a phone files one with a photo; the admin finds
 * it in the inbox, assigns it, replies and marks it resolved; the buyer reads the reply and closes
 * it. Overdue marks (超时) show on the staff home, in the after-sales queue and the inbox.
 */
test.describe.configure({ mode: 'serial' });
let complaintId = '';
const photo = async () => ({ name: 'damage.jpg', mimeType: 'image/jpeg', buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 200 } } }).jpeg().toBuffer() });

test('a buyer on a phone files a complaint with a photo', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.goto('/complaints');
  await page.getByTestId('complaint-new').click();
  await expect(page).toHaveURL(/\/complaints\/new/);
  await page.getByLabel('标题').fill('送货员未按约定时间送达 2607');
  await page.getByLabel('问题描述').fill('约定上午送达，下午四点才到，冷柜商品已经化了');
  await shot(page, 'complaint-phone-new');
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page).toHaveURL(/\/complaints\/\d+$/);
  complaintId = page.url().split('/').pop()!;
  await expect(page.getByTestId('complaint-status')).toHaveText('待处理');
  await page.locator('input[type=file]').setInputFiles(await photo());
  await expect(page.getByTestId('aftersales-photo')).toHaveCount(1);
  await expect.poll(() => page.getByTestId('aftersales-photo').locator('img').evaluate((i) => { const img = i as unknown as { complete: boolean; naturalWidth: number }; return img.complete && img.naturalWidth > 0; })).toBe(true);
  await shot(page, 'complaint-phone-filed');
  await ctx.close();
});

test('the admin assigns, replies and resolves it from the inbox', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/complaints');
  await expect(page.getByRole('link', { name: /^TS\d{8}-\d{4}$/ }).first()).toBeVisible();
  await shot(page, 'complaint-admin-inbox');
  await page.goto(`/admin/complaints/${complaintId}`);
  await expect(page.getByTestId('complaint-message')).toHaveCount(1);
  await expect(page.getByTestId('aftersales-photo')).toHaveCount(1);
  await page.getByTestId('complaint-assignee').click();
  await page.locator('.ant-select-item-option').first().click();
  await expect(page.getByTestId('complaint-assignee')).not.toContainText('未分派');
  await page.getByLabel('回复').fill('非常抱歉，已安排补送并为您申请补偿');
  await page.getByTestId('complaint-send').click();
  await expect(page.getByTestId('complaint-status')).toHaveText('已回复');
  await expect(page.getByTestId('complaint-message')).toHaveCount(2);
  await page.getByTestId('complaint-resolve').click();
  await expect(page.getByTestId('complaint-status')).toHaveText('已解决');
  await shot(page, 'complaint-admin-detail');
});

test('the buyer reads the reply (notice in the bell) and closes the complaint', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  const bell = (await (await page.request.get('/api/notifications?pageSize=50')).json()) as { items: { kind: string; link: string }[] };
  expect(bell.items.some((n) => n.kind === 'complaint.reply' && n.link === `/complaints/${complaintId}`)).toBe(true);
  await page.goto(`/complaints/${complaintId}`);
  await expect(page.getByTestId('complaint-status')).toHaveText('已解决');
  await expect(page.getByText('非常抱歉，已安排补送并为您申请补偿')).toBeVisible();
  await page.getByTestId('complaint-close').click();
  await expect(page.getByTestId('complaint-status')).toHaveText('已关闭');
  await expect(page.getByTestId('complaint-send')).toHaveCount(0);
  await shot(page, 'complaint-phone-closed');
  await page.goto('/complaints');
  await expect(page.getByTestId('my-complaint').first()).toBeVisible();
  await shot(page, 'complaint-phone-list');
  await ctx.close();
});

test('overdue marks: the staff home counts them; the queue and the inbox mark them 超时', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin');
  const card = page.getByTestId('todo-aftersalesOverdue');
  await expect(card).toContainText('售后超时');
  await expect(page.getByTestId('todo-complaintsOverdue')).toContainText('投诉超时');
  await shot(page, 'aftersales-todo-overdue');
  await card.click();
  await expect(page).toHaveURL(/\/admin\/aftersales\?overdue=1/);
  await expect(page.getByTestId('aftersales-overdue-filter')).toBeVisible();
  await expect(page.getByTestId('aftersales-overdue').first()).toHaveText('超时');
  await shot(page, 'aftersales-queue-overdue');
  await page.goto('/admin/complaints?overdue=1');
  await expect(page.getByTestId('aftersales-overdue').first()).toHaveText('超时');
});
