import { expect, test, type Page } from '@playwright/test';
import { fitsThePhone, phone, PHONE, shot } from './helpers';

/**
 * The rest of the staff console on a phone (issue 13): finance confirms a customer's bank transfer
 * and the warehouse looks up a SKU's stock in every warehouse, at 390×844, without the page
 * scrolling sideways (the queue, the payment list and the stock card's warehouses are cards).
 */
test.describe.configure({ mode: 'serial' });

// A small valid PNG (the voucher photo the buyer uploads).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAACgAAAAeCAIAAADRv8uKAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAPUlEQVRIie3VQQ0AMAwCwGlBHOJQORnb45L+mzSUO1mfzLF4Th3hqneaAonKLCSGxWJxWAwWi8VhMV+xeAGh9JqsmXEycAAAAABJRU5ErkJggg==', 'base64');
// digits only as the run mark: the data must not carry Latin words (zh-text scan)
const payer = `手机确认转账 ${Date.now() % 1_000_000}`;
let transfer = { id: 0, number: '' };



async function openFromMenu(page: Page, label: string) {
  await page.getByRole('button', { name: '菜单' }).click();
  const drawer = page.getByRole('dialog', { name: 'Ordo 订货' });
  await expect(drawer.getByRole('menuitem').first()).toBeVisible();
  await drawer.getByRole('link', { name: label }).click();
  await expect(drawer).toBeHidden();
}

test('a buyer submits a bank transfer top-up with a voucher', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'buyer');
  const res = await page.request.post('/api/my/account/topups/transfer', {
    multipart: { amount: '12345', payerName: payer, voucher: { name: '转账凭证.png', mimeType: 'image/png', buffer: PNG } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const p = (await res.json()) as { id: number; number: string; status: string; method: string };
  expect(p).toMatchObject({ status: 'pending', method: 'transfer' });
  transfer = { id: p.id, number: p.number };
  await ctx.close();
});

test('finance on a phone: menu drawer, the transfer as a card, confirms it, sees it confirmed', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'finance');
  await openFromMenu(page, '财务待办');
  await expect(page).toHaveURL(/\/admin\/finance\/queue$/);
  const card = page.getByTestId('transfer-card').filter({ hasText: transfer.number });
  await expect(card).toBeVisible();
  await expect(card).toContainText(payer);
  await expect(card).toContainText('¥123.45');
  await expect(card).toContainText('预存款充值');
  await expect(card.getByRole('img')).toBeVisible(); // the voucher thumbnail
  await card.scrollIntoViewIfNeeded();
  await fitsThePhone(page, 'finance queue');
  await shot(page, 'staff-phone-finance-queue');
  // the buttons are inside the card and on the screen
  const button = card.getByRole('button', { name: '确认收款' });
  const box = (await button.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await button.click();
  await expect(page.getByText(`已确认收款 ${transfer.number}`)).toBeVisible();
  await expect(card).toHaveCount(0);

  await openFromMenu(page, '收款记录');
  await expect(page).toHaveURL(/\/admin\/finance\/payments$/);
  await page.getByRole('searchbox').fill(transfer.number);
  await page.getByRole('searchbox').press('Enter');
  const done = page.getByTestId('payment-card').filter({ hasText: transfer.number });
  await expect(done).toHaveCount(1);
  await expect(done).toContainText('成功');
  await expect(done).toContainText('银行转账');
  await expect(done).toContainText('确认人');
  await fitsThePhone(page, 'payment list');
  await shot(page, 'staff-phone-finance-payments');
  const p = (await (await page.request.get(`/api/payments?q=${transfer.number}`)).json()) as { items: { id: number; status: string }[] };
  expect(p.items.find((x) => x.id === transfer.id)?.status).toBe('succeeded');
  await ctx.close();
});

test('the warehouse on a phone: looks up a product by name, per-warehouse stock with units', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'warehouse');
  await openFromMenu(page, '库存查询');
  await expect(page).toHaveURL(/\/admin\/inventory\/stock$/);
  await fitsThePhone(page, 'stock list');
  const search = page.getByRole('searchbox', { name: '编码 / 名称 / 条码' });
  await search.fill('婴儿饮用水');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=/);
  const rows = page.getByTestId('stock-page').locator('tbody tr.ant-table-row');
  await expect(rows.first()).toContainText('农夫山泉 婴儿饮用水');
  // every warehouse shows up for the SKU, each figure in the product's unit
  for (const w of ['杭州', '上海', '广州']) await expect(rows.filter({ hasText: w }).first()).toBeVisible();
  await expect(rows.first()).toContainText(/\d+ 瓶/);
  await fitsThePhone(page, 'stock search');
  await shot(page, 'staff-phone-stock-search');
  // no column squeezed to a character per line: a row is at most a few lines tall
  const h = (await rows.first().boundingBox())!.height;
  expect(h).toBeLessThan(120);

  await rows.first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/admin\/inventory\/skus\/\d+$/);
  const levels = page.getByTestId('level-card');
  await expect(levels).toHaveCount(3);
  for (const w of ['杭州', '上海', '广州']) await expect(levels.filter({ hasText: w })).toHaveCount(1);
  await expect(levels.first().getByTestId('level-figures')).toContainText(/在库 \d+ 瓶 · 已预留 \d+ 瓶 · 可用 -?\d+ 瓶/);
  await expect(page.getByTestId('card-onhand')).toContainText(/\d+ 瓶/);
  await fitsThePhone(page, 'stock card');
  await shot(page, 'staff-phone-stock-card');
  await ctx.close();
});
