import { expect, test } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

/**
 * Search tuning end to end: a buyer's search finds nothing and gets help; the supplier sees the
 * query in the zero-result report, adds it as a synonym in one click, and the buyer's next
 * search finds the products. Brand aliases are edited on the brand.
 */
const QUERY = '矿泉水壶盖子';

test('a zero-result search is helped, reported, and answered by a synonym', async ({ browser }) => {
  const buyerCtx = await browser.newContext({ viewport: PHONE });
  const buyer = await buyerCtx.newPage();
  await login(buyer, 'buyer');
  await buyer.goto(`/catalog?q=${encodeURIComponent(QUERY)}`);
  await expect(buyer.getByTestId('search-empty')).toBeVisible();
  await expect(buyer.getByTestId('did-you-mean').or(buyer.getByTestId('near-categories')).first()).toBeVisible();
  await expect(buyer.getByText('以下是相近的结果')).toHaveCount(0);
  await shot(buyer, 'search-zero-result-help');

  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  await admin.goto('/admin/catalog/search');
  const misses = admin.getByTestId('search-misses');
  const row = misses.locator('tr', { hasText: QUERY });
  await expect(row).toBeVisible();
  await shot(admin, 'search-misses-report');
  await row.getByTestId('miss-add-synonym').click();
  const words = admin.getByTestId('synonym-words');
  await expect(words).toContainText(QUERY);
  await words.locator('input').fill('矿泉水');
  await words.locator('input').press('Enter');
  await shot(admin, 'search-add-synonym');
  await admin.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(admin.getByText('已保存')).toBeVisible();
  await expect(admin.getByRole('dialog')).toBeHidden();
  await expect(admin.getByTestId('synonym-table')).toContainText(QUERY);
  await shot(admin, 'search-synonyms');

  await buyer.goto(`/catalog?q=${encodeURIComponent(QUERY)}`);
  await expect(buyer.getByTestId('product-card').first()).toContainText('矿泉水');

  await admin.goto('/admin/catalog/brands');
  await admin.getByRole('row', { name: /农夫山泉/ }).getByRole('button', { name: /编\s*辑/ }).click();
  const aliases = admin.getByTestId('brand-aliases');
  await aliases.locator('input').fill('农夫');
  await aliases.locator('input').press('Enter');
  await shot(admin, 'search-brand-aliases');
  await admin.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(admin.getByText('已保存')).toBeVisible();
  await buyerCtx.close();
  await adminCtx.close();
});
