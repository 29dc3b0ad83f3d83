import { expect, test, type Page } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

/**
 * An exchange through to the replacement shipment: the buyer asks to exchange a case of water;
 * the admin approves (the replacement is reserved at once), the warehouse receives the case back,
 * finds the replacement (SH…, in the unit ordered) in its normal pick-list queue beside the orders,
 * and ships it from the reserved stock as a shipment SH…-1; the delivery note speaks the unit
 * ordered; the buyer sees the shipment and confirms on a phone.
 */
test.describe.configure({ mode: 'serial' });
let requestId = 0;
let number = '';
const statusTag = (page: Page) => page.getByTestId('aftersales-status').first();
const ok = (page: Page) => page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ });

test('the buyer asks to exchange goods of a received order', async ({ page }) => {
  await login(page, 'buyer');
  const orders = (await (await page.request.get('/api/my/orders?status=delivered,completed&pageSize=50')).json()) as { items: { id: number }[] };
  const reasons = (await (await page.request.get('/api/aftersales/reasons')).json()) as { id: number; code: string }[];
  let body: Record<string, unknown> | null = null;
  for (const o of orders.items) {
    const opt = await (await page.request.get(`/api/my/orders/${o.id}/aftersales-options`)).json();
    const line = opt.lines.find((l: { availableQty: number }) => l.availableQty >= 2);
    if (opt.windowOpen && line) {
      body = { orderId: o.id, kind: 'exchange', reasonId: reasons.find((r) => r.code === 'wrong_item')!.id, description: '发错规格，换货', lines: [{ orderLineId: line.id, qty: Math.min(line.availableQty, line.unitFactor > 1 ? line.unitFactor : 2) }] };
      break;
    }
  }
  expect(body, 'a received order with goods left to exchange').not.toBeNull();
  const res = await page.request.post('/api/my/aftersales', { data: body! });
  expect(res.status(), await res.text()).toBe(200);
  ({ id: requestId, number } = await res.json());
});

test('the admin approves: the replacement is reserved', async ({ page }) => {
  await login(page, 'admin');
  await page.goto(`/admin/aftersales/${requestId}`);
  await expect(statusTag(page)).toHaveText('待审核');
  await page.getByTestId('aftersales-event-approve').click();
  await expect(statusTag(page)).toHaveText('已同意');
  await expect(page.getByTestId('aftersales-held').first()).toContainText('已预留换货库存');
  await page.getByTestId('aftersales-held').first().scrollIntoViewIfNeeded();
  await shot(page, 'aftersales-exchange-approved');
});

test('the warehouse receives the goods back and ships the replacement from the reserved stock', async ({ page, context }) => {
  await login(page, 'warehouse');
  await page.goto(`/admin/aftersales/${requestId}`);
  await page.getByTestId('aftersales-event-receive').click();
  await ok(page).click();
  await expect(statusTag(page)).toHaveText('已收货验货');
  // the replacement waits in the warehouse's normal queue (pick list), tagged 换货, with its units
  const whs = (await (await page.request.get('/api/shipping/warehouses')).json()) as { id: number; code: string; name: string }[];
  let from: { id: number; code: string; name: string } | undefined;
  for (const w of whs) {
    const list = (await (await page.request.get(`/api/pick-lists?warehouseId=${w.id}`)).json()) as { orders: { number: string }[] };
    if (list.orders.some((o) => o.number === number)) from = w;
  }
  expect(from, 'the replacement is in a pick list').toBeTruthy();
  await page.goto('/admin/orders/warehouse');
  if (from!.id !== whs[0]!.id) {
    await page.getByRole('combobox').first().click();
    await page.getByTitle(`${from!.name} (${from!.code})`).click();
  }
  const card = page.getByTestId('pick-document').filter({ hasText: number });
  await expect(card).toBeVisible();
  await expect(card).toContainText('换货');
  await expect(card.getByTestId('pick-line').first()).toContainText(/× \d+ \S+/);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'aftersales-exchange-pick-queue');
  await card.getByRole('link', { name: '去发货' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/aftersales/${requestId}$`));
  await page.getByTestId('aftersales-event-ship_replacement').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('aftersales-held-hint')).toBeVisible();
  await dialog.getByLabel('承运商').fill('德邦物流');
  await dialog.getByLabel('运单号').fill('88776655');
  await shot(page, 'aftersales-exchange-ship');
  await ok(page).click();
  await expect(statusTag(page)).toHaveText('换货/补发已发出');
  await expect(page.getByTestId('aftersales-replacement-qty').first()).toContainText('已发出换货/补发');
  await expect(page.getByTestId('aftersales-held')).toHaveCount(0);
  // a shipment of the shipping module, numbered after the request, with its carrier and tracking number
  await expect(page.getByTestId('aftersales-shipment').first()).toContainText(`${number}-1`);
  await expect(page.getByTestId('aftersales-shipment').first()).toContainText('88776655');
  await page.getByTestId('aftersales-delivery-note').scrollIntoViewIfNeeded();
  await shot(page, 'aftersales-exchange-shipped');
  const [note] = await Promise.all([context.waitForEvent('page'), page.getByTestId('aftersales-delivery-note').click()]);
  await note.waitForLoadState();
  await expect(note.locator('h1')).toContainText('换货发货单');
  await expect(note.locator('body')).toContainText(number);
  await expect(note.locator('body')).toContainText('88776655');
  // the unit ordered, with the base units beside it when it differs ("1 箱（24 瓶）")
  await expect(note.locator('tbody td.num').first()).toHaveText(/^\d+ \S+(（.+）)?$/);
  await shot(note, 'aftersales-exchange-delivery-note');
});

test('the buyer on a phone confirms the replacement arrived', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.goto(`/aftersales/${requestId}`);
  await expect(statusTag(page)).toHaveText('换货/补发已发出');
  await expect(page.getByTestId('aftersales-delivery-note')).toBeVisible();
  await expect(page.getByTestId('aftersales-shipment').first()).toContainText('运输中');
  await page.getByTestId('aftersales-event-confirm_replacement').click();
  await expect(statusTag(page)).toHaveText('已完成');
  await expect(page.getByTestId('aftersales-shipment').first()).toContainText('已签收');
  await shot(page, 'aftersales-exchange-phone-done');
  await ctx.close();
});
