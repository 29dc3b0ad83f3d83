import { expect, test } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

interface DueItem { skuId: number; name: string; qtyText: string; unit: string; unitQty: number }

test('buyer on a phone sees 该补货了 on the home page and adds every due item to the cart in one tap', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  // start from an empty cart, so what the tap adds is exactly what the cart shows
  expect((await page.request.delete('/api/cart')).status()).toBe(200);
  const due = (await (await page.request.get('/api/my/reorders')).json()) as { items: DueItem[] };
  expect(due.items.length).toBeGreaterThan(0); // the demo seed gives the buyer a 14-day and a weekly rhythm
  await page.goto('/');
  const card = page.getByTestId('reorder-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText('该补货了');
  await expect(card.getByTestId('reorder-item')).toHaveCount(due.items.length);
  // the usual quantity in the unit the buyer orders in, e.g. "2 箱（48 罐）"
  await expect(card.getByTestId('reorder-qty').first()).toHaveText(/^\d+ \S+（\d+ \S+）$|^\d+ \S+$/);
  await shot(page, 'recommendations-home-phone');

  await card.getByTestId('reorder-add-all').click();
  await expect(page.getByText(`已加入 ${due.items.length} 种商品`)).toBeVisible();
  const cart = (await (await page.request.get('/api/cart')).json()) as { lines: { skuId: number; unit: string; unitQty: number }[] };
  for (const i of due.items) expect(cart.lines).toContainEqual(expect.objectContaining({ skuId: i.skuId, unit: i.unit, unitQty: i.unitQty }));

  // a second tap adds nothing more
  await card.getByTestId('reorder-add-all').click();
  await expect(page.getByText('这些商品已在购物车里')).toBeVisible();

  await page.getByTestId('tab-bar').getByText('购物车').click();
  await expect(page.getByTestId('cart-page')).toBeVisible();
  for (const i of due.items) await expect(page.getByTestId('cart-line').filter({ hasText: i.name }).first()).toBeVisible();
  await shot(page, 'recommendations-cart-phone');
  await page.request.delete('/api/cart');
  await ctx.close();
});

test('a product page shows 经常一起买 with the buyer\'s prices', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  // a product that has companions in the demo baskets
  let productId: number | null = null;
  for (let id = 1; id <= 60 && productId == null; id++) {
    const r = await page.request.get(`/api/my/products/${id}/recommendations`);
    if (r.ok() && ((await r.json()) as { together: unknown[] }).together.length > 0) productId = id;
  }
  expect(productId).not.toBeNull();
  await page.goto(`/products/${productId}`);
  const strip = page.getByTestId('reco-together');
  await strip.scrollIntoViewIfNeeded();
  await expect(strip).toContainText('经常一起买');
  await expect(strip.getByTestId('related-item').first()).toContainText('¥');
  await shot(page, 'recommendations-product-phone');
  await ctx.close();
});

test('a sales rep sees the reorder call list of their customers', async ({ page }) => {
  await login(page, 'sales');
  await page.goto('/admin/recommendations/calls');
  await expect(page.getByTestId('reco-calls')).toBeVisible();
  await expect(page.getByText('补货回访清单')).toBeVisible();
  await expect(page.getByTestId('call-state').first()).toBeVisible();
  await shot(page, 'recommendations-calls');
});
