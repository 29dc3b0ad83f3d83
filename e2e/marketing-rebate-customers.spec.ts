import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

/**
 * A rebate rule for named customers: staff pick a customer by code in the rule editor (beside the
 * tiers), save, and the rules table says who takes part; the API holds the customer's id.
 */
test('staff name a customer on a new rebate rule', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/marketing/rebates');
  await expect(page.getByTestId('rebates-page')).toBeVisible();
  await page.getByTestId('new-rebate-rule').click();
  const name = `指定客户返利 ${Date.now() % 100000}`;
  await page.getByTestId('rule-name').fill(name);
  const pick = page.getByTestId('rule-customers');
  await pick.click();
  await pick.locator('input').fill('C001');
  const option = page.locator('.ant-select-item-option').filter({ hasText: 'C001' }).first();
  await expect(option).toBeVisible();
  await option.click();
  await expect(pick).toContainText('C001');
  await page.getByTestId('rule-name').click(); // closes the customer list
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await shot(page, 'marketing-rebate-rule-customers');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row.getByTestId('rule-audience')).toHaveText('1 个指定客户');
  await expect(page.getByRole('dialog')).toBeHidden();
  await shot(page, 'marketing-rebate-rules');
  const rules = (await (await page.request.get('/api/rebate-rules')).json()) as { name: string; audience: { companyIds?: number[] } }[];
  const customers = (await (await page.request.get('/api/customers?q=C001&pageSize=5')).json()) as { items: { id: number; code: string }[] };
  const c001 = customers.items.find((c) => c.code === 'C001')!;
  expect(rules.find((r) => r.name === name)?.audience.companyIds).toEqual([c001.id]);
});
