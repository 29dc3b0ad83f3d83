import { expect, test, type Page } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

// A small valid PNG (the voucher photo the buyer uploads).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAACgAAAAeCAIAAADRv8uKAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAPUlEQVRIie3VQQ0AMAwCwGlBHOJQORnb45L+mzSUO1mfzLF4Th3hqneaAonKLCSGxWJxWAwWi8VhMV+xeAGh9JqsmXEycAAAAABJRU5ErkJggg==', 'base64');

async function ordersToPay(page: Page) {
  await page.goto('/pay');
  await expect(page.getByTestId('to-pay')).toBeVisible();
  return page.getByTestId('to-pay').locator('.ant-list-item');
}

test('buyer pays by transfer with a voucher, finance confirms, the order moves on', async ({ browser }) => {
  const buyerCtx = await browser.newContext({ viewport: PHONE });
  const buyer = await buyerCtx.newPage();
  await login(buyer, 'buyer');
  const items = await ordersToPay(buyer);
  await expect(items.first()).toBeVisible();
  await shot(buyer, 'payments-to-pay-phone');
  const count = await items.count();
  await items.last().getByRole('button').click();
  await expect(buyer).toHaveURL(/\/pay\/\d+/);
  const orderId = Number(buyer.url().split('/pay/')[1]);
  await buyer.getByTestId('method-transfer').click();
  await buyer.getByTestId('payer-name').fill('上海百联 财务部');
  await buyer.locator('input[type=file]').setInputFiles({ name: '转账凭证.png', mimeType: 'image/png', buffer: PNG });
  await shot(buyer, 'payments-pay-transfer-phone');
  await buyer.getByTestId('pay-submit').click();
  await expect(buyer.getByText('已提交，等待财务确认')).toBeVisible();
  await expect(buyer.getByText('待确认').first()).toBeVisible();

  const staff = await browser.newPage();
  await login(staff, 'finance');
  await staff.goto('/admin/finance/queue');
  const row = staff.getByTestId('finance-queue').locator('tr', { hasText: '上海百联 财务部' });
  await expect(row).toBeVisible();
  await shot(staff, 'payments-finance-queue');
  await row.getByRole('button', { name: /确认收款/ }).click();
  await expect(row).toHaveCount(0);
  const order = await staff.request.get(`/api/orders/${orderId}`);
  const o = await order.json();
  expect(o.paymentStatus).toBe('paid');
  expect(o.status).not.toBe('awaiting_payment');

  await buyer.reload();
  await expect(buyer.getByText('该订单已付清')).toBeVisible();
  await shot(buyer, 'payments-paid-phone');
  await expect(await ordersToPay(buyer)).toHaveCount(count - 1);
  await buyerCtx.close();
});

test('buyer pays online through the sandbox pay page and comes back paid', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  const items = await ordersToPay(page);
  await items.first().getByRole('button').click();
  await page.getByTestId('method-online').click();
  const started = page.waitForRequest((r) => r.method() === 'POST' && /\/api\/my\/orders\/\d+\/pay\/online$/.test(r.url()));
  await page.getByTestId('pay-submit').click();
  expect((await started).postDataJSON()).toMatchObject({ channel: 'mobile' }); // a phone: the provider's mobile-web payment
  await expect(page).toHaveURL(/sandbox\/pay\/SBX/);
  await expect(page.getByText('沙箱环境')).toBeVisible();
  await shot(page, 'payments-sandbox-cashier-phone');
  await page.getByRole('button', { name: /付款 ¥/ }).click();
  await expect(page).toHaveURL(/\/pay\/\d+\?payment=\d+/);
  await expect(page.getByText('该订单已付清')).toBeVisible({ timeout: 15_000 });
  await ctx.close();
});

test('on a desktop an online top-up is a QR code to scan; paying on the phone then 我已付款 credits the balance', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await login(page, 'owner');
  await page.goto('/account/balance');
  await page.getByTestId('topup-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('在线充值').click();
  await dialog.getByRole('textbox').first().fill('88.80');
  const started = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/my/account/topups/online'));
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  expect((await started).postDataJSON()).toEqual({ amount: 8_880, channel: 'qr' }); // a desktop: a QR code
  const qr = page.getByTestId('pay-qr');
  await expect(qr.locator('canvas, svg').first()).toBeVisible();
  await expect(qr).toContainText('¥88.80');
  await shot(page, 'payments-qr-desktop');
  // not paid yet: says so and keeps the code up
  await page.getByTestId('qr-check').click();
  await expect(qr).toContainText('尚未收到付款');
  // "the phone": open the code's URL and pay there
  const payUrl = await page.locator('.ant-modal-footer a').getAttribute('href');
  const phone = await ctx.newPage();
  await phone.setViewportSize(PHONE);
  await phone.goto(payUrl!);
  await phone.getByRole('button', { name: /付款 ¥88.80/ }).click();
  await phone.waitForURL((u) => !u.pathname.includes('/sandbox/pay/')); // paid: the cashier sent it back
  await page.getByTestId('qr-check').click();
  await expect(page.getByTestId('pay-qr')).toBeHidden(); // the closed modal keeps its last content, hidden
  await expect(page.getByTestId('balance-page').getByText('在线支付').first()).toBeVisible();
  await ctx.close();
});

test('balance, history and statements on a phone; the company admin confirms a statement', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'owner');
  await page.goto('/account/balance');
  await expect(page.getByTestId('balance-page')).toContainText('预存款余额');
  await expect(page.getByTestId('balance-page')).toContainText('充值');
  await shot(page, 'payments-balance-phone');
  await page.goto('/statements');
  const first = page.getByTestId('my-statements').locator('.ant-list-item').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByTestId('closing')).toBeVisible();
  await shot(page, 'payments-statement-phone');
  await page.getByRole('button', { name: '确认无误' }).click();
  await expect(page.locator('.ant-modal').getByText('已确认')).toBeVisible();
  await ctx.close();
});

test('finance screens: accounts with credit and hold, payments, statements, aging', async ({ page }) => {
  await login(page, 'finance');
  await page.goto('/admin/finance/accounts');
  await expect(page.getByTestId('accounts-page')).toContainText('上海百联便利连锁有限公司');
  await expect(page.getByTestId('accounts-page')).toContainText('已冻结');
  await shot(page, 'payments-accounts');
  await page.getByText('上海百联便利连锁有限公司').click();
  await expect(page.locator('.ant-drawer')).toContainText('可用额度');
  await shot(page, 'payments-account-drawer');
  await page.keyboard.press('Escape');
  await page.goto('/admin/finance/payments');
  await expect(page.getByTestId('payments-page').locator('.ant-table-row').first()).toBeVisible();
  await shot(page, 'payments-records');
  await page.goto('/admin/finance/statements');
  await expect(page.getByTestId('statements-page').locator('.ant-table-row').first()).toBeVisible();
  await shot(page, 'payments-statements');
  await page.goto('/admin/finance/aging');
  await expect(page.getByTestId('aging-page')).toContainText('应收合计');
  await shot(page, 'payments-aging');
});

test('finance records a receipt (收款) against an opening receivable brought from the old system', async ({ browser, page }) => {
  // the admin imports C003's opening receivable: ¥800, due 2026-01-31 (overdue)
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  const csv = Buffer.from('客户编码,期初应收(元),期初应收到期日\r\nC003,800,2026-01-31\r\n', 'utf8');
  const imp = await admin.request.post('/api/imports/balances', { multipart: { file: { name: '期初应收.csv', mimeType: 'text/csv', buffer: csv } } });
  expect([200, 202]).toContain(imp.status());
  await expect.poll(async () => (await (await admin.request.get(`/api/imports/jobs/${(await imp.json()).id}`)).json()).status).toBe('done');
  await adminCtx.close();

  await login(page, 'finance');
  await page.goto('/admin/finance/aging');
  const row = page.getByTestId('aging-page').locator('.ant-table-row', { hasText: '苏州好邻居超市有限公司' });
  await expect(row).toContainText('¥800.00');
  await expect(row).toContainText('2026-01-31');
  await shot(page, 'payments-aging-opening');
  await row.getByRole('button', { name: /收\s*款/ }).click();
  const modal = page.locator('.ant-modal');
  await expect(modal.getByTestId('opening-outstanding')).toHaveText('¥800.00');
  await expect(modal).toContainText('逾期');
  await modal.getByLabel('金额（元）').fill('300');
  await modal.getByLabel('付款户名').fill('苏州好邻居 财务 💰');
  await shot(page, 'payments-opening-receipt');
  await modal.getByRole('button', { name: '登记收款' }).click();
  await expect(page.getByText(/已登记收款 P\d+，期初应收还剩 ¥500.00/)).toBeVisible();
  await expect(row).toContainText('¥500.00');
  await shot(page, 'payments-aging-opening-received');
  // the account drawer shows what is still open, with the same action
  await page.goto('/admin/finance/accounts');
  await page.getByText('苏州好邻居超市有限公司').click();
  await expect(page.getByTestId('account-opening')).toContainText('¥500.00');
  await expect(page.locator('.ant-drawer')).toContainText('期初应收收款');
  // the rest partly from C003's prepaid balance (预存款抵扣): the form shows what is free to spend
  await page.locator('.ant-drawer').getByRole('button', { name: /收\s*款/ }).click();
  const again = page.getByRole('dialog', { name: /期初应收收款/ });
  await again.getByTestId('opening-receipt-method').click();
  await page.locator('.ant-select-item-option', { hasText: '预存款抵扣' }).click();
  await expect(again.getByTestId('opening-free-balance')).toContainText(/可用预存款 ¥[\d,]+\.\d{2}/);
  await again.getByLabel('金额（元）').fill('200');
  await shot(page, 'payments-opening-from-balance');
  await again.getByRole('button', { name: '登记收款' }).click();
  await expect(page.getByText(/已登记收款 P\d+，期初应收还剩 ¥300.00/)).toBeVisible();
  await expect(page.getByTestId('account-opening')).toContainText('¥300.00');

  // the collections trend: this period billed ¥800 of opening receivables and received ¥500 on them
  await page.goto('/admin/reports/money?r=collection');
  const trend = page.getByTestId('report-collection');
  await expect(trend.locator('thead')).toContainText('期初应收');
  await expect(trend.locator('thead')).toContainText('期初应收收款');
  await expect(trend.locator('.ant-table-summary, tfoot').first()).toContainText('¥800.00');
  await expect(trend.locator('.ant-table-summary, tfoot').first()).toContainText('¥500.00');
  await trend.locator('.ant-table').scrollIntoViewIfNeeded();
  await shot(page, 'payments-collection-opening');

  // finance on a phone: the receipt form fits 390 px, nothing cut off
  await page.setViewportSize(PHONE);
  await page.goto('/admin/finance/aging');
  const phoneRow = page.getByTestId('aging-page').locator('.ant-table-row', { hasText: '苏州好邻居超市有限公司' });
  await phoneRow.getByRole('button', { name: /收\s*款/ }).click();
  const phoneModal = page.getByRole('dialog', { name: /期初应收收款/ });
  await expect(phoneModal.getByTestId('opening-outstanding')).toHaveText('¥300.00');
  const box = await phoneModal.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  await expect(phoneModal.getByRole('button', { name: '登记收款' })).toBeInViewport();
  await shot(page, 'payments-opening-receipt-phone');
});
