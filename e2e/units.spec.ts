import { expect, test, type Browser, type Page } from '@playwright/test';
import { login, shot } from './helpers';

/**
 * Documents speak the buyer's units: the demo buyer orders 2 箱 of 百岁山 348ml×24 (48 瓶 stored);
 * the order detail (buyer and staff), the warehouse queue, the pick list, the ship dialog, the
 * shipment, the delivery note and the receipt dialog all read "2 箱（48 瓶）", and a partial
 * shipment of 30 瓶 reads "1 箱 + 6 瓶（30 瓶）" — never "48 箱" or a bare number.
 */
test.describe.configure({ mode: 'serial' });
let orderId = 0;
let orderNo = '';
let skuCode = '';
let productName = '百岁山 天然矿泉水';

async function as(browser: Browser, who: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, who);
  return page;
}
const noCaseCountOfBottles = async (page: Page) => expect(page.locator('body')).not.toContainText(/\b48 ?箱/);

test('the buyer orders 2 箱 of a 24-瓶 case and the order reads 2 箱（48 瓶）', async ({ browser }) => {
  const page = await as(browser, 'buyer');
  await page.request.delete('/api/cart');
  const hits = (await (await page.request.get(`/api/catalog/search?q=${encodeURIComponent('百岁山 天然矿泉水')}`)).json()).items as { id: number; name: string }[];
  // another spec may have renamed it (catalog-admin appends 新版): the product, not its exact name
  const product = hits.find((h) => h.name.startsWith('百岁山 天然矿泉水'));
  expect(product, 'the demo catalog has 百岁山 天然矿泉水').toBeTruthy();
  productName = product!.name;
  await page.goto(`/products/${product!.id}`);
  await expect(page.getByTestId('product-page')).toBeVisible();
  await page.getByTestId('spec-option').filter({ hasText: '348ml×24' }).click();
  skuCode = (await page.getByTestId('sku-code').innerText()).trim();
  const add = page.getByTestId('add-to-cart');
  await add.getByRole('combobox').click();
  await page.locator('.ant-select-item-option').filter({ hasText: /^箱$/ }).click();
  await add.getByRole('spinbutton').fill('2');
  await add.getByRole('button', { name: /加入购物车/ }).click();
  await expect(page.getByText('已加入购物车').first()).toBeVisible();

  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-line').getByRole('spinbutton')).toHaveValue('2');
  await page.getByTestId('go-checkout').click();
  await expect(page.getByTestId('checkout-form')).toBeVisible();
  await page.getByTestId('submit-order').click();
  await expect(page.getByTestId('order-done')).toBeVisible();
  orderNo = (await page.getByTestId('order-number').innerText()).trim();
  const list = await (await page.request.get(`/api/my/orders?q=${orderNo}`)).json();
  orderId = list.items[0].id;

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('line-qty')).toContainText('× 2 箱（48 瓶）');
  await expect(page.getByTestId('line-qty')).toContainText('/箱');
  await noCaseCountOfBottles(page);
  await shot(page, 'units-buyer-order-detail');
});

test('staff see 2 箱（48 瓶） on the order detail, approve it', async ({ browser }) => {
  const page = await as(browser, 'admin');
  await page.goto(`/admin/orders/${orderId}`);
  await expect(page.getByTestId('line-qty')).toHaveText('2 箱（48 瓶）');
  await expect(page.getByTestId('line-shipped')).toHaveText('0 箱');
  await noCaseCountOfBottles(page);
  await shot(page, 'units-admin-order-detail');
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect(page.getByTestId('order-status').first()).toHaveText('待发货');
});

test('the warehouse queue, the pick list, a partial shipment of part of a case and the delivery note', async ({ browser }) => {
  const page = await as(browser, 'warehouse');
  const order = await (await page.request.get(`/api/orders/${orderId}`)).json();
  const whId = order.lines[0].allocations[0].warehouseId as number;
  const whName = order.lines[0].allocations[0].warehouseName as string;

  await page.goto('/admin/orders/warehouse');
  const select = page.locator('.ant-select').first();
  if (!(await select.innerText()).includes(whName)) {
    await select.click();
    await page.locator('.ant-select-item-option').filter({ hasText: whName }).click();
  }
  const card = page.getByTestId('pick-order').filter({ hasText: orderNo });
  await expect(card.getByTestId('pick-line')).toContainText(`${skuCode} ${productName} 348ml×24 × 2 箱（48 瓶）`);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'units-warehouse-queue');

  await page.goto(`/api/pick-lists/print?warehouseId=${whId}`);
  await expect(page.locator('h3').filter({ hasText: orderNo })).toBeVisible();
  await expect(page.locator('table').filter({ has: page.locator('td', { hasText: skuCode }) }).last()).toContainText('2 箱（48 瓶）');
  await page.locator('h3').filter({ hasText: orderNo }).scrollIntoViewIfNeeded();
  await shot(page, 'units-pick-list-print');

  await page.goto(`/admin/orders/${orderId}`);
  await page.getByRole('button', { name: /^发货 ·/ }).first().click();
  const dialog = page.getByRole('dialog');
  const qty = dialog.getByLabel(`本次发货 ${skuCode}`);
  await expect(qty).toHaveValue('48'); // the dialog fills in what is open; ours must come after
  await expect(dialog.getByTestId('ship-qty-text')).toHaveText('2 箱（48 瓶）');
  await qty.fill('30');
  await qty.blur();
  await expect(dialog.getByTestId('ship-qty-text')).toHaveText('1 箱 + 6 瓶（30 瓶）');
  await expect(dialog).toContainText('2 箱（48 瓶）'); // what is open
  await shot(page, 'units-ship-dialog');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('order-status').first()).toHaveText('部分发货');
  await expect(page.getByTestId('line-shipped')).toHaveText('1 箱 + 6 瓶（30 瓶）');
  await expect(page.getByTestId('shipment-line')).toContainText('× 1 箱 + 6 瓶（30 瓶） · 订购 2 箱（48 瓶）');
  await noCaseCountOfBottles(page);
  await shot(page, 'units-admin-partly-shipped');

  const ships = await (await page.request.get(`/api/orders/${orderId}/shipments`)).json();
  await page.goto(`/api/shipments/${ships[0].id}/delivery-note?paper=a4`);
  const row = page.locator('tbody tr').filter({ hasText: skuCode });
  await expect(row.locator('td.num').nth(0)).toHaveText('2 箱（48 瓶）');
  await expect(row.locator('td.num').nth(1)).toHaveText('1 箱 + 6 瓶（30 瓶）');
  await expect(page.locator('tfoot')).toContainText('30 瓶');
  await shot(page, 'units-delivery-note-a4');
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(`/api/shipments/${ships[0].id}/delivery-note?paper=80mm`);
  await expect(page.locator('tbody')).toContainText('订购 2 箱（48 瓶）');
  await expect(page.locator('tbody td.num')).toHaveText('1 箱 + 6 瓶（30 瓶）');
  await shot(page, 'units-delivery-note-80mm');

  // what is left to pick: 18 瓶, less than a case
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/api/pick-lists/print?warehouseId=${whId}`);
  await expect(page.locator('table').filter({ has: page.locator('td', { hasText: skuCode }) }).last()).toContainText('18 瓶（不足 1 箱）');
});

test('the buyer confirms receipt of the partial shipment with 2 瓶 short, in the same units', async ({ browser }) => {
  const page = await as(browser, 'buyer');
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('shipment-line')).toContainText('× 1 箱 + 6 瓶（30 瓶） · 订购 2 箱（48 瓶）');
  await page.getByTestId('shipment').getByRole('button', { name: /确认收货/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('receipt-line')).toContainText('本次发货 1 箱 + 6 瓶（30 瓶）');
  await expect(dialog.getByTestId('receipt-received-text')).toHaveText('实收 1 箱 + 6 瓶（30 瓶）');
  const received = dialog.getByRole('spinbutton').first();
  await received.fill('28');
  await received.blur();
  await expect(dialog.getByTestId('receipt-received-text')).toHaveText('实收 1 箱 + 4 瓶（28 瓶）');
  await shot(page, 'units-receipt-dialog');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('line-qty')).toContainText('已发 1 箱 + 6 瓶（30 瓶） · 实收 1 箱 + 4 瓶（28 瓶）');
  await expect(page.getByTestId('shipment-line')).toContainText('实收 1 箱 + 4 瓶（28 瓶）');
  await noCaseCountOfBottles(page);
  await shot(page, 'units-buyer-after-receipt');
});
