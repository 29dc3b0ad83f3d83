import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

/**
 * The staff's 预售 / 缺货预订 screen (issue 16) over the demo data: the SKUs on pre-order or
 * backorder, putting another one on pre-order with a date and a cap, the ship-partial /
 * ship-complete choice, and the queue — a line moved to the front, another dropped from an order
 * not yet approved — then the same screen in English.
 */
const isoDay = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('staff put a SKU on pre-order, choose how waiting orders ship, and work the queue', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/inventory/presale');
  await expect(page.getByTestId('presale-page')).toBeVisible();
  const skus = page.getByTestId('presale-skus');
  // the demo: one SKU on pre-order (its first batch sold out) and two on backorder, with orders waiting
  await expect(skus.locator('tbody tr.ant-table-row')).toHaveCount(3);
  const preRow = skus.locator('tbody tr.ant-table-row').filter({ hasText: '新品首批到货' });
  await expect(preRow.getByTestId('presale-tag')).toContainText('预订，预计');
  await expect(preRow.getByTestId('presale-waiting')).toHaveText(/^72 \S+ · 3 行$/);
  await expect(skus.locator('tbody tr.ant-table-row').filter({ hasText: '厂家补货中' })).toContainText('500');
  await shot(page, 'presale-admin-skus');

  // another SKU on pre-order: picked by code, with an expected date and a cap
  const stock = await (await page.request.get('/api/inventory/stock?status=ok&pageSize=5')).json();
  const code = stock.items[0].skuCode as string;
  await page.getByTestId('presale-sku').click();
  await page.keyboard.type(code);
  await page.locator('.ant-select-item-option').filter({ hasText: code }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(code);
  const when = isoDay(20);
  await dialog.getByTestId('presale-date').fill(when);
  await dialog.getByRole('spinbutton').fill('100');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  const [, m, d] = when.split('-').map(Number);
  const added = skus.locator('tbody tr.ant-table-row').filter({ hasText: code });
  await expect(added.getByTestId('presale-tag')).toHaveText(`预订，预计 ${m} 月 ${d} 日到货`);
  await expect(added).toContainText('100');

  // an order with waiting lines ships complete, then back to in parts
  await page.getByTestId('backorder-shipping').getByText('全部到货后整单发货').click();
  await expect.poll(async () => (await (await page.request.get('/api/inventory/backorder-settings')).json()).shipping).toBe('complete');
  await page.getByTestId('backorder-shipping').getByText('先发已到货的部分').click();
  await expect.poll(async () => (await (await page.request.get('/api/inventory/backorder-settings')).json()).shipping).toBe('partial');

  // the pre-order's queue: the key customer moved up first, then the two others first come first served
  await preRow.getByTestId('presale-waiting').click();
  const queue = page.getByTestId('wait-queue');
  const rows = queue.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('wait-sku-filter')).toBeVisible();
  await expect(rows.nth(0)).toContainText('苏州好邻居');
  await expect(rows.nth(1)).toContainText('上海百联');
  await expect(rows.nth(2)).toContainText('杭州西湖');
  await expect(rows.nth(2).getByTestId('wait-order')).toHaveText(/\S+/);
  await shot(page, 'presale-admin-queue');
  await rows.nth(2).getByTestId('wait-top').click();
  await expect(rows.nth(0)).toContainText('杭州西湖');
  await expect(rows.nth(0).getByTestId('wait-place')).toHaveText('1');

  // 杭州西湖's order is not yet approved: what waits is dropped by shortening its line (the order keeps its other line)
  const orderNo = (await rows.nth(0).getByTestId('wait-order').textContent())!;
  await rows.nth(0).getByTestId('wait-drop').click();
  const drop = page.getByRole('dialog');
  await expect(drop).toContainText('12');
  await drop.getByTestId('drop-reason').fill('客户同意不再等待 🙏');
  await drop.getByRole('button', { name: /取消排队/ }).click();
  await expect(drop).toBeHidden();
  await expect(rows).toHaveCount(2);
  await expect(queue).not.toContainText(orderNo);
  await page.getByTestId('wait-status').getByText('已取消').click();
  await expect(rows.filter({ hasText: orderNo })).toHaveCount(1);

  // the same screen in English
  await page.getByTestId('lang-switch').getByText('EN').click();
  await page.getByTestId('wait-status').getByText('Waiting').click();
  await expect(page.getByText('Pre-orders / backorders').first()).toBeVisible();
  await expect(queue).toContainText('Move to front');
  await shot(page, 'presale-admin-queue-en');
  await page.getByTestId('lang-switch').getByText('中文').click();
  await page.request.delete(`/api/inventory/presale/${stock.items[0].skuId}`);
});
