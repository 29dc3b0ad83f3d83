import { expect, test } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

test('buyer on a phone: search kqs, filter by brand, open a product, switch spec', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.getByTestId('tab-bar').getByText('商品').click();
  await expect(page.getByTestId('catalog-page')).toBeVisible();
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  await shot(page, 'catalog-portal-home');

  const box = page.getByTestId('catalog-search').locator('input');
  await box.fill('kqs');
  await box.press('Enter');
  await expect(page).toHaveURL(/q=kqs/);
  await expect(page.getByTestId('product-card').first()).toContainText('矿泉水');
  await shot(page, 'catalog-search-kqs');

  await page.getByTestId('filter-button').click();
  await page.getByTestId('brand-农夫山泉').click();
  await shot(page, 'catalog-filter-drawer');
  await page.getByTestId('filter-apply').click();
  await expect(page).toHaveURL(/brandId=/);
  const cards = page.getByTestId('product-card');
  await expect(cards.first()).toContainText('农夫山泉');
  for (const text of await cards.allInnerTexts()) expect(text).toContain('农夫山泉');
  await shot(page, 'catalog-filtered-brand');

  await cards.first().click();
  await expect(page.getByTestId('product-page')).toBeVisible();
  await expect(page.getByTestId('product-price')).toContainText('¥');
  await expect(page.getByTestId('gallery')).toBeVisible();
  await expect(page.getByTestId('stock-tag')).toBeVisible();
  await expect(page.getByTestId('product-actions')).toBeAttached();
  const code = await page.getByTestId('sku-code').innerText();
  await page.getByTestId('spec-option').nth(1).click();
  await expect(page.getByTestId('sku-code')).not.toHaveText(code);
  await shot(page, 'catalog-product-phone');
  await page.getByTestId('product-page').getByText('商品参数').scrollIntoViewIfNeeded();
  await shot(page, 'catalog-product-params-phone');
  await ctx.close();
});

test('buyer gets suggestions while typing and browses categories on a desktop', async ({ page }) => {
  await login(page, 'buyer');
  await page.goto('/catalog');
  await page.getByTestId('catalog-search').locator('input').fill('康师');
  await expect(page.getByTestId('suggestion').first()).toBeVisible();
  await shot(page, 'catalog-suggest');
  await page.getByTestId('suggestion').filter({ hasText: '品牌：康师傅' }).click();
  await expect(page).toHaveURL(/brandId=/);
  await expect(page.getByTestId('product-card').first()).toContainText('康师傅');
  await page.goto('/catalog');
  await page.getByTestId('category-chips').getByText('乳品').click();
  await expect(page).toHaveURL(/categoryId=/);
  await page.getByText('酸奶', { exact: true }).click();
  await expect(page.getByTestId('product-card').first()).toContainText(/酸奶|纯甄|安慕希|简醇|开啡尔/);
  await shot(page, 'catalog-category-desktop');
  await page.getByTestId('product-card').first().click();
  await expect(page.getByTestId('product-price')).toBeVisible();
  await expect(page.getByTestId('gallery').locator('img').first()).toHaveJSProperty('complete', true);
  await shot(page, 'catalog-product-desktop');
});

test('the product page shows the buyer\'s quantity-break prices', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  // find a product whose first SKU has breaks for this buyer (the demo price lists give many)
  const res = await page.request.get('/api/catalog/search?pageSize=60&sort=newest');
  let target: number | null = null;
  for (const hit of (await res.json()).items as { id: number }[]) {
    const p = await (await page.request.get(`/api/catalog/products/${hit.id}`)).json();
    const price = await (await page.request.get(`/api/my/prices/${p.skus[0].id}`)).json();
    if (price.breaks?.length > 1) { target = hit.id; break; }
  }
  expect(target).not.toBeNull();
  await page.goto(`/products/${target}`);
  await expect(page.getByTestId('break-table')).toBeVisible();
  await expect(page.getByTestId('gallery').locator('img').first()).toHaveJSProperty('complete', true);
  await shot(page, 'catalog-product-breaks-phone');
  await ctx.close();
});
