import { expect, test, type Page } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

/** `available` is the number only for staff or when the supplier shows exact stock; customers otherwise get a level. */
interface Sku { code: string; moq: number; orderMultiple: number; available: number | null; stockLevel: 'plenty' | 'low' | 'out' | null }

/** Orderable demo SKUs for the signed-in customer: in stock, with a quantity that meets MOQ and multiple. */
async function orderableSkus(page: Page, n: number): Promise<{ code: string; qty: number }[]> {
  const out: { code: string; qty: number }[] = [];
  for (const q of ['KSF', 'NFSQ', 'TY', 'KO', 'YL', 'MN', 'HT', 'WW']) {
    const res = await page.request.get(`/api/cart/skus?q=${q}&limit=20`);
    for (const s of (await res.json()) as Sku[]) {
      const qty = Math.ceil(Math.max(s.moq, 1) / s.orderMultiple) * s.orderMultiple;
      const enough = s.available != null ? s.available >= qty * 2 : s.stockLevel === 'plenty' && qty * 2 <= 20;
      if (enough && !out.some((o) => o.code === s.code)) out.push({ code: s.code, qty });
      if (out.length >= n) return out;
    }
  }
  return out;
}

test('buyer on a phone finds a product, adds it to the cart, checks out and sees the order number', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.getByTestId('tab-bar').getByText('购物车').click();
  await expect(page.getByTestId('cart-page')).toBeVisible();
  // start from an empty cart so the order is exactly what this test adds
  await expect(page.getByTestId('cart-line').first()).toBeVisible(); // the demo left a few lines in the cart
  await page.getByRole('button', { name: /清\s*空/ }).click();
  await expect(page.getByText('购物车是空的')).toBeVisible();

  await page.getByTestId('tab-bar').getByText('商品').click();
  const box = page.getByTestId('catalog-search').locator('input');
  await box.fill('kqs');
  await box.press('Enter');
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  const cards = page.getByTestId('product-card');
  for (let i = 0; i < 6; i++) {
    await cards.nth(i).click();
    await expect(page.getByTestId('product-page')).toBeVisible();
    if (!(await page.getByTestId('stock-tag').innerText()).includes('缺货')) break;
    await page.goBack();
  }
  const add = page.getByTestId('add-to-cart');
  await expect(add).toBeVisible();
  await add.getByRole('spinbutton').fill('2');
  await shot(page, 'cart-add-from-product-phone');
  await add.getByRole('button', { name: /加入购物车/ }).click();
  await expect(page.getByText('已加入购物车').first()).toBeVisible();
  await expect(page.getByTestId('cart-badge')).toContainText('1');

  await page.getByTestId('tab-bar').getByText('购物车').click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  const qty = page.getByTestId('cart-line').getByRole('spinbutton');
  await qty.fill('3');
  await qty.blur();
  // stock as the supplier shows it: a level (the demo's setting) or the number
  await expect(page.getByTestId('cart-line')).toContainText(/充足|紧张|可订/);
  await expect(page.getByTestId('totals')).toContainText('¥');
  await shot(page, 'cart-page-phone');
  await page.getByTestId('go-checkout').click();
  await expect(page.getByTestId('checkout-form')).toBeVisible();
  await expect(page.getByTestId('address-option').first()).toBeVisible();
  await page.getByLabel('采购单号 / 参考号').fill('PO-E2E-001');
  await shot(page, 'cart-checkout-phone');
  await page.getByTestId('submit-order').click();
  await expect(page.getByTestId('order-done')).toBeVisible();
  await expect(page.getByTestId('order-number')).toHaveText(/^SO\d{8}-\d{4}$/);
  await shot(page, 'cart-order-done-phone');
  await expect(page.getByTestId('cart-badge')).not.toContainText(/[1-9]/);
  await ctx.close();
});

test('buyer pastes 20 rows with 2 bad ones, sees why, fixes them and adds them', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.request.delete('/api/cart');
  const skus = await orderableSkus(page, 19);
  expect(skus.length).toBe(19);
  const rows = skus.slice(0, 18).map((s) => `${s.code}\t${s.qty}`);
  rows.splice(5, 0, 'NOPE-404\t3');
  rows.splice(12, 0, `${skus[18]!.code}\t1.5`);
  await page.getByTestId('tab-bar').getByText('快速订货').click();
  await expect(page.getByTestId('quick-page')).toBeVisible();
  await page.getByTestId('paste-box').fill(['编码\t数量', ...rows].join('\n'));
  await page.getByTestId('paste-add').click();
  await expect(page.getByTestId('quick-error')).toHaveCount(2);
  await expect(page.getByTestId('quick-error').first()).toContainText('NOPE-404');
  await expect(page.getByTestId('quick-error').nth(1)).toContainText('1.5');
  await expect(page.getByTestId('to-cart')).toBeVisible();
  await shot(page, 'cart-quick-paste-errors-phone');

  // fix: the unknown code becomes a real one, the fractional quantity a whole number
  const grid = page.getByTestId('quick-row');
  await grid.nth(0).getByTestId('quick-code').locator('input').fill(skus[18]!.code.toLowerCase());
  await grid.nth(0).getByTestId('quick-qty').fill(String(skus[18]!.qty));
  await grid.nth(1).getByTestId('quick-qty').fill(String(skus[18]!.qty));
  await page.getByTestId('quick-add').click();
  await expect(page.getByTestId('quick-error')).toHaveCount(0);
  await shot(page, 'cart-quick-fixed-phone');
  await page.getByTestId('to-cart').click();
  await expect(page.getByTestId('cart-line')).toHaveCount(19);
  await expect(page.getByTestId('line-problem')).toHaveCount(0);
  await shot(page, 'cart-after-quick-phone');
  await ctx.close();
});

test('buyer keeps a draft and a template, and resumes the draft', async ({ page }) => {
  await login(page, 'buyer');
  const skus = await orderableSkus(page, 3);
  await page.request.post('/api/cart/quick', { data: { rows: skus.map((s) => ({ code: s.code, qty: String(s.qty) })) } });
  await page.goto('/cart');
  await expect(page.getByTestId('cart-line').first()).toBeVisible();
  await page.getByRole('button', { name: /暂\s*存/ }).click();
  await page.getByPlaceholder('草稿名称').fill('E2E 暂存单');
  await page.getByRole('button', { name: /OK|确\s*定/ }).click();
  await expect(page.getByText('购物车是空的')).toBeVisible();
  await page.goto('/cart/saved');
  await expect(page.getByTestId('saved-drafts').filter({ hasText: 'E2E 暂存单' })).toBeVisible();
  await shot(page, 'cart-saved-desktop');
  await page.getByTestId('saved-drafts').filter({ hasText: 'E2E 暂存单' }).getByRole('button', { name: /继续编辑/ }).click();
  await expect(page.getByTestId('cart-page')).toBeVisible();
  await expect(page.getByTestId('cart-line').first()).toBeVisible();
  await shot(page, 'cart-page-desktop');
  await page.goto('/cart/frequent');
  await expect(page.getByTestId('frequent-page')).toBeVisible();
  await shot(page, 'cart-frequent-desktop');
});

test('a sales rep orders on behalf of their customer (代客下单)', async ({ page }) => {
  await login(page, 'sales');
  await page.goto('/admin/orders/on-behalf');
  await expect(page.getByTestId('on-behalf-page')).toBeVisible();
  await page.getByTestId('customer-pick').click();
  await page.keyboard.type('C003');
  await page.locator('.ant-select-item-option').filter({ hasText: 'C003' }).first().click();
  await expect(page.getByText(/正在为 C003/)).toBeVisible();
  await page.request.delete(`/api/cart?customerId=${await customerId(page, 'C003')}`);
  const [sku] = await orderableSkusFor(page, 'C003');
  const row = page.getByTestId('quick-row').first();
  await row.getByTestId('quick-code').locator('input').fill(sku!.code);
  await page.locator('.ant-select-item-option').filter({ hasText: sku!.code }).first().click();
  await row.getByTestId('quick-qty').fill(String(sku!.qty));
  await page.getByTestId('quick-add').click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await shot(page, 'cart-on-behalf-cart');
  await page.getByTestId('go-checkout').click();
  await expect(page.getByTestId('checkout-form')).toBeVisible();
  await shot(page, 'cart-on-behalf-checkout');
  await page.getByTestId('submit-order').click();
  await expect(page.getByTestId('order-done')).toBeVisible();
  await expect(page.getByTestId('order-number')).toHaveText(/^SO\d{8}-\d{4}$/);
  await shot(page, 'cart-on-behalf-done');
});

async function customerId(page: Page, code: string): Promise<number> {
  const r = await page.request.get(`/api/customers?q=${code}`);
  return ((await r.json()) as { items: { id: number; code: string }[] }).items.find((c) => c.code === code)!.id;
}

async function orderableSkusFor(page: Page, code: string) {
  const id = await customerId(page, code);
  const res = await page.request.get(`/api/cart/skus?q=KSF&limit=20&customerId=${id}`);
  return ((await res.json()) as Sku[]).filter((s) => (s.available ?? 0) > 50).map((s) => ({ code: s.code, qty: Math.ceil(Math.max(s.moq, 1) / s.orderMultiple) * s.orderMultiple }));
}
