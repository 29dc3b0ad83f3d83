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
