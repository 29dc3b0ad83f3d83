import { expect, test, type Page } from '@playwright/test';
import { fitsThePhone, login, PHONE, shot } from './helpers';

/**
 * Rebates and points end to end on the demo data (server/modules/marketing/seed.ts): finance opens
 * last quarter's settlement of 季度采购返利 and approves C002's pending rebate; the buyer of C001
 * (phone) sees its rebate balance, this quarter's progress and its points, then at checkout picks
 * the coupon by hand (none, then the coupon by name), switches the rebate deduction on (capped at 10% of the order) and submits;
 * the order shows 返利抵扣 and the rebate ledger the spend.
 */
interface Sku { skuId: number; unitPrice: number; moq: number; orderMultiple: number; available: number | null; stockLevel: string | null }

async function skuWorth(page: Page, min: number, max: number): Promise<{ skuId: number; qty: number; worth: number }> {
  for (const q of ['KSF', 'NFSQ', 'TY', 'KO', 'YL', 'MN']) {
    const res = await page.request.get(`/api/cart/skus?q=${q}&limit=20`);
    for (const s of (await res.json()) as Sku[]) {
      if (s.unitPrice <= 0 || (s.stockLevel !== 'plenty' && (s.available ?? 0) < 200)) continue;
      const step = s.orderMultiple;
      const qty = Math.max(Math.ceil(s.moq / step) * step, Math.floor(((min + max) / 2) / s.unitPrice / step) * step);
      const worth = qty * s.unitPrice;
      if (worth >= min && worth < max) return { skuId: s.skuId, qty, worth };
    }
  }
  throw new Error('no SKU for the cart');
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

test('finance approves a quarter\'s rebate; the buyer sees balance and progress, deducts rebate at checkout with a coupon chosen by hand', async ({ browser }) => {
  const finance = await browser.newPage();
  await login(finance, 'finance');
  await finance.goto('/admin/marketing/rebates');
  await expect(finance.getByTestId('rebates-page')).toBeVisible();
  const rule = finance.getByRole('row').filter({ hasText: '季度采购返利' });
  await expect(rule).toContainText('满 ¥1000 返 2%');
  // the seed settled last quarter from the demo's received orders (seed.test.ts checks the sums)
  const settled = (await (await finance.request.get('/api/rebate-settlements')).json()) as { customerCode: string; sales: number; amount: number; status: string }[];
  const pending2 = settled.find((r) => r.customerCode === 'C002' && r.status === 'pending')!;
  expect(pending2.amount).toBeGreaterThan(0);
  await rule.getByTestId('open-settlement').click();
  const drawer = finance.getByTestId('settlement-drawer');
  await expect(drawer.getByRole('row').filter({ hasText: 'C001' }).getByTestId('settlement-status')).toHaveText('已入账');
  const c2 = drawer.getByRole('row').filter({ hasText: 'C002' });
  await expect(c2.getByTestId('settlement-status')).toHaveText('待审批');
  await expect(c2.getByTestId('settlement-amount')).toHaveText(yuan(pending2.amount));
  await shot(finance, 'marketing-rebate-settlement');
  await c2.getByTestId('approve-settlement').click();
  await finance.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(c2.getByTestId('settlement-status')).toHaveText('已入账');

  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.goto('/funds');
  await expect(page.getByTestId('funds-page')).toBeVisible();
  const balance = (await (await page.request.get('/api/my/rebates')).json()) as { balance: number };
  expect(balance.balance).toBeGreaterThan(0);
  await expect(page.getByTestId('rebate-balance')).toContainText(yuan(balance.balance).slice(1));
  await expect(page.getByTestId('rebate-progress')).toContainText('季度采购返利');
  await expect(page.getByTestId('points-balance')).toBeVisible();
  await fitsThePhone(page, 'funds page');
  await shot(page, 'marketing-funds-phone');

  // a coupon in the wallet (the demo's claimable 满 ¥500 减 ¥20), a cart of ¥600–¥900
  const claimable = (await (await page.request.get('/api/my/coupons/claimable')).json()) as { id: number; canClaim: boolean }[];
  for (const c of claimable.filter((x) => x.canClaim)) await page.request.post(`/api/my/coupons/claim/${c.id}`);
  await page.request.delete('/api/cart');
  const sku = await skuWorth(page, 60_000, 90_000);
  expect((await page.request.post('/api/cart/lines', { data: { skuId: sku.skuId, qty: sku.qty } })).status()).toBe(200);
  // the cart's own subtotal (a quantity break may price it below the list price)
  const subtotal = ((await (await page.request.get('/api/cart?coupon=none')).json()) as { totals: { subtotal: number } }).totals.subtotal;
  await page.goto('/cart/checkout');
  await expect(page.getByTestId('checkout-form')).toBeVisible();
  // the best combination uses the coupon; choosing "none" by hand takes it off
  await expect(page.getByTestId('promo-applied').filter({ hasText: '新客专享券' })).toContainText('-¥20.00');
  await page.getByTestId('coupon-select').click();
  await page.getByTitle('不使用优惠券').click();
  await expect(page.getByTestId('promo-applied').filter({ hasText: '新客专享券' })).toHaveCount(0);
  // and picking it by name puts it back (the order uses it, so the wallet is as the other specs expect)
  await page.getByTestId('coupon-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '新客专享券' }).first().click();
  await expect(page.getByTestId('promo-applied').filter({ hasText: '新客专享券' })).toContainText('-¥20.00');
  // rebate: at most 10% of the order, and no more than the balance
  const cap = Math.min(balance.balance, Math.floor((subtotal - 2000) / 10));
  await expect(page.getByTestId('rebate-info')).toContainText(`本单最多可用 ${yuan(cap)}`);
  await page.getByTestId('use-rebate').click();
  await expect(page.getByTestId('promo-applied').filter({ hasText: '返利抵扣' })).toContainText(`-${yuan(cap)}`);
  await expect(page.getByTestId('submit-order')).toContainText(yuan(subtotal - 2000 - cap));
  await fitsThePhone(page, 'checkout with deductions');
  await shot(page, 'marketing-checkout-rebate-phone');
  await page.getByTestId('submit-order').click();
  await expect(page.getByTestId('order-done')).toBeVisible();
  await page.getByRole('link', { name: /查看订单/ }).or(page.getByRole('button', { name: /查看订单/ })).first().click();
  await expect(page.getByTestId('order-discounts')).toContainText('返利抵扣');
  await expect(page.getByTestId('order-discounts')).toContainText('新客专享券');
  await expect(page.getByTestId('order-discounts')).toContainText(`-${yuan(cap)}`);
  await shot(page, 'marketing-order-rebate-phone');
  await page.goto('/funds');
  await expect(page.getByTestId('rebate-entry').first()).toContainText('下单抵扣');
  await expect(page.getByTestId('rebate-entry').first()).toContainText(`−${yuan(cap)}`);
  await ctx.close();
});
