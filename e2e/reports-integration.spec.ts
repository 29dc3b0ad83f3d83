import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

test('admin reads the overview dashboard and the sales report by customer', async ({ page }) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: '经营概况' }).first().click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByText('销售趋势')).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await shot(page, 'reports-dashboard');
  await page.getByRole('link', { name: '销售分析' }).first().click();
  await expect(page.getByTestId('report-export')).toHaveAttribute('href', /\/api\/reports\/analytics\/sales\/xlsx/);
  await shot(page, 'reports-sales');
});

test('a warehouse user has no reports menu', async ({ page }) => {
  await login(page, 'warehouse');
  await expect(page.getByRole('link', { name: '经营概况' })).toHaveCount(0);
});

test('admin subscribes a webhook and is shown its signing secret once', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/integration/webhooks');
  await page.getByRole('button', { name: /添加推送地址/ }).first().click();
  await page.getByRole('dialog').getByLabel('URL').fill('http://127.0.0.1:9/erp-hook');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('webhook-secret')).toContainText('whsec_');
  await shot(page, 'integration-webhook-secret');
});
