import { expect, test } from '@playwright/test';
import { fitsThePhone, login, phone, PHONE, shot } from './helpers';

const staff: [string, string, RegExp][] = [
  ['admin', 'admin', /管理员工作台/],
  ['sales', 'sales', /业务员工作台/],
  ['warehouse', 'warehouse', /仓管工作台/],
  ['finance', 'finance', /财务工作台/],
];

for (const [role, user, title] of staff) {
  test(`${role} signs in and lands on the staff console`, async ({ page }) => {
    await login(page, user);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId(`home-${role}`)).toBeVisible();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await shot(page, `shell-home-${role}`);
  });
}

test('customer admin and buyer land on the portal with a bottom tab bar on a phone', async ({ browser }) => {
  for (const [user, role] of [['owner', 'customer_admin'], ['buyer', 'customer_buyer']] as const) {
    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await login(page, user);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('tab-bar')).toBeVisible();
    await page.getByTestId('tab-bar').getByText('我的', { exact: true }).click();
    await expect(page.getByTestId('me-page')).toContainText(role === 'customer_admin' ? '客户管理员' : '采购员');
    await shot(page, `shell-portal-${user}`);
    await ctx.close();
  }
});

test('on a desktop the portal\'s top bar links every tab, marks the current one and speaks English when chosen', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, 'buyer');
  const nav = page.getByTestId('top-nav');
  await expect(nav.getByRole('link', { name: /^\S+ 首页$/ })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: /^\S+ 我的$/ }).click();
  await expect(page.getByTestId('me-page')).toBeVisible();
  await expect(nav.getByRole('link', { name: /^\S+ 我的$/ })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: /^\S+ 首页$/ })).not.toHaveAttribute('aria-current', 'page');
  await shot(page, 'shell-portal-desktop-nav');
  // English is fetched when chosen (the first page carries Chinese only) and survives a reload.
  await page.getByRole('banner').getByTestId('lang-switch').getByText('EN').click();
  await expect(nav.getByRole('link', { name: /^\S+ Me$/ })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('top-nav').getByRole('link', { name: /^\S+ Me$/ })).toHaveAttribute('aria-current', 'page');
  await shot(page, 'shell-portal-desktop-nav-en');
  await page.getByRole('banner').getByTestId('lang-switch').getByText('中文').click();
  await expect(nav.getByRole('link', { name: /^\S+ 我的$/ })).toBeVisible();
});

test('wrong password shows a clear message; a customer cannot open the staff console', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(/账号/).fill('buyer');
  await page.getByLabel(/密码/).fill('wrong-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('login-error')).toContainText('账号或密码错误');
  await shot(page, 'shell-login-error');
  await login(page, 'buyer');
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
});

test('language switch to English is remembered', async ({ page }) => {
  await login(page, 'admin');
  await page.getByTestId('lang-switch').getByText('EN').click();
  await expect(page.getByRole('heading', { name: /Admin dashboard/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: /Admin dashboard/ })).toBeVisible();
  await shot(page, 'shell-home-admin-en');
  await page.getByTestId('lang-switch').getByText('中文').click();
});

test('the supplier\'s name is a setting: the header and the sign-in page show what the admin saves', async ({ page, browser }) => {
  const demo = '华东鲜达食品饮料有限公司';
  await login(page, 'admin');
  await expect(page.getByTestId('header-company')).toHaveText(demo);
  await page.goto('/admin/users');
  const card = page.getByTestId('supplier-profile');
  await expect(page.getByTestId('supplier-name')).toHaveValue(demo);
  await page.getByTestId('supplier-name').fill('华东鲜达食品（测试）');
  await card.getByTestId('supplier-save').click();
  await expect(page.getByTestId('header-company')).toHaveText('华东鲜达食品（测试）');
  await shot(page, 'shell-supplier-name');
  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  // the served page carries the name: the sign-in page asks for it no more
  const asked: string[] = [];
  p2.on('request', (r) => { if (r.url().includes('/api/supplier-profile')) asked.push(r.url()); });
  await p2.goto('/login');
  await expect(p2.getByTestId('login-supplier')).toHaveText('华东鲜达食品（测试）');
  expect(asked).toEqual([]);
  await ctx.close();
  // the 公司名称 card on a phone
  const mobile = await phone(browser, 'admin');
  await mobile.page.goto('/admin/users');
  await expect(mobile.page.getByTestId('supplier-name')).toHaveValue('华东鲜达食品（测试）');
  await mobile.page.getByTestId('supplier-profile').scrollIntoViewIfNeeded();
  await fitsThePhone(mobile.page, 'users page');
  await shot(mobile.page, 'shell-supplier-name-phone');
  await mobile.ctx.close();
  await page.getByTestId('supplier-name').fill(demo);
  await card.getByTestId('supplier-save').click();
  await expect(page.getByTestId('header-company')).toHaveText(demo);
});

test('admin creates a user who can then sign in', async ({ page, browser }) => {
  await login(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: /新建账号/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('账号').fill('e2e_sales');
  await dialog.getByLabel('名称').fill('测试业务员');
  await dialog.getByLabel('角色').click();
  await page.getByTitle('业务员').click();
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  const pw = await page.locator('.ant-typography code').first().textContent();
  expect(pw).toHaveLength(12);
  await shot(page, 'shell-users-created');
  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await login(p2, 'e2e_sales', pw!);
  await expect(p2.getByTestId('home-sales')).toBeVisible();
  await ctx.close();

  // a customer's buyer: the customer is picked by name or code, and the list shows its name, not an id
  await page.locator('.ant-modal-confirm').getByRole('button').last().click();
  await page.getByRole('button', { name: /新建账号/ }).click();
  await dialog.getByLabel('账号').fill('e2e_buyer');
  await dialog.getByLabel('名称').fill('测试采购员');
  await dialog.getByLabel('角色').click();
  await page.getByTitle('采购员', { exact: true }).click();
  await dialog.getByTestId('user-company').click();
  await page.keyboard.type('C001');
  await page.locator('.ant-select-item-option').filter({ hasText: 'C001' }).first().click();
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.locator('.ant-typography code').first()).toHaveText(/^.{12}$/);
  await page.locator('.ant-modal-confirm').getByRole('button').last().click();
  await expect(page.getByRole('row', { name: /e2e_buyer/ })).toContainText('上海百联便利连锁有限公司');
  await shot(page, 'shell-users-customer-buyer');
});
