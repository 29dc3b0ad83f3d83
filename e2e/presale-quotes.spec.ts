import { expect, test, type Page } from '@playwright/test';
import { login, PHONE, shot, fitsThePhone } from './helpers';

/**
 * Pre-orders and quotes in a real browser (issue 16). A buyer on a phone orders a product the
 * supplier sells on 预订 while it has no stock: the product page, the cart and the order say so
 * with the expected date; stock arriving gives the line its stock and the order page shows it.
 * Then a quote: the buyer asks on the phone, the rep offers, the buyer counters, the rep answers,
 * and the buyer accepts it into an order at the quoted prices.
 */
test.describe.configure({ mode: 'serial' });

const isoDay = (offsetDays: number) => {
  const d = new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
};
const newPhone = async (browser: import('@playwright/test').Browser, user: string) => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await login(page, user);
  return { ctx, page };
};
const ok = async (r: import('@playwright/test').APIResponse) => {
  expect(r.status(), await r.text()).toBe(200);
  return r.json();
};

/** Types into an antd InputNumber found by test id (the id may sit on the input or on its wrapper). */
async function fillNumber(loc: import('@playwright/test').Locator, value: string) {
  const inner = loc.locator('input');
  if (await inner.count()) await inner.first().fill(value);
  else await loc.fill(value);
}
/** ¥1,234.50 as the web formats fen. */
const fenText = (v: number) => `¥${Math.floor(v / 100).toLocaleString('zh-CN')}.${String(v % 100).padStart(2, '0')}`;

let skuId = 0;
let productId = 0;
let warehouseId = 0;
let orderId = '';

test('a buyer on a phone pre-orders a product without stock and sees the expected date everywhere', async ({ browser }) => {
  const admin = await browser.newPage();
  await login(admin, 'admin');
  const buyer = await newPhone(browser, 'buyer');
  // a product the buyer can order: its first SKU (the one its page opens on) sold out, then put on pre-order
  const found = await ok(await buyer.page.request.get('/api/catalog/search?pageSize=50'));
  const hit = (found.items as { id: number; skuCount: number }[])[0]!;
  productId = hit.id;
  const product = await ok(await buyer.page.request.get(`/api/catalog/products/${productId}`));
  skuId = product.skus[0].id;
  const rows = (await ok(await admin.request.get(`/api/inventory/stock?search=${encodeURIComponent(product.skus[0].code)}&pageSize=50`))).items as { skuId: number; warehouseId: number; available: number }[];
  for (const r of rows.filter((x) => x.skuId === skuId && x.available > 0)) {
    await ok(await admin.request.post('/api/inventory/adjustments', { data: { warehouseId: r.warehouseId, reason: '演示：售罄', lines: [{ skuId, qty: -r.available }] } }));
  }
  warehouseId = rows.find((x) => x.skuId === skuId)?.warehouseId ?? (await ok(await admin.request.get('/api/inventory/warehouses')))[0].id;
  const expected = isoDay(13);
  const [, m, d] = expected.split('-').map(Number);
  await ok(await admin.request.put(`/api/inventory/presale/${skuId}`, { data: { mode: 'preorder', expectedDate: expected, note: '新品预订' } }));
  const label = `预订，预计 ${m} 月 ${d} 日到货`;

  const page = buyer.page;
  await page.goto(`/products/${productId}`);
  await expect(page.getByTestId('product-page')).toBeVisible();
  await expect(page.getByTestId('presale-tag')).toHaveText(label);
  await fitsThePhone(page, 'pre-order product page');
  await shot(page, 'presale-product-phone');
  const add = page.getByTestId('add-to-cart');
  await add.getByRole('button', { name: /加入购物车/ }).click();
  await expect(page.getByText('已加入购物车').first()).toBeVisible();
  await page.getByTestId('tab-bar').getByText('购物车').click();
  const line = page.getByTestId('cart-line').filter({ has: page.getByTestId('presale-tag') });
  await expect(line).toHaveCount(1);
  await expect(line.getByTestId('presale-tag')).toHaveText(label);
  await expect(line.getByTestId('line-problem')).toHaveCount(0);
  await shot(page, 'presale-cart-phone');
  await page.getByTestId('go-checkout').click();
  await expect(page.getByTestId('checkout-form')).toBeVisible();
  await page.getByTestId('submit-order').click();
  await expect(page.getByTestId('order-done')).toBeVisible();
  const orders = await ok(await page.request.get('/api/my/orders?pageSize=1'));
  orderId = String(orders.items[0].id);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('presale-tag')).toContainText('等待到货');
  await expect(page.getByTestId('presale-tag')).toContainText(label);
  await fitsThePhone(page, 'order with a waiting line');
  await shot(page, 'presale-order-waiting-phone');

  // the goods arrive: the waiting line gets its stock in the same transaction and the buyer is told
  const detail = await ok(await admin.request.get(`/api/orders/${orderId}`));
  const waiting = detail.lines.find((l: { skuId: number }) => l.skuId === skuId).waiting.qty as number;
  await ok(await admin.request.post('/api/inventory/adjustments', { data: { warehouseId, reason: '新品到货', lines: [{ skuId, qty: waiting + 10 }] } }));
  await page.reload();
  await expect(page.getByTestId('line-qty').first()).toBeVisible();
  await expect(page.getByTestId('presale-tag')).toHaveCount(0);
  await expect.poll(async () => ((await ok(await page.request.get('/api/notifications?pageSize=20'))).items as { title: string; link: string }[])
    .some((n) => n.title.includes('预订商品已到货') && n.link === `/orders/${orderId}`), { timeout: 15_000 }).toBe(true);
  await shot(page, 'presale-order-allocated-phone');
  await ok(await admin.request.delete(`/api/inventory/presale/${skuId}`));
  await buyer.ctx.close();
  await admin.close();
});

async function offerAll(staff: Page, quoteId: string, yuan: string[]) {
  await staff.goto(`/admin/quotes/${quoteId}`);
  const inputs = staff.getByTestId('price-input');
  await expect(inputs.first()).toBeVisible();
  for (let i = 0; i < yuan.length; i++) await fillNumber(inputs.nth(i), yuan[i]!);
  await staff.getByTestId('quote-offer-submit').click();
  await expect(staff.getByTestId('quote-status')).toHaveText('已报价');
}

test('a quote is asked on a phone, negotiated and accepted into an order at the quoted price', async ({ browser }) => {
  const buyer = await newPhone(browser, 'buyer');
  const page = buyer.page;
  // a product SKU with plenty of stock
  const staffApi = await browser.newPage();
  await login(staffApi, 'admin');
  const rows = (await ok(await staffApi.request.get('/api/inventory/stock?status=ok&pageSize=100'))).items as { skuId: number; skuCode: string; available: number }[];
  let quoted = 0;
  let code = '';
  for (const r of rows.filter((x) => x.available >= 500 && x.skuId !== skuId)) {
    const hits = (await ok(await page.request.get(`/api/catalog/search?q=${encodeURIComponent(r.skuCode)}&pageSize=5`))).items as { id: number }[];
    if (hits[0]) { quoted = hits[0].id; code = r.skuCode; break; }
  }
  expect(quoted).toBeGreaterThan(0);
  await staffApi.close();
  const product = await ok(await page.request.get(`/api/catalog/products/${quoted}`));
  const quotedSku = (product.skus as { code: string; price: number }[]).find((k) => k.code === code)!;
  await page.goto(`/products/${quoted}`);
  await page.getByTestId('ask-quote').click();
  await expect(page).toHaveURL(/\/quotes\/new/);
  await page.getByTestId('quote-title').fill('门店开业备货（200 瓶）');
  // the link names the SKU the page shows; the buyer searches the one they want by its code
  await page.getByTestId('quote-search').locator('input').fill(code);
  await expect(page.getByTestId('quote-pick').first()).toContainText(code);
  await page.getByTestId('quote-pick').first().click();
  await expect(page.getByTestId('quote-draft-line')).toHaveCount(1);
  await fillNumber(page.getByTestId('quote-qty'), '200');
  await page.getByLabel('留言').fill('开业活动用，量大，请给个优惠价');
  await fitsThePhone(page, 'new quote');
  await shot(page, 'quote-ask-phone');
  await page.getByTestId('quote-submit').click();
  await expect(page).toHaveURL(/\/quotes\/\d+$/);
  const quoteId = page.url().split('/').pop()!;
  await expect(page.getByTestId('quote-status')).toHaveText('待报价');

  // the rep (or an admin) offers; the buyer counters; the rep answers with a final offer
  const staff = await browser.newPage();
  await login(staff, 'admin');
  const list = quotedSku.price;
  const yuan = (fenValue: number) => (fenValue / 100).toFixed(2);
  await offerAll(staff, quoteId, [yuan(Math.round(list * 0.9))]);
  await shot(staff, 'quote-staff-offer');

  await page.reload();
  await expect(page.getByTestId('quote-status')).toHaveText('已报价');
  await page.getByTestId('quote-counter').click();
  await fillNumber(page.getByTestId('price-input'), yuan(Math.round(list * 0.8)));
  await page.getByTestId('quote-counter-submit').click();
  await expect(page.getByTestId('quote-status')).toHaveText('已还价');

  const final = Math.round(list * 0.85);
  await offerAll(staff, quoteId, [yuan(final)]);
  await page.reload();
  await expect(page.getByTestId('quote-message')).toHaveCount(4);
  await expect(page.getByTestId('quote-offer')).toContainText(fenText(final));
  await fitsThePhone(page, 'negotiated quote');
  await shot(page, 'quote-negotiated-phone');

  await page.getByTestId('quote-accept').click();
  await expect(page.getByTestId('quote-accept-submit')).toBeVisible();
  await shot(page, 'quote-accept-phone');
  await page.getByTestId('quote-accept-submit').click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await expect(page.getByText(/报价单 QT\d{6} 价格/)).toBeVisible();
  const ordered = await ok(await page.request.get(`/api/my/orders/${page.url().split('/').pop()}`));
  expect(ordered.lines[0]).toMatchObject({ unitPrice: final, qty: 200, priceRule: { kind: 'quote' } });
  await shot(page, 'quote-order-phone');
  await page.goto(`/quotes/${quoteId}`);
  await expect(page.getByTestId('quote-status')).toHaveText('已下单');
  await expect(page.getByTestId('quote-order-link')).toBeVisible();
  await buyer.ctx.close();
  await staff.close();
});
