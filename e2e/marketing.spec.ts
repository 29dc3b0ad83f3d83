import { expect, test, type Page } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

/**
 * Promotions end to end: staff create 满 1000 减 50 for the tier 一级经销商 and publish it; a buyer of
 * that tier (C001) sees the hint below the threshold, reaches it, sees the discount in the cart and
 * on the order; a buyer of another tier (C002) sees nothing of it. The promotion is stopped at the
 * end so the specs after this one price as before.
 */
interface Sku { skuId: number; code: string; unitPrice: number; moq: number; orderMultiple: number; available: number | null; stockLevel: string | null }

/** A well-stocked SKU the signed-in buyer may order, and a quantity (meeting MOQ and multiple) worth about `target` fen. */
async function skuWorth(page: Page, target: number): Promise<{ skuId: number; qty: number; unitPrice: number }> {
  for (const q of ['KSF', 'NFSQ', 'TY', 'KO', 'YL', 'MN']) {
    const res = await page.request.get(`/api/cart/skus?q=${q}&limit=20`);
    for (const s of (await res.json()) as Sku[]) {
      if (s.unitPrice <= 0 || (s.stockLevel !== 'plenty' && (s.available ?? 0) < 200)) continue;
      const step = s.orderMultiple;
      const qty = Math.max(Math.ceil(s.moq / step) * step, Math.floor(target / s.unitPrice / step) * step);
      const worth = qty * s.unitPrice;
      // below ¥1000 once, at or above it twice
      if (worth >= 50_000 && worth < 100_000) return { skuId: s.skuId, qty, unitPrice: s.unitPrice };
    }
  }
  throw new Error('no SKU for the cart');
}

test('满 1000 减 50 for one tier: hint, threshold, discount in the cart and on the order; another tier sees nothing', async ({ browser }) => {
  const admin = await browser.newPage();
  await login(admin, 'admin');
  const mark = String(Date.now()).slice(-6);
  const name = `一级满减${mark}`;
  let promotionId: number | null = null;
  try {
    await admin.goto('/admin/marketing/promotions');
    await expect(admin.getByTestId('promotions-page')).toBeVisible();
    await admin.getByTestId('new-promotion').click();
    await admin.getByTestId('promotion-name').fill(name);
    await admin.getByTestId('promotion-tiers').click();
    await admin.getByTitle('一级经销商').click();
    await admin.keyboard.press('Escape');
    await shot(admin, 'marketing-promotion-editor');
    const created = admin.waitForResponse((r) => r.url().endsWith('/api/promotions') && r.request().method() === 'POST');
    await admin.getByRole('button', { name: /保存草稿/ }).click();
    promotionId = ((await (await created).json()) as { id: number }).id;
    const row = admin.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('满 ¥1000 减 ¥50');
    await row.getByTestId('publish').click();
    await expect(row.getByTestId('promotion-state')).toHaveText('进行中');
    await shot(admin, 'marketing-promotions-list');
    // the preview: customer C001 (一级经销商) and a SKU picked by code, 600 units (over ¥1000)
    const preview = admin.getByTestId('promotion-preview');
    await admin.getByTestId('preview-customer').click();
    await admin.keyboard.type('C001');
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'C001' }).first().click();
    // the SKU list refetches on every key: pick with the keyboard once the active option is a KSF SKU
    // (clicking the first visible option hung here once in CI, the list changing under the pointer)
    await admin.getByTestId('preview-sku-0').click();
    await admin.keyboard.type('KSF');
    await expect(admin.locator('.ant-select-item-option-active').filter({ hasText: 'KSF-' })).toBeVisible();
    await admin.keyboard.press('Enter');
    await expect(admin.getByTestId('preview-sku-0')).toContainText('KSF-');
    await admin.getByTestId('preview-qty-0').fill('600');
    await admin.getByTestId('preview-run').click();
    await expect(preview).toContainText(name);
    await expect(preview).toContainText('-¥50.00');
    await shot(admin, 'marketing-promotion-preview');

    // the buyer of 一级经销商: below the threshold, a hint
    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await login(page, 'buyer');
    await page.request.delete('/api/cart');
    const sku = await skuWorth(page, 60_000);
    expect((await page.request.post('/api/cart/lines', { data: { skuId: sku.skuId, qty: sku.qty } })).status()).toBe(200);
    await page.goto('/cart');
    await expect(page.getByTestId('promo-hint').filter({ hasText: name })).toContainText(/还差 ¥[\d.]+ 可享满 ¥1000 减 ¥50/);
    await shot(page, 'marketing-cart-hint-phone');
    // reach the threshold: the discount shows in the cart
    expect((await page.request.post('/api/cart/lines', { data: { skuId: sku.skuId, qty: sku.qty } })).status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId('promo-applied').filter({ hasText: name })).toContainText('-¥50.00');
    await expect(page.getByTestId('discount-total')).toContainText('-¥50.00');
    await shot(page, 'marketing-cart-discount-phone');
    await page.getByTestId('go-checkout').click();
    await expect(page.getByTestId('checkout-form')).toBeVisible();
    await expect(page.getByTestId('discount-total')).toContainText('-¥50.00');
    await page.getByTestId('submit-order').click();
    await expect(page.getByTestId('order-done')).toBeVisible();
    await page.getByRole('link', { name: /查看订单/ }).or(page.getByRole('button', { name: /查看订单/ })).first().click();
    await expect(page.getByTestId('order-discounts')).toContainText(name);
    await expect(page.getByTestId('order-discounts')).toContainText('-¥50.00');
    await shot(page, 'marketing-order-discount-phone');
    await ctx.close();

    // a buyer of 二级分销 with a cart over ¥1000: nothing
    const ctx2 = await browser.newContext({ viewport: PHONE });
    const other = await ctx2.newPage();
    await login(other, 'buyer2');
    await other.request.delete('/api/cart');
    const sku2 = await skuWorth(other, 60_000);
    await other.request.post('/api/cart/lines', { data: { skuId: sku2.skuId, qty: sku2.qty * 2 } });
    await other.goto('/cart');
    await expect(other.getByTestId('cart-line').first()).toBeVisible();
    await expect(other.getByTestId('promo-hint')).toHaveCount(0);
    await expect(other.getByTestId('discount-total')).toHaveCount(0);
    await shot(other, 'marketing-other-tier-cart-phone');
    await other.request.delete('/api/cart');
    await ctx2.close();
  } finally {
    if (promotionId) await admin.request.post(`/api/promotions/${promotionId}/stop`);
  }
});

test('the buyer\'s coupon page lists promotions, coupons to claim and the wallet', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer2');
  await page.goto('/coupons');
  await expect(page.getByTestId('wallet-page')).toBeVisible();
  const claim = page.getByRole('button', { name: /领\s*取/ }).first();
  // the lists load after the page: wait for the coupon to claim or the wallet's coupon before deciding
  await expect(claim.or(page.getByTestId('wallet-coupon')).first()).toBeVisible();
  if (await claim.isVisible() && await claim.isEnabled()) await claim.click();
  await expect(page.getByTestId('wallet-coupon').first()).toContainText('满 ¥500 减 ¥20');
  await shot(page, 'marketing-wallet-phone');
  await ctx.close();
});
