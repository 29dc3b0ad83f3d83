import { expect, test } from '@playwright/test';
import { fitsThePhone, phone, PHONE, shot } from './helpers';

/**
 * Reps and warehouse staff work from their phones: at 390×844 the staff console's menu is a
 * drawer, the order queue, the order detail, approval, the warehouse queue and shipping all work,
 * and no page scrolls sideways (wide tables scroll inside their own box or become cards).
 */
test.describe.configure({ mode: 'serial' });
let order = { id: 0, number: '' };



test('a buyer of a credit customer submits an order to work on', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'buyer');
  const skus: { code: string; qty: number }[] = [];
  for (const q of ['NFSQ', 'KSF', 'TY', 'YL', 'KO']) {
    for (const s of (await (await page.request.get(`/api/cart/skus?q=${q}&limit=20`)).json()) as { code: string; moq: number; orderMultiple: number; available: number | null; stockLevel: string | null }[]) {
      const qty = Math.ceil(Math.max(s.moq, 1) / s.orderMultiple) * s.orderMultiple;
      const enough = s.available != null ? s.available >= qty * 3 : s.stockLevel === 'plenty' && qty <= 10;
      if (enough && !skus.some((x) => x.code === s.code)) skus.push({ code: s.code, qty });
      if (skus.length >= 2) break;
    }
    if (skus.length >= 2) break;
  }
  expect(skus.length).toBe(2);
  await page.request.delete('/api/cart');
  expect((await page.request.post('/api/cart/quick', { data: { rows: skus.map((s) => ({ code: s.code, qty: String(s.qty) })) } })).ok()).toBe(true);
  const preview = (await (await page.request.get('/api/cart/checkout')).json()) as { addresses: { id: number; isDefault: boolean }[]; paymentMethods: string[] };
  expect(preview.paymentMethods).toContain('credit');
  const sub = await page.request.post('/api/cart/submit', {
    headers: { 'idempotency-key': `e2e-staff-phone-${Date.now()}` },
    data: { addressId: (preview.addresses.find((a) => a.isDefault) ?? preview.addresses[0]!).id, paymentMethod: 'credit', note: '手机端审核发货测试' },
  });
  expect(sub.ok(), await sub.text()).toBe(true);
  const o = ((await sub.json()) as { order: { id: number; number: string; status: string } }).order;
  expect(o.status).toBe('pending_review');
  order = { id: o.id, number: o.number };
  await ctx.close();
});

test('the rep on a phone: menu drawer, review queue as cards, order detail, approves', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'sales');
  await fitsThePhone(page, 'sales home');
  await shot(page, 'staff-phone-sales-home');
  // the home's 待审核 count is the number of orders its link lists (the rep's own step only)
  const count = ((await (await page.request.get('/api/reports/todo')).json()) as { items: { key: string; count: number }[] }).items.find((i) => i.key === 'review')!.count;
  await expect(page.getByTestId('todo-review')).toContainText(String(count));
  await page.getByTestId('todo-review').click();
  await expect(page.getByTestId('status-narrowing')).toHaveText('仅显示：待审核');
  await expect(page.getByTestId('order-card').first()).toBeVisible();
  await expect(page.getByTestId('order-card')).toHaveCount(Math.min(count, 20));
  await fitsThePhone(page, 'review queue');
  await page.goto('/admin');
  // the menu is a drawer behind the header's button
  await page.getByRole('button', { name: '菜单' }).click();
  const drawer = page.getByRole('dialog', { name: 'Ordo 订货' });
  await expect(drawer.getByRole('menuitem').first()).toBeVisible();
  await page.waitForTimeout(300);
  await shot(page, 'staff-phone-menu-drawer');
  await drawer.getByRole('link', { name: '订单管理' }).click();
  await expect(page).toHaveURL(/\/admin\/orders$/);
  await expect(drawer).toBeHidden();

  await page.goto('/admin/orders?tab=review');
  await page.getByRole('searchbox').fill(order.number);
  await page.getByRole('searchbox').press('Enter');
  const card = page.getByTestId('order-card').filter({ hasText: order.number });
  await expect(card).toBeVisible();
  await expect(card).toContainText('待审核');
  await fitsThePhone(page, 'order list');
  await shot(page, 'staff-phone-order-list');

  await card.getByRole('link', { name: order.number }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${order.id}$`));
  await expect(page.getByTestId('order-status').first()).toHaveText('待审核');
  await expect(page.getByTestId('order-line').first()).toBeVisible();
  await fitsThePhone(page, 'order detail');
  await shot(page, 'staff-phone-order-detail');
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect(page.getByTestId('order-status').first()).not.toHaveText('待审核');
  await expect(page.getByTestId('order-status').first()).toHaveText('待发货');
  await fitsThePhone(page, 'order detail after approval');
  await shot(page, 'staff-phone-order-approved');
  await ctx.close();
});

test('the warehouse on a phone: queue, pick, ship everything, delivery note', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'warehouse');
  await page.goto('/admin/orders/warehouse');
  const pick = page.getByTestId('pick-order').filter({ hasText: order.number });
  await expect(pick).toBeVisible();
  await fitsThePhone(page, 'warehouse queue');
  await pick.scrollIntoViewIfNeeded();
  await shot(page, 'staff-phone-warehouse-queue');
  await pick.getByRole('link', { name: '去发货' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${order.id}$`));
  await page.getByRole('button', { name: /^发货 ·/ }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('spinbutton').last()).not.toHaveValue('');
  await dialog.getByLabel('运单号').fill('SF1000200099');
  await page.waitForTimeout(500); // the dialog zooms in: measure it once it has settled
  const box = await dialog.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  // (no page-width check while the dialog is open: antd locks the page's scrolling then and pads the body for a scrollbar)
  await shot(page, 'staff-phone-ship-dialog');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('order-status').first()).toHaveText('已发货');
  await expect(page.getByTestId('shipment')).toHaveCount(1);
  await page.getByTestId('shipment').scrollIntoViewIfNeeded();
  // the dialog's closing animation keeps the body's scrollbar padding until it is gone
  await expect(dialog).toBeHidden();
  await fitsThePhone(page, 'shipped order');
  await shot(page, 'staff-phone-shipped');
  await ctx.close();
});
