import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { DEMO_PASSWORD, login, shot } from './helpers';

/**
 * Issue 22: staff two-factor sign-in in the web app. A freshly created finance user (so the demo
 * users other specs sign in as stay untouched) is held to set it up by the policy, enrols on the
 * account page with a code computed from the secret shown, signs in again with a recovery code and
 * with a code from the app, and an admin resets it from the user list.
 */
const totp = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
const step = () => Math.floor(Date.now() / 30_000);
const han = /[\u4e00-\u9fff]/;

async function signOut(page: Page) {
  await page.request.post('/api/auth/logout');
  await page.context().clearCookies();
}

async function passwordStep(page: Page, loginName: string, password: string) {
  await page.goto('/login');
  await page.getByLabel(/账号|Login/).fill(loginName);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await expect(page.getByTestId('two-factor-login')).toBeVisible();
}

test('a staff member sets up two-factor sign-in, signs in with a recovery code and an app code; an admin resets it', async ({ page, request }) => {
  test.setTimeout(180_000);
  expect((await request.post('/api/auth/login', { data: { login: 'admin', password: DEMO_PASSWORD } })).ok()).toBeTruthy();
  const mark = String(Date.now()).slice(-7);
  const created = await request.post('/api/users', { data: { login: `tf${mark}`, name: `两步验证财务${mark}`, role: 'finance' } });
  expect(created.ok()).toBeTruthy();
  const { user, initialPassword } = (await created.json()) as { user: { id: number; login: string; name: string }; initialPassword: string };
  const before = (await (await request.get('/api/auth/two-factor/policy')).json()) as { roles: string[] };

  let secret = '';
  let codes: string[] = [];
  let confirmedAt = 0;
  try {
    // Finance must use two-factor sign-in: the user lands on the setup, not on 403 pages.
    expect((await request.put('/api/auth/two-factor/policy', { data: { roles: [...new Set([...before.roles, 'finance'])] } })).ok()).toBeTruthy();
    // Held by the policy, the page asks nothing the server refuses (the bell does not poll).
    const refused: string[] = [];
    const onResponse = (r: import('@playwright/test').Response) => { if (r.status() === 403) refused.push(r.url()); };
    page.on('response', onResponse);
    await login(page, user.login, initialPassword);
    await expect(page).toHaveURL(/\/admin\/account$/);
    await expect(page.getByTestId('two-factor-required')).toBeVisible();
    await page.goto('/admin/orders');
    await expect(page).toHaveURL(/\/admin\/account$/);

    await page.getByRole('button', { name: '开启两步验证' }).click();
    await expect(page.getByTestId('two-factor-qr')).toBeVisible();
    secret = (await page.getByTestId('two-factor-secret').locator('code').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await shot(page, 'two-factor-setup');

    // A wrong code first: the server's message; then the right code is accepted at the first press.
    const wrong = String((Number(totp(secret).generate()) + 500_000) % 1_000_000).padStart(6, '0');
    await page.getByLabel('6 位动态码').fill(wrong);
    const [refusedCode] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/two-factor/confirm')),
      page.getByRole('button', { name: '验证并开启' }).click(),
    ]);
    expect(refusedCode.status()).toBe(400);
    await expect(page.getByText(/验证码不正确/)).toBeVisible();
    await shot(page, 'two-factor-setup-wrong-code');
    confirmedAt = step();
    await page.getByLabel('6 位动态码').fill(totp(secret).generate());
    const [confirmed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/two-factor/confirm'), { timeout: 15_000 }),
      page.getByRole('button', { name: '验证并开启' }).click(),
    ]);
    expect(confirmed.status(), await confirmed.text()).toBe(200);
    const shown = page.getByTestId('recovery-codes');
    await expect(shown).toBeVisible();
    codes = (await shown.innerText()).split('\n').map((c) => c.trim()).filter(Boolean);
    expect(codes).toHaveLength(10);
    await expect(page.getByRole('dialog')).toContainText('只显示这一次');
    await shot(page, 'two-factor-recovery-codes');
    await page.getByRole('button', { name: '我已保存' }).click();
    await expect(page.getByTestId('two-factor')).toContainText('已开启');
    await expect(page.getByTestId('two-factor-required')).toHaveCount(0);
    page.off('response', onResponse);
    expect(refused, 'requests refused with 403 while held to the setup').toEqual([]);
    // The console is open now.
    await page.goto('/admin/orders');
    await expect(page).toHaveURL(/\/admin\/orders/);
  } finally {
    await request.put('/api/auth/two-factor/policy', { data: { roles: before.roles } });
  }

  // Password alone no longer signs in: a wrong code answers the server's Chinese message.
  await signOut(page);
  await passwordStep(page, user.login, initialPassword);
  await shot(page, 'two-factor-login');
  await page.getByLabel('6 位动态码').fill('000000' === totp(secret).generate() ? '111111' : '000000');
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page.getByTestId('login-error')).toContainText(han);
  await expect(page).toHaveURL(/\/login/);

  // A recovery code instead of the app.
  await page.getByRole('button', { name: '使用恢复码' }).click();
  await page.getByLabel('恢复码').fill(codes[0]!);
  await shot(page, 'two-factor-login-recovery');
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/account');
  await expect(page.getByTestId('two-factor-codes-left')).toHaveText('剩余恢复码 9 个');
  await shot(page, 'two-factor-account');

  // A code from the app (a fresh one: the code that confirmed the setup is not accepted twice).
  await signOut(page);
  while (step() <= confirmedAt) await page.waitForTimeout(1000);
  await passwordStep(page, user.login, initialPassword);
  await page.getByLabel('6 位动态码').fill(totp(secret).generate());
  // Remember this device: from now on the password alone signs in from this browser.
  await page.getByTestId('remember-device').check();
  await page.getByRole('button', { name: '验证并登录' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.request.post('/api/auth/logout');
  await login(page, user.login, initialPassword);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/account');
  const device = page.getByTestId('trusted-device');
  await expect(device).toHaveCount(1);
  await expect(device).toContainText('当前设备');
  await shot(page, 'two-factor-trusted-devices');
  await device.getByRole('button', { name: /移\s*除/ }).click();
  await expect(device).toHaveCount(0);
  await page.request.post('/api/auth/logout');
  await passwordStep(page, user.login, initialPassword); // the code is asked again

  // An admin resets it (lost phone): the password alone signs in again.
  await signOut(page);
  await login(page, 'admin');
  await page.goto('/admin/users');
  await page.getByPlaceholder('账号 / 姓名 / 手机').fill(user.login);
  await page.getByPlaceholder('账号 / 姓名 / 手机').press('Enter');
  const row = page.getByRole('row', { name: new RegExp(user.login) });
  await row.getByRole('button', { name: '重置两步验证' }).click();
  await expect(page.getByRole('dialog')).toContainText(user.name);
  await shot(page, 'two-factor-admin-reset');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.locator('.ant-message-success')).toContainText('已重置两步验证');
  const again = await request.post('/api/auth/login', { data: { login: user.login, password: initialPassword } });
  expect(again.ok()).toBeTruthy();
  expect(await again.json()).not.toHaveProperty('twoFactor');
});

test('the two-factor requirement is set per staff role on the users page', async ({ page, request }) => {
  test.setTimeout(180_000);
  expect((await request.post('/api/auth/login', { data: { login: 'admin', password: DEMO_PASSWORD } })).ok()).toBeTruthy();
  const before = (await (await request.get('/api/auth/two-factor/policy')).json()) as { roles: string[] };
  try {
    await login(page, 'admin');
    await page.goto('/admin/users');
    const card = page.getByTestId('two-factor-policy');
    await expect(card).toContainText('两步验证要求');
    const box = card.getByRole('checkbox', { name: '仓管' });
    if (await box.isChecked()) await box.uncheck();
    await box.check();
    await card.getByTestId('two-factor-policy-save').click();
    await expect(page.getByText('已保存两步验证要求')).toBeVisible();
    await shot(page, 'two-factor-policy');
    expect(((await (await request.get('/api/auth/two-factor/policy')).json()) as { roles: string[] }).roles).toContain('warehouse');
  } finally {
    await request.put('/api/auth/two-factor/policy', { data: { roles: before.roles } });
  }
});

test('a locked login asks for an unlock e-mail; the unlock page refuses a bad link in Chinese', async ({ page, request }) => {
  test.setTimeout(180_000);
  expect((await request.post('/api/auth/login', { data: { login: 'admin', password: DEMO_PASSWORD } })).ok()).toBeTruthy();
  const mark = String(Date.now()).slice(-7);
  const created = await request.post('/api/users', { data: { login: `lk${mark}`, name: `锁定测试${mark}`, role: 'sales', email: `lk${mark}@example.com` } });
  expect(created.ok()).toBeTruthy();
  const { user } = (await created.json()) as { user: { login: string } };
  await page.context().clearCookies();
  for (let i = 0; i < 10; i++) await page.request.post('/api/auth/login', { data: { login: user.login, password: `wrong-${i}-password` } });
  await page.goto('/login');
  await page.getByLabel(/账号|Login/).fill(user.login);
  await page.getByLabel(/密码|Password/).fill('wrong-again-password');
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await expect(page.getByTestId('login-error')).toContainText('登录失败次数过多');
  await page.getByTestId('unlock-request').click();
  await expect(page.getByTestId('unlock-sent')).toContainText('解锁链接');
  await shot(page, 'unlock-request-sent');
  await page.goto('/unlock?token=not-a-real-token-0123456789');
  await page.getByTestId('unlock-do').click();
  await expect(page.getByTestId('unlock-error')).toContainText('解锁链接无效');
  await shot(page, 'unlock-page-bad-link');
});
