import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

/** After-sales settings (window, time targets, reasons) and the after-sales report, as the admin. */
test('the admin sets the time targets and adds a reason; the buyer can choose it', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/aftersales/settings');
  await page.getByLabel('售后处理时限').fill('36');
  await page.getByTestId('aftersales-settings-save').click();
  await expect(page.getByText('操作成功')).toBeVisible();
  expect((await (await page.request.get('/api/aftersales/settings')).json()).slaHours).toBe(36);
  await page.getByLabel('中文名称').fill('包装不合格 7');
  await page.getByLabel('英文名称').fill('Packaging 7');
  await page.getByTestId('aftersales-reason-add').click();
  await expect(page.getByText('包装不合格 7', { exact: true })).toBeVisible();
  await shot(page, 'aftersales-settings');
  const reasons = (await (await page.request.get('/api/aftersales/reasons')).json()) as { nameZh: string; active: boolean }[];
  expect(reasons.find((r) => r.nameZh === '包装不合格 7')?.active).toBe(true);
});

test('the after-sales report by reason, product and customer', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/aftersales/report');
  const table = page.getByTestId('aftersales-report');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await expect(table).toContainText('商品破损');
  await expect(table.locator('.ant-table-summary')).toContainText('¥');
  await shot(page, 'aftersales-report-reason');
  await page.getByTestId('aftersales-report-group').getByText('按商品').click();
  await expect(table.locator('thead')).toContainText('按商品');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await page.getByTestId('aftersales-report-group').getByText('按客户').click();
  await expect(table.locator('thead')).toContainText('按客户');
  await shot(page, 'aftersales-report-customer');
});
