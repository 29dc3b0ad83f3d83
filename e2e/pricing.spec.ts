import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { login, shot } from './helpers';

const ok = /确\s*定|OK/;
interface Sku { skuId: number; skuCode: string; productId: number; productName: string; basePrice: number }

async function demoSkus(page: Page): Promise<Sku[]> {
  const r = (await (await page.request.get('/api/pricing/skus?pageSize=5&q=-')).json()) as { items: Sku[] };
  return r.items;
}
async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('价目表');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function pickSku(page: Page, testId: string, code: string) {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).locator('input').fill(code);
  await page.locator(`.ant-select-item-option[title^="${code} "]:visible`).click();
}

test('admin builds a tier price list: quantity breaks, bulk discount, MOQ override, Excel dry run with row errors, import, export', async ({ page }) => {
  await login(page, 'admin');
  const skus = await demoSkus(page);
  test.skip(skus.length < 2, 'the demo data has no SKUs yet (the catalog demo seed lands separately)');
  const [a, b] = skus;
  const p1 = Math.round(a.basePrice * 0.9);
  const p2 = Math.round(a.basePrice * 0.85);
  const yuan = (fen: number) => (fen / 100).toFixed(2);

  await page.getByRole('link', { name: '价目表' }).first().click();
  await expect(page.getByTestId('price-lists-page')).toContainText('一级经销商价目表');
  await shot(page, 'pricing-lists');
  await page.getByRole('button', { name: /新建价目表/ }).click();
  const lf = page.getByTestId('list-form');
  await lf.getByLabel('名称').fill('零售终端 春季价');
  await lf.getByLabel('客户等级').click();
  await page.locator('.ant-select-item-option[title="零售终端"]').click();
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  await expect(page.getByTestId('price-list-editor')).toContainText('零售终端 春季价');

  // breaks: a rising break is flagged before saving
  await pickSku(page, 'add-sku', a.skuCode);
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('value-0').fill(yuan(p1));
  await dialog.getByRole('button', { name: /添加阶梯/ }).click();
  await dialog.getByLabel('minQty-1').fill('24');
  await dialog.getByLabel('value-1').fill(yuan(p1 + 30));
  await expect(page.getByTestId('breaks-problems')).toContainText('不能高于');
  await dialog.getByLabel('value-1').fill(yuan(p2));
  await expect(page.getByTestId('breaks-problems')).toHaveCount(0);
  await dialog.getByRole('button', { name: ok }).click();
  const row = page.getByRole('row', { name: new RegExp(a.skuCode) });
  await expect(row).toContainText(`≥1：¥${yuan(p1)}`);
  await expect(row).toContainText(`≥24：¥${yuan(p2)}`);

  // bulk percentage on the selected SKU
  await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: /批量折扣/ }).click();
  await page.getByRole('dialog').getByRole('spinbutton').fill('10');
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  await expect(row).toContainText('≥1：9折'); // a 10% discount is said the Chinese way
  await expect(row).not.toContainText('≥24');
  await shot(page, 'pricing-editor');

  // MOQ override
  await page.getByRole('tab', { name: '起订量' }).click();
  await pickSku(page, 'moq-add', a.skuCode);
  await page.getByLabel(`moq-${a.skuCode}`).fill('12');
  await page.getByLabel(`multiple-${a.skuCode}`).fill('6');
  await page.getByTestId('moq-tab').getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();

  // Excel: a file with an unknown SKU and a 0 break is refused row by row; a good one imports
  await page.getByRole('tab', { name: 'Excel 导入导出' }).click();
  await expect(page.getByTestId('export')).toHaveAttribute('href', /export\.xlsx$/);
  const bad = await xlsx([['SKU编码', '起订数量(≥)', '固定价(元)'], [b.skuCode, 1, 5], ['NO-SUCH-SKU', 1, 2], [b.skuCode, 0, 4]]);
  await page.locator('input[type=file]').setInputFiles({ name: 'bad.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
  await page.getByRole('button', { name: /预\s*检/ }).click();
  await expect(page.getByTestId('import-error')).toBeVisible();
  await expect(page.getByTestId('import-errors')).toContainText('NO-SUCH-SKU');
  await expect(page.getByTestId('import-errors').getByRole('cell', { name: '3', exact: true })).toBeVisible();
  await expect(page.getByTestId('import-errors').getByRole('cell', { name: '4', exact: true })).toBeVisible();
  await shot(page, 'pricing-import-errors');
  const good = await xlsx([['SKU编码', '起订数量(≥)', '固定价(元)'], [b.skuCode, 1, 5], [b.skuCode, 10, 4.5]]);
  await page.locator('input[type=file]').setInputFiles({ name: 'good.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
  await page.getByRole('button', { name: /预\s*检/ }).click();
  await expect(page.getByTestId('import-result')).toContainText('预检通过：2 行');
  await page.getByRole('button', { name: /确认导入/ }).click();
  await expect(page.getByTestId('import-result')).toContainText('已导入 2 行');
  await page.getByRole('tab', { name: '价格' }).click();
  await expect(page.getByRole('row', { name: new RegExp(b.skuCode) })).toContainText('≥10：¥4.50');
});

test('a tier price change shows in the customer\'s prices with the explanation and the next break', async ({ page }) => {
  await login(page, 'admin');
  const skus = await demoSkus(page);
  test.skip(skus.length < 1, 'the demo data has no SKUs yet (the catalog demo seed lands separately)');
  const sku = skus[0];
  // a 零售终端 customer and a list for that tier, priced through the API; the screen must show it
  const tiers = (await (await page.request.get('/api/tiers')).json()) as { id: number; name: string }[];
  const t3 = tiers.find((x) => x.name === '零售终端')!;
  const list = (await (await page.request.post('/api/price-lists', { data: { name: '零售终端 e2e', kind: 'tier', tierId: t3.id } })).json()) as { id: number };
  await page.request.put(`/api/price-lists/${list.id}/items`, { data: { items: [{ skuId: sku.skuId, minQty: 1, fixedPrice: 888 }, { skuId: sku.skuId, minQty: 50, fixedPrice: 777 }] } });
  const c = (await (await page.request.get(`/api/customers?q=${encodeURIComponent('苏州好邻居')}`)).json()) as { items: { id: number }[] };
  await page.goto(`/admin/customers/${c.items[0].id}`);
  await page.getByRole('tab', { name: '客户价格' }).click();
  await page.getByTestId('price-search').locator('input').fill(sku.skuCode);
  await page.getByTestId('price-search').locator('input').press('Enter');
  const row = page.getByTestId('customer-prices').getByRole('row', { name: new RegExp(sku.skuCode) });
  await expect(row).toContainText('¥8.88');
  await expect(row).toContainText('等级价目表');
  await row.getByText('价格说明').click();
  await expect(page.getByTestId('explain-price')).toHaveText('¥8.88');
  await expect(page.getByTestId('explain-next')).toContainText('买满 50 件每件 ¥7.77');
  await page.getByLabel('explain-qty').fill('60');
  await expect(page.getByTestId('explain-price')).toHaveText('¥7.77');
  await shot(page, 'pricing-explain');
  // staff changes the tier price in the editor; the customer's price follows
  await page.goto(`/admin/pricing/lists/${list.id}`);
  await page.getByRole('row', { name: new RegExp(sku.skuCode) }).getByText('编辑').click();
  await page.getByRole('dialog').getByLabel('value-0').fill('8.50');
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  await expect(page.getByRole('row', { name: new RegExp(sku.skuCode) })).toContainText('≥1：¥8.50');
  await page.goto(`/admin/customers/${c.items[0].id}`);
  await page.getByRole('tab', { name: '客户价格' }).click();
  await page.getByTestId('price-search').locator('input').fill(sku.skuCode);
  await page.getByTestId('price-search').locator('input').press('Enter');
  await expect(page.getByTestId('customer-prices').getByRole('row', { name: new RegExp(sku.skuCode) })).toContainText('¥8.50');
});

test('admin limits a product to one tier; other customers see it as hidden', async ({ page }) => {
  await login(page, 'admin');
  const skus = await demoSkus(page);
  test.skip(skus.length < 1, 'the demo data has no SKUs yet (the catalog demo seed lands separately)');
  const sku = skus[1] ?? skus[0];
  await page.getByRole('link', { name: '商品可见性' }).first().click();
  await pickSku(page, 'vis-pick', sku.skuCode);
  const form = page.getByTestId('visibility-form');
  await form.getByLabel('客户等级').click();
  await page.locator('.ant-select-item-option[title="一级经销商"]').click();
  await page.getByRole('dialog').getByText(/满足任一条件/).click(); // closes the tier dropdown
  await page.getByRole('button', { name: /添加地区/ }).click();
  await form.getByPlaceholder('省份').fill('安徽省');
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  const row = page.getByRole('row', { name: new RegExp(sku.productName) });
  await expect(row).toBeVisible();
  await shot(page, 'pricing-visibility');
  const c = (await (await page.request.get(`/api/customers?q=${encodeURIComponent('温州鹿城')}`)).json()) as { items: { id: number }[] };
  const hits = (await (await page.request.get(`/api/pricing/skus?companyId=${c.items[0].id}&q=${sku.skuCode}`)).json()) as { items: { skuCode: string; visible: boolean }[] };
  expect(hits.items.find((h) => h.skuCode === sku.skuCode)?.visible).toBe(false);
  await page.goto(`/admin/customers/${c.items[0].id}`);
  await page.getByRole('tab', { name: '客户价格' }).click();
  await page.getByTestId('price-search').locator('input').fill(sku.skuCode);
  await page.getByTestId('price-search').locator('input').press('Enter');
  await expect(page.getByTestId('customer-prices').getByRole('row', { name: new RegExp(sku.skuCode) })).toContainText('不可见');
});
