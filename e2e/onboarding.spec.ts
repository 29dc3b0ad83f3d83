import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

/**
 * Issue 19: a new supplier on an empty system (ORDO_DEMO=0, its own server and data folder)
 * downloads each template, fills it, checks and imports categories, products, customers, prices
 * and opening stock in the staff console; then a buyer of an imported customer orders on a phone.
 */
let server: ChildProcess | null = null;
let base = '';
let adminPassword = '';
let dataDir = '';

test.beforeAll(async () => {
  test.setTimeout(420_000);
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  base = `http://127.0.0.1:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordo-onboarding-'));
  // node itself, not npx: SIGTERM must reach the server (npx's child outlived it and kept running)
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORDO_DATA_DIR: dataDir, ORDO_DEMO: '0', LOG_LEVEL: 'warn', ORDO_LOGIN_RATE_LIMIT: '1000', ORDO_PUBLIC_URL: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  server.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  for (let i = 0; i < 400; i++) {
    const m = /admin\s+admin\s+(\S+)/.exec(out);
    if (m) adminPassword = m[1]!;
    const up = await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false);
    if (up && adminPassword) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the empty server did not start: ${out.slice(-2000)}`);
});
test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Downloads a template from its card, appends rows to its data sheet and uploads it; the check must pass, then the import finish. */
async function importRows(page: Page, kind: string, rows: (string | number)[][]) {
  const card = page.getByTestId(`import-card-${kind}`);
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId(`import-template-${kind}`).click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as (string | undefined)[]).slice(1) as string[];
  expect(header.length).toBeGreaterThanOrEqual(2);
  for (const r of rows) ws.addRow(r);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await card.locator('input[type=file]').setInputFiles({ name: `${kind}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await expect(card.getByTestId(`import-checked-${kind}`)).toBeVisible({ timeout: 30_000 });
  await card.getByTestId(`import-run-${kind}`).click();
  await expect(card.getByTestId(`import-done-${kind}`)).toBeVisible({ timeout: 60_000 });
  return header;
}

test('an empty supplier imports its data from the templates, then a customer orders', async ({ browser }) => {
  test.setTimeout(300_000);
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, 'admin', adminPassword);
  await page.goto('/admin/imports');
  await expect(page.getByTestId('import-card-categories')).toBeVisible();
  await shot(page, 'onboarding-imports-empty');

  // a bad file first: every problem listed, nothing imported
  const bad = page.getByTestId('import-card-products');
  await bad.locator('input[type=file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('商品名称,SKU编码,基础价(元)\r\n矿泉水,BAD CODE,-1\r\n,OK-1,abc\r\n') });
  await expect(bad.getByText('SKU编码“BAD CODE”只能包含字母、数字')).toBeVisible();
  await expect(bad.getByTestId('import-run-products')).toBeDisabled();
  await shot(page, 'onboarding-imports-problems');

  await importRows(page, 'categories', [['饮料/饮用水', 1], ['饮料/碳酸饮料', 2], ['零食/坚果', 3]]);
  const productHeader = await importRows(page, 'products', [
      ['NF-WATER', '农夫山泉 饮用天然水', '', '饮料/饮用水', '农夫山泉', '瓶', '热销', '是', '否', 'NF-550', '6921168509256', '550ml', '2.00', '2.50', 570, 1, 1, '箱=24'],
      ['NF-WATER', '农夫山泉 饮用天然水', '', '饮料/饮用水', '农夫山泉', '瓶', '', '是', '否', 'NF-1500', '', '1.5L', '4.50', '', 1560, 1, 1, '箱=12'],
      ['KO-COLA', '可口可乐 330ml', '', '饮料/碳酸饮料', '可口可乐', '罐', '', '是', '是', 'KO-330', '', '330ml', '2.50', '3.00', 350, 6, 6, '箱=24'],
  ]);
  expect(productHeader[0]).toBe('商品编码');
  // products and SKUs are counted apart: two rows of NF-WATER are one product
  await expect(page.getByTestId('import-done-products')).toHaveText('导入完成：商品 新增 2，更新 0，未变 0；SKU 新增 3，更新 0，未变 0。');
  await importRows(page, 'customers', [['C1001', '杭州西湖便利店', '王丽', '13800000001', '', '浙江省', '杭州市', '西湖区', '文三路 100 号', '金牌', '', '预付款', '', '',
    '', '', '王丽', '13800000001', '浙江省', '杭州市', '西湖区', '文三路 100 号'],
  // a second contact of the same customer: one more row with the same 客户编码
  ['C1001', '', '张伟', '13800000002', 'zhangwei@example.com', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '']]);
  // the second row adds a contact to the customer: one customer, one more contact
  await expect(page.getByTestId('import-done-customers')).toHaveText('导入完成：客户 新增 1，更新 0，未变 0；新增联系人 1。');
  await importRows(page, 'prices', [['金牌客户价', '金牌', '', 'NF-550', 1, '1.80', ''], ['金牌客户价', '', '', 'NF-550', 48, '1.60', '']]);
  await importRows(page, 'stock', [['HZ', '杭州总仓', 'NF-550', 2400, 24], ['HZ', '', 'NF-1500', 600, ''], ['HZ', '', 'KO-330', 1200, '']]);
  await page.getByTestId('import-card-customers').scrollIntoViewIfNeeded();
  await shot(page, 'onboarding-imports-done');
  // the same counts in English
  await page.getByTestId('lang-switch').getByText('EN').click();
  await expect(page.getByTestId('import-done-customers')).toHaveText('Imported: customers: 1 created, 0 updated, 0 unchanged; contacts added: 1.');
  await expect(page.getByTestId('import-done-products')).toHaveText('Imported: products: 2 created, 0 updated, 0 unchanged; SKUs: 3 created, 0 updated, 0 unchanged.');
  await shot(page, 'onboarding-imports-done-en');
  await page.getByTestId('lang-switch').getByText('中文').click();
  // what the customer had paid in advance and still owed in the old system, and who the supplier buys from
  await importRows(page, 'balances', [['C1001', '杭州西湖便利店', '500.00', '120.50']]);
  await importRows(page, 'suppliers', [['S001', '杭州娃哈哈饮料有限公司', '李强', '0571-86000000', '', '杭州市上城区清泰街 160 号', '91330100MA2XXXXX0X', '月结30天', '', '是']]);
  await page.getByTestId('import-card-suppliers').scrollIntoViewIfNeeded();
  await shot(page, 'onboarding-imports-balances-suppliers');
  await page.goto('/admin/inventory/suppliers');
  const suppliers = page.getByTestId('suppliers-page');
  await expect(suppliers.getByText('月结30天')).toBeVisible();
  await suppliers.locator('.ant-table-row').first().click();
  await expect(page.getByTestId('supplier-tax')).toHaveValue('91330100MA2XXXXX0X');
  await expect(page.getByTestId('supplier-terms')).toHaveValue('月结30天');
  await shot(page, 'onboarding-supplier-imported');

  // a buyer for the imported customer
  const customers = await (await page.request.get('/api/customers?q=C1001')).json();
  const companyId = customers.items[0].id as number;
  // the imported customer's page shows the second contact beside the main one
  await page.goto(`/admin/customers/${companyId}`);
  await expect(page.getByTestId('more-contacts')).toContainText('张伟 13800000002 zhangwei@example.com');
  await shot(page, 'onboarding-customer-contacts');
  const buyerPassword = 'Hz-Buyer#2026x';
  const made = await page.request.post(`/api/customers/${companyId}/buyers`, { data: { login: 'xihu', name: '王丽', password: buyerPassword } });
  expect(made.status(), await made.text()).toBe(200);

  const phoneCtx = await browser.newContext({ baseURL: base, viewport: PHONE });
  const buyer = await phoneCtx.newPage();
  await login(buyer, 'xihu', buyerPassword);
  await buyer.getByTestId('tab-bar').getByText('商品').click();
  await expect(buyer.getByTestId('product-card').first()).toBeVisible();
  await expect(buyer.getByText('农夫山泉 饮用天然水').first()).toBeVisible();
  await shot(buyer, 'onboarding-buyer-catalog-phone');
  await buyer.getByTestId('tab-bar').getByText('快速订货').click();
  await buyer.getByTestId('paste-box').fill('编码\t数量\tunit\nNF-550\t2\t箱\nKO-330\t24\t罐');
  await buyer.getByTestId('paste-add').click();
  await expect(buyer.getByTestId('quick-error')).toHaveCount(0);
  await buyer.getByTestId('to-cart').click();
  await expect(buyer.getByTestId('cart-line')).toHaveCount(2);
  // the tier price list applies: 48 bottles at the 48+ break
  await expect(buyer.getByTestId('cart-line').first()).toContainText('¥38.40/箱'); // the tier list's 48+ break: 24 × ¥1.60
  await buyer.getByTestId('go-checkout').click();
  await expect(buyer.getByTestId('address-option').first()).toBeChecked();
  await expect(buyer.getByTestId('checkout-form')).toContainText('文三路 100 号');
  await buyer.getByTestId('submit-order').click();
  await expect(buyer.getByTestId('order-done')).toBeVisible();
  await expect(buyer.getByTestId('order-number')).toHaveText(/^SO\d{8}-\d{4}$/);
  await shot(buyer, 'onboarding-buyer-ordered-phone');
  await phoneCtx.close();
  await ctx.close();
});
