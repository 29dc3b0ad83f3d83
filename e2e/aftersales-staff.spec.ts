import { expect, test } from '@playwright/test';
import { login, shot } from './helpers';

/**
 * Staff act for a customer (issue 14): an admin raises an after-sales request from a customer's
 * received order (代客申请), and files a complaint for a customer (代客投诉) from the complaint inbox
 * and from the customer's page. Quantities show in the unit ordered, wording in Chinese.
 */
test.describe.configure({ mode: 'serial' });

test('an admin raises an after-sales request for a customer from the order page', async ({ page }) => {
  await login(page, 'admin');
  const orders = (await (await page.request.get('/api/orders?status=delivered,completed&pageSize=50')).json()) as { items: { id: number }[] };
  let orderId = 0;
  for (const o of orders.items) {
    const opt = await (await page.request.get(`/api/orders/${o.id}/aftersales-options`)).json();
    if (opt.windowOpen && opt.lines.some((l: { availableQty: number }) => l.availableQty >= 1)) { orderId = o.id; break; }
  }
  expect(orderId, 'a received order with goods left to request').toBeGreaterThan(0);
  await page.goto(`/admin/orders/${orderId}`);
  await page.getByRole('link', { name: '代客发起售后' }).click();
  await expect(page).toHaveURL(/\/admin\/aftersales\/new\?orderId=/);
  await page.getByTestId('aftersales-reason').click();
  await page.getByTitle('商品破损').click();
  const line = page.getByTestId('aftersales-apply-line').filter({ has: page.getByRole('spinbutton', { disabled: false }) }).first();
  await line.getByRole('spinbutton').fill('1');
  await line.getByRole('spinbutton').blur();
  await expect(line.getByText(/^= 1 /)).toBeVisible();
  await page.getByLabel('问题描述').fill('客户来电：外箱压坏一件');
  await shot(page, 'aftersales-staff-apply');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page).toHaveURL(/\/admin\/aftersales\/\d+$/);
  await expect(page.getByTestId('aftersales-status').first()).toHaveText('待审核');
  await expect(page.getByText('代客申请').first()).toBeVisible();
  await expect(page.getByTestId('aftersales-line-qty').first()).toHaveText(/× 1 \S/);
  await shot(page, 'aftersales-staff-request');
});

test('an admin files a complaint for a customer from the inbox and from the customer page', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/complaints');
  await page.getByTestId('complaint-staff-new').click();
  await expect(page).toHaveURL(/\/admin\/complaints\/new$/);
  await page.getByTestId('complaint-customer').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await page.getByTestId('complaint-buyer').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await page.getByLabel('标题').fill('客户电话投诉：送货延误 1207');
  await page.getByLabel('问题描述').fill('客户来电反映：约定上午送达，下午才到');
  await shot(page, 'complaint-staff-new');
  await page.getByTestId('complaint-submit').click();
  await expect(page).toHaveURL(/\/admin\/complaints\/\d+$/);
  await expect(page.getByTestId('complaint-status')).toHaveText('待处理');
  await expect(page.getByTestId('complaint-message')).toHaveCount(1);
  await expect(page.getByTestId('complaint-message')).toContainText('约定上午送达');
  await shot(page, 'complaint-staff-filed');

  // from a customer's page the customer is already chosen
  const customers = (await (await page.request.get('/api/customers?pageSize=1')).json()) as { items: { id: number; name: string }[] };
  const c = customers.items[0]!;
  await page.goto(`/admin/customers/${c.id}`);
  await page.getByTestId('customer-file-complaint').click();
  await expect(page).toHaveURL(new RegExp(`/admin/complaints/new\\?companyId=${c.id}$`));
  await expect(page.getByTestId('complaint-customer')).toContainText(c.name);
});
