import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

test('admin lists products, takes two off the shelf and back, edits one', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/catalog/products');
  const rows = page.getByTestId('admin-products').locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await rows.nth(0).locator('input[type=checkbox]').check();
  await rows.nth(1).locator('input[type=checkbox]').check();
  await page.getByTestId('bulk-off').click();
  await expect(rows.nth(0).getByTestId('shelf-tag')).toHaveText('下架');
  await expect(rows.nth(1).getByTestId('shelf-tag')).toHaveText('下架');
  await shot(page, 'catalog-admin-products');
  await rows.nth(0).locator('input[type=checkbox]').check();
  await rows.nth(1).locator('input[type=checkbox]').check();
  await page.getByTestId('bulk-on').click();
  await expect(rows.nth(0).getByTestId('shelf-tag')).toHaveText('上架');

  await page.getByTestId('admin-product-search').locator('input').fill('kqs');
  await page.getByTestId('admin-product-search').locator('input').press('Enter');
  await expect(rows.first()).toContainText('矿泉水');
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('product-editor')).toBeVisible();
  await expect(page.getByTestId('sku-row').first()).toBeVisible();
  await expect(page.getByTestId('editor-image').first()).toBeVisible();
  const name = page.getByTestId('product-name');
  await name.fill(`${await name.inputValue()} 新版`);
  await page.getByTestId('product-save').click();
  await expect(page.getByText('已保存')).toBeVisible();
  await shot(page, 'catalog-admin-editor');

  // the SKU's pre-order / backorder setting is edited where the SKU is: on pre-order with an expected date, then off again
  const presale = page.getByTestId('sku-row').first().getByTestId('sku-presale');
  await expect(presale.getByTestId('sku-presale-edit')).toBeVisible();
  const wasOn = await presale.getByTestId('presale-tag').count();
  await presale.getByTestId('sku-presale-edit').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('预订（到货前接单，须填预计到货日期）').click();
  const when = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByTestId('presale-date').fill(when);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  const [, m, d] = when.split('-').map(Number);
  await expect(presale.getByTestId('presale-tag')).toHaveText(`预订，预计 ${m} 月 ${d} 日到货`);
  await shot(page, 'catalog-admin-editor-presale');
  if (!wasOn) {
    await presale.getByTestId('sku-presale-edit').click();
    await dialog.getByText('不预订（须有库存才能下单）').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dialog).toBeHidden();
    await expect(presale).toContainText('不预订');
    await expect(presale.getByTestId('presale-tag')).toHaveCount(0);
  }
  await page.getByTestId('product-editor').getByText('商品参数').scrollIntoViewIfNeeded();
  await shot(page, 'catalog-admin-editor-params');
});

test('admin imports a spreadsheet from the product page (the imports flow): the check lists the bad row, the good file imports with its result file', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/catalog/products');
  await page.getByTestId('import-open').click();
  const dialog = page.locator('.ant-modal');
  await expect(dialog.getByTestId('import-template')).toHaveAttribute('href', '/api/imports/products/template');
  const csv = [
    '商品编码,商品名称,分类,品牌,基本单位,SKU编码,规格,基础价(元),辅助单位',
    'NFSQ-VIP,农夫山泉 饮用天然水 会员装,饮料/饮用水,农夫山泉,瓶,NFSQ-VIP-1,550ml×24,1.95,箱=24',
    'NFSQ-VIP,农夫山泉 饮用天然水 会员装,饮料/饮用水,农夫山泉,瓶,NFSQ-VIP-2,1.5L×12,负五元,箱=12|提=6',
  ].join('\r\n');
  // choosing the file checks it at once: nothing written, every problem listed
  await dialog.locator('input[type=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  const problems = dialog.getByTestId('import-problems-products');
  await expect(problems).toBeVisible();
  await expect(problems.locator('tbody tr').first()).toContainText('3');
  await expect(problems.locator('tbody tr').first()).toContainText('基础价(元)');
  await expect(problems.locator('tbody tr').first()).toContainText('负五元');
  await expect(dialog.getByTestId('import-run-products')).toBeDisabled();
  await expect(dialog.getByTestId('import-result-products')).toBeVisible();
  await shot(page, 'catalog-admin-import-errors');

  const good = csv.replace('负五元', '4.50');
  await dialog.locator('input[type=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
  await expect(dialog.getByTestId('import-checked-products')).toContainText('2 行');
  await dialog.getByTestId('import-run-products').click();
  await expect(dialog.getByTestId('import-done-products')).toContainText('新增 2');
  const result = await page.request.get(await dialog.getByTestId('import-result-products').getAttribute('href') ?? '');
  expect(result.status()).toBe(200);
  await shot(page, 'catalog-admin-import-ok');
  await page.keyboard.press('Escape');
  await page.getByTestId('admin-product-search').locator('input').fill('会员装');
  await page.getByTestId('admin-product-search').locator('input').press('Enter');
  await expect(page.getByTestId('admin-products').locator('tbody tr.ant-table-row').first()).toContainText('农夫山泉 饮用天然水 会员装');
});

test('admin manages categories and brands', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/catalog/categories');
  await expect(page.getByTestId('category-饮用水')).toBeVisible();
  await page.getByTestId('category-饮料').getByRole('button', { name: '添加子分类' }).click();
  await page.getByTestId('category-name').fill('苏打水');
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('category-苏打水')).toBeVisible();
  await shot(page, 'catalog-admin-categories');
  await page.getByTestId('category-饮料').getByRole('button', { name: '删除' }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).last().click();
  await expect(page.getByText(/还有 .* 个子分类/)).toBeVisible();
  await page.goto('/admin/catalog/brands');
  await expect(page.getByText('农夫山泉').first()).toBeVisible();
  await shot(page, 'catalog-admin-brands');
});
