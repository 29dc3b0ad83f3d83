import { expect, request as pwRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, login, shot } from './helpers';

/**
 * The admin changes the review chain on the settings screen (order review off, finance review on,
 * automatic approval under an amount), and a buyer's orders then follow the new chain: a small one
 * is approved automatically, a larger one waits for finance review only. The demo's chain is put
 * back and the orders cancelled afterwards, whatever happened: the specs after this one share the
 * database and expect the default chain and the demo's review queue.
 */
test.describe.configure({ mode: 'serial' });

interface Settings { orderReview: boolean; financeReview: boolean; autoApprove: { enabled: boolean; maxTotal: number | null }; [k: string]: unknown }
/** as a customer sees it: the number only under the exact stock display, else a level */
interface Sku { code: string; moq: number; orderMultiple: number; available: number | null; stockLevel: 'plenty' | 'low' | 'out' | null }

let original: Settings | null = null;
let base = '';
const placed: number[] = [];

async function apiAs(baseURL: string, who: string): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL });
  const res = await ctx.post('/api/auth/login', { data: { login: who, password: DEMO_PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  return ctx;
}

/** A SKU the buyer may order, with a quantity meeting its MOQ and multiple and stock for three times it. */
async function orderableSku(api: APIRequestContext): Promise<{ code: string; qty: number }> {
  for (const q of ['KSF', 'NFSQ', 'TY', 'KO', 'YL', 'MN']) {
    for (const s of (await (await api.get(`/api/cart/skus?q=${q}&limit=20`)).json()) as Sku[]) {
      const qty = Math.ceil(Math.max(s.moq, 1) / s.orderMultiple) * s.orderMultiple;
      if (s.available != null ? s.available >= qty * 4 : s.stockLevel === 'plenty') return { code: s.code, qty };
    }
  }
  throw new Error('no orderable demo SKU');
}

/** Puts exactly these lines in the buyer's cart; returns the checkout preview. */
async function fillCart(api: APIRequestContext, code: string, qty: number) {
  expect((await api.delete('/api/cart')).ok()).toBe(true);
  const quick = await api.post('/api/cart/quick', { data: { rows: [{ code, qty: String(qty) }] } });
  expect(quick.ok(), await quick.text()).toBe(true);
  const preview = await api.get('/api/cart/checkout');
  expect(preview.ok(), await preview.text()).toBe(true);
  return (await preview.json()) as { addresses: { id: number; isDefault: boolean }[]; cart: { totals: { total: number } }; willNeedApproval: boolean; defaultPaymentMethod: string | null };
}

async function submit(api: APIRequestContext, code: string, qty: number) {
  const p = await fillCart(api, code, qty);
  expect(p.willNeedApproval, 'the demo buyer has no spending limit').toBe(false);
  const address = p.addresses.find((a) => a.isDefault) ?? p.addresses[0]!;
  const res = await api.post('/api/cart/submit', {
    headers: { 'idempotency-key': `e2e-settings-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}` },
    data: { addressId: address.id, note: 'e2e 审核流程设置', expectedTotal: p.cart.totals.total, paymentMethod: p.defaultPaymentMethod ?? undefined },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const order = ((await res.json()) as { order: { id: number; number: string; status: string; total: number } }).order;
  placed.push(order.id);
  return order;
}

test.afterAll(async () => {
  if (!base) return; // nothing ran, nothing changed
  const admin = await apiAs(base, 'admin');
  try {
    if (original) {
      const res = await admin.put('/api/order-workflow/settings', { data: original });
      expect(res.ok(), await res.text()).toBe(true);
    }
  } finally {
    // our orders must not sit in the review or payment queues the later specs look at
    for (const id of placed) {
      const o = (await (await admin.get(`/api/orders/${id}`)).json()) as { status: string; version: number; allowedEvents: string[] };
      if (o.allowedEvents.includes('cancel')) await admin.post(`/api/orders/${id}/events`, { data: { event: 'cancel', version: o.version, note: 'e2e 测试订单，已取消' } });
    }
    await admin.dispose();
  }
});

const flow = (page: Page) => page.getByTestId('flow-preview');

test('admin switches off order review, switches on finance review and auto-approval under an amount', async ({ page, baseURL }) => {
  base = baseURL!;
  await login(page, 'admin');
  const admin = page.request;
  original = (await (await admin.get('/api/order-workflow/settings')).json()) as Settings;
  // a retry after a partial first attempt starts from the demo's chain again
  const reset = await admin.put('/api/order-workflow/settings', { data: { ...original, orderReview: true, financeReview: false, autoApprove: { ...original.autoApprove, enabled: false, maxTotal: null } } });
  expect(reset.ok()).toBe(true);

  // the amount: just over a one-SKU order of the buyer, so a triple of it is over
  const buyer = await apiAs(baseURL!, 'buyer');
  const sku = await orderableSku(buyer);
  const small = (await fillCart(buyer, sku.code, sku.qty)).cart.totals.total;
  await buyer.dispose();
  const maxYuan = Math.ceil(small / 100) + 1;

  // the settings page is in the admin menu (系统)
  await page.goto('/admin');
  await page.getByRole('menuitem', { name: '审核流程设置' }).click();
  await expect(page).toHaveURL(/\/admin\/settings\/order-workflow$/);
  await expect(flow(page).getByText('订单审核', { exact: true })).toBeVisible();
  await shot(page, 'order-settings-default');

  await page.getByTestId('switch-orderReview').click();
  await page.getByTestId('switch-financeReview').click();
  await page.getByTestId('switch-autoApprove').click();
  await page.getByTestId('max-total').fill(String(maxYuan));
  await page.getByTestId('max-total').blur();
  await page.getByRole('checkbox', { name: '客户信用良好' }).uncheck();
  await page.getByRole('checkbox', { name: '仅标准商品' }).uncheck();
  await expect(flow(page).getByText('订单审核', { exact: true })).toHaveCount(0);
  await expect(flow(page).getByTestId('flow-financeReview')).toContainText('财务审核');
  await expect(page.getByText(`自动审核条件：金额低于 ¥${maxYuan}.00`)).toBeVisible();
  await shot(page, 'order-settings-changed');
  await page.getByTestId('save-settings').click();
  await expect(page.getByText('已保存')).toBeVisible();

  const saved = (await (await admin.get('/api/order-workflow/settings')).json()) as Settings;
  expect(saved.orderReview).toBe(false);
  expect(saved.financeReview).toBe(true);
  expect(saved.autoApprove).toMatchObject({ enabled: true, maxTotal: maxYuan * 100, requireGoodStanding: false, onlyStandardItems: false });
  // the screen shows what was stored after a reload
  await page.reload();
  await expect(page.getByTestId('switch-orderReview')).not.toBeChecked();
  await expect(page.getByTestId('max-total')).toHaveValue(`${maxYuan}.00`);
  // the same screen in English, and on a narrow window
  await page.getByTestId('lang-switch').getByText('EN').click();
  await expect(page.getByText('Current flow')).toBeVisible();
  await expect(page.getByText(`Automatic approval when: total under ¥${maxYuan}.00`)).toBeVisible();
  await shot(page, 'order-settings-en');
  await page.getByTestId('lang-switch').getByText('中文').click();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByText('当前流程')).toBeVisible();
  await shot(page, 'order-settings-phone');
});

test('a buyer\'s orders follow the new chain: small ones pass automatically, larger ones wait for finance only', async ({ page, baseURL }) => {
  test.skip(!original, 'the settings were not changed');
  const buyer = await apiAs(baseURL!, 'buyer');
  const sku = await orderableSku(buyer);
  const small = await submit(buyer, sku.code, sku.qty);
  const large = await submit(buyer, sku.code, sku.qty * 3);
  await buyer.dispose();
  expect(['awaiting_payment', 'picking']).toContain(small.status); // C001 buys on credit: straight to picking
  expect(large.status).toBe('pending_finance');

  await login(page, 'admin');
  await page.goto(`/admin/orders/${small.id}`);
  await expect(page.getByText('自动审核通过').first()).toBeVisible();
  await expect(page.getByTestId('order-status').first()).not.toHaveText(/待审核|待财务审核/);
  await shot(page, 'order-settings-auto-approved');
  await page.goto(`/admin/orders/${large.id}`);
  await expect(page.getByTestId('order-status').first()).toHaveText('待财务审核');
  await expect(page.getByRole('button', { name: '财务审核通过' })).toBeVisible();
  await shot(page, 'order-settings-finance-review');
});
