import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { login, PHONE, shot } from './helpers';

const ok = /确\s*定|OK/;

test('customer admin on a phone manages addresses, buyers with a spending limit and the invoice profile', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'owner');
  await page.getByTestId('tab-bar').getByText('我的', { exact: true }).click();
  await page.getByRole('link', { name: /我的企业/ }).click();
  await expect(page.getByTestId('my-profile')).toContainText('上海百联便利连锁有限公司');
  await expect(page.getByTestId('my-profile')).toContainText('月结账期');
  await shot(page, 'my-company-profile-phone');

  // a retry runs on the same database: names unique per attempt
  const run = String(Date.now()).slice(-6); // digits: shown in names, and the zh-CN text scan flags Latin words
  const recipient = `孙店长${run} 🏪`;
  // addresses: add one as default, edit it, then delete it (the old default comes back)
  await page.getByTestId('my-company').getByText('收货地址').click();
  await page.getByRole('button', { name: /新增地址/ }).click();
  const af = page.getByTestId('address-form');
  await af.getByLabel('收货人').fill(recipient);
  await af.getByLabel('电话').fill('13700001234');
  await af.getByLabel('省份').fill('上海市');
  await af.getByLabel('城市').fill('上海市');
  await af.getByLabel('区县').fill('浦东新区');
  await af.getByLabel('详细地址').fill('张杨路 500 号 B1 收货区');
  await af.getByLabel('默认').click();
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  const added = page.getByTestId('addresses').locator('.ant-list-item', { hasText: recipient });
  await expect(added).toContainText('默认');
  await added.getByText('编辑').click();
  await page.getByTestId('address-form').getByLabel('详细地址').fill('张杨路 500 号 B2 收货区');
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  await expect(added).toContainText('B2 收货区');
  await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0);
  await shot(page, 'my-company-addresses-phone');
  const other = page.getByTestId('addresses').locator('.ant-list-item', { hasText: '总部仓' });
  await other.getByText('设为默认').click();
  // the link 设为默认 itself contains 默认: wait for the tag, or the delete below races the switch
  await expect(other.locator('.ant-tag')).toHaveText('默认');
  await expect(added.getByText('设为默认')).toBeVisible();
  await added.getByText('删除').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: ok }).click();
  await expect(page.getByTestId('addresses').locator('.ant-list-item', { hasText: recipient })).toHaveCount(0);

  // buyers: add one with a limit, change the limit, disable
  await page.getByTestId('my-company').getByText('采购账号').click();
  await page.getByRole('button', { name: /新增账号/ }).click();
  const bf = page.getByTestId('buyer-form');
  await bf.getByLabel('账号').fill(`bailian_b${run}`);
  await bf.getByLabel('名称').fill('钱采购');
  await bf.getByLabel('单笔订单限额').fill('1500');
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  await expect(page.getByTestId('initial-password')).toBeVisible();
  await page.getByRole('dialog').filter({ has: page.getByTestId('initial-password') }).getByRole('button', { name: /知道了|OK/ }).click();
  const b = page.getByTestId(`buyer-bailian_b${run}`);
  await expect(b).toContainText('¥1,500.00');
  await b.getByText('单笔限额').click();
  await page.getByRole('dialog').getByRole('spinbutton').fill('3000.5');
  await page.getByRole('dialog').getByRole('button', { name: ok }).click();
  await expect(b).toContainText('¥3,000.50');
  await b.getByText('停用').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: ok }).click();
  await expect(b).toContainText('停用');
  await expect(page.getByTestId('buyer-owner').getByText('单笔限额')).toHaveCount(0); // not on oneself
  await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0);
  await shot(page, 'my-company-buyers-phone');

  // invoice profile: a special invoice needs bank details
  await page.getByTestId('my-company').getByText('开票信息').click();
  const inv = page.getByTestId('invoice-form');
  await expect(inv.getByLabel('发票抬头')).toHaveValue('上海百联便利连锁有限公司');
  await inv.getByLabel('开户银行').fill('');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('开具专票必填')).toBeVisible();
  await inv.getByLabel('开户银行').fill('招商银行上海分行');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await shot(page, 'my-company-invoice-phone');
  await ctx.close();
});

test('a buyer sees the company but cannot manage it', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await login(page, 'buyer');
  await page.goto('/company');
  await expect(page.getByTestId('my-profile')).toContainText('上海百联便利连锁有限公司');
  await expect(page.getByTestId('my-company').getByText('采购账号')).toHaveCount(0);
  await page.getByTestId('my-company').getByText('收货地址').click();
  await expect(page.getByTestId('addresses').locator('.ant-list-item').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /新增地址/ })).toHaveCount(0);
  const res = await page.request.post('/api/my/addresses', { data: { recipient: 'x', phone: '13800000000', province: '上海市', city: '上海市', address: 'x' } });
  expect(res.status()).toBe(403);
  await ctx.close();
});

test('a prospective dealer applies from the login page on a phone with a licence photo', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: PHONE });
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: /申请成为经销商/ }).click();
  await expect(page).toHaveURL(/\/register$/);
  const f = page.getByTestId('register-form');
  await f.getByLabel('企业名称').fill('常州武进万家便利店');
  await f.getByLabel('联系人').fill('何强');
  await f.getByLabel('手机号').fill('13612345678');
  await f.getByLabel('省份').fill('江苏省');
  await f.getByLabel('城市').fill('常州市');
  await f.getByLabel('区县').fill('武进区');
  await f.getByLabel('地址').first().fill('湖塘镇人民路 18 号');
  await f.getByLabel('希望使用的登录名').fill('cz_wanjia');
  await expect(page.getByRole('button', { name: /提\s*交/ })).toBeDisabled();
  const png = await sharp({ create: { width: 400, height: 280, channels: 3, background: '#f3e2c7' } }).png().toBuffer();
  await page.locator('input[type=file]').setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: png });
  await shot(page, 'register-form-phone');
  await page.getByRole('button', { name: /提\s*交/ }).click();
  await expect(page.getByTestId('register-done')).toContainText('申请已提交');
  await shot(page, 'register-done-phone');
  // the same login again is refused with a clear message
  await page.goto('/register');
  const g = page.getByTestId('register-form');
  await g.getByLabel('企业名称').fill('另一家店');
  await g.getByLabel('联系人').fill('何强');
  await g.getByLabel('手机号').fill('13612345678');
  await g.getByLabel('省份').fill('江苏省');
  await g.getByLabel('城市').fill('常州市');
  await g.getByLabel('希望使用的登录名').fill('admin');
  await page.locator('input[type=file]').setInputFiles({ name: 'l.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: /提\s*交/ }).click();
  await expect(page.getByTestId('register-error')).toContainText('已被使用');
  await ctx.close();
  const admin = await browser.newPage();
  await login(admin, 'admin');
  await admin.goto('/admin/customers/registrations');
  await expect(admin.getByRole('row', { name: /常州武进万家便利店/ })).toBeVisible();
  await admin.close();
});
