import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

test('admin reads the overview dashboard and the sales report by customer', async ({ page }) => {
  await login(page, 'admin');
  await page.getByRole('link', { name: '经营概况' }).first().click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByText('销售趋势')).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await shot(page, 'reports-dashboard');
  await page.getByRole('link', { name: '销售报表' }).first().click();
  await expect(page.getByRole('link', { name: /导\s*出/ })).toHaveAttribute('href', /sales\.xlsx\?from=\d{4}-\d{2}-\d{2}&to=.*groupBy=customer/);
  await shot(page, 'reports-sales');
});

test('a warehouse user has no reports menu', async ({ page }) => {
  await login(page, 'warehouse');
  await expect(page.getByRole('link', { name: '经营概况' })).toHaveCount(0);
});
