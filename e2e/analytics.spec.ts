import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { fitsThePhone, login, phone, shot } from './helpers';

// Issue 17: the boss's dashboard, a sales report with 同比, drill-down from a region to its
// customers to one customer's orders, and the xlsx export opened and checked — desktop and phone.
const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const today = day(new Date());
const yearAgo = day(new Date(Date.now() - 364 * 86_400_000));
const amountOf = (text: string) => Math.round(Number(text.replace(/[¥,\s]/g, '')) * 100);

test('the boss’s dashboard, sales by region with 同比, drill-down to a customer’s orders, xlsx export checked', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/reports/dashboard');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('kpi-receivable')).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await shot(page, 'analytics-dashboard');

  await page.goto(`/admin/reports/sales?from=${yearAgo}&to=${today}&dim=region&compare=yoy`);
  await expect(page.getByTestId('report-title')).toContainText('销售分析');
  await expect(page.getByRole('columnheader', { name: '同比增长' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '同比基期' })).toBeVisible();
  await expect(page.locator('[data-testid="sales-analysis"] canvas').first()).toBeVisible();
  await shot(page, 'analytics-sales-region-yoy');

  // region → its customers (the filter is in the URL and shown as a tag)
  await page.getByTestId('report-drill').first().click();
  await expect(page).toHaveURL(/dim=customer/);
  await expect(page).toHaveURL(/region=/);
  await expect(page.locator('.ant-tag', { hasText: '地区' })).toBeVisible();
  await expect(page.getByTestId('report-drill').first()).toBeVisible();
  await shot(page, 'analytics-sales-region-customers');

  // the export of this very table: same customers, same amounts (yuan in the workbook)
  const firstLabel = (await page.getByTestId('report-drill').first().innerText()).trim();
  const amountCell = page.locator('[data-testid="report-table"] tbody tr.ant-table-row').first().locator('td').nth(2);
  const firstAmount = amountOf(await amountCell.innerText());
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(1).values as string[]).slice(1);
  expect(header).toContain('销售额 Sales');
  expect(header).toContain('同比增长 YoY growth');
  const label = header.findIndex((h) => h.startsWith('客户')) + 1;
  const amount = header.indexOf('销售额 Sales') + 1;
  expect(ws.getRow(2).getCell(label).value).toBe(firstLabel);
  expect(Math.round(Number(ws.getRow(2).getCell(amount).value) * 100)).toBe(firstAmount);

  // customer → its orders and monthly trend; an order opens the order page
  await page.getByTestId('report-drill').first().click();
  await expect(page).toHaveURL(/\/admin\/reports\/customer\?.*companyId=\d+/);
  await expect(page.getByTestId('report-title')).toContainText('的订单');
  await expect(page.getByTestId('report-link').first()).toBeVisible();
  await shot(page, 'analytics-customer-orders');
  await page.getByTestId('report-link').first().click();
  await expect(page).toHaveURL(/\/admin\/orders\/\d+/);
});

test('sales by month with 同比 and the stock, customer and money reports open with charts', async ({ page }) => {
  await login(page, 'admin');
  await page.goto(`/admin/reports/sales?from=${yearAgo}&to=${today}&period=month&compare=yoy`);
  await expect(page.getByRole('columnheader', { name: '同比增长' })).toBeVisible();
  await expect(page.locator('[data-testid="report-table"] tbody tr.ant-table-row')).toHaveCount(await page.locator('[data-testid="report-table"] tbody tr.ant-table-row').count());
  await shot(page, 'analytics-sales-month-yoy');
  for (const [path, testid, name] of [['customers?r=rfm', 'report-rfm', 'analytics-rfm'], ['stock?r=turnover', 'report-turnover', 'analytics-turnover'], ['money?r=aging', 'report-aging', 'analytics-aging'], ['reps', 'report-reps', 'analytics-reps']] as const) {
    await page.goto(`/admin/reports/${path}`);
    await expect(page.getByTestId(testid)).toBeVisible();
    await expect(page.getByTestId('report-title')).toBeVisible();
    await shot(page, name);
  }
});

test('on a phone: the dashboard and the sales report fit the screen', async ({ browser }) => {
  const { ctx, page } = await phone(browser, 'admin');
  await page.goto('/admin/reports/dashboard');
  await expect(page.getByTestId('kpi-receivable')).toBeVisible();
  await fitsThePhone(page, 'dashboard');
  await shot(page, 'analytics-phone-dashboard');
  await page.goto(`/admin/reports/sales?from=${yearAgo}&to=${today}&dim=customer&compare=yoy`);
  await expect(page.getByRole('columnheader', { name: '同比增长' })).toBeVisible();
  await fitsThePhone(page, 'sales report');
  await shot(page, 'analytics-phone-sales');
  await ctx.close();
});

test('stock-out days, stock value and aging over time from the daily snapshots; the weekly e-mail switch', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/reports/dashboard');
  const sw = page.getByTestId('weekly-email');
  await expect(sw).toHaveAttribute('aria-checked', 'false');
  await sw.click();
  await expect(page.getByText('已订阅每周摘要邮件')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('weekly-email')).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'analytics-weekly-switch');
  await page.getByTestId('weekly-email').click();
  await expect(page.getByText('已退订每周摘要邮件')).toBeVisible();

  await page.goto('/admin/reports/stock?r=stockouts');
  await expect(page.getByTestId('report-stockouts')).toBeVisible();
  await expect(page.getByTestId('report-title')).toContainText('缺货天数');
  await expect(page.getByText(/快照每天由后台任务记录/)).toBeVisible();
  await shot(page, 'analytics-stockouts');
  await page.getByText('库存金额趋势', { exact: true }).click();
  await expect(page.getByTestId('report-stockvalue')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '库存金额' })).toBeVisible();
  await expect(page.locator('[data-testid="report-stockvalue"] tbody tr.ant-table-row').first()).toBeVisible();
  await shot(page, 'analytics-stockvalue');
  await page.goto('/admin/reports/money?r=agingtrend');
  await expect(page.getByTestId('report-agingtrend')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '逾期1-30天' })).toBeVisible();
  await shot(page, 'analytics-agingtrend');
});
