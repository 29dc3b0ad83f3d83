import { expect, test } from '@playwright/test';
import { login, phone, PHONE, shot } from './helpers';

/**
 * The marketing screens the other marketing specs do not photograph, on a desktop and a phone, to
 * be looked at: staff coupon templates, the new-coupon form and issuing; rebate rules and customer
 * accounts; the buyer's promotions page, coupon wallet and rebate/points page on a desktop. Only
 * looks: nothing is saved.
 */
test('staff coupon templates, issuing, rebate rules and accounts on a desktop and a phone', async ({ browser, page }) => {
  await login(page, 'admin');
  await page.goto('/admin/marketing/coupons');
  await expect(page.getByTestId('coupons-page').getByRole('row').filter({ hasText: '新客专享券' })).toBeVisible();
  await shot(page, 'marketing-coupon-templates');
  await page.getByRole('button', { name: /新建优惠券/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await shot(page, 'marketing-coupon-template-editor');
  await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByRole('row').filter({ hasText: '新客专享券' }).getByRole('button', { name: /^发\s*放$/ }).click();
  await expect(page.getByRole('dialog').filter({ hasText: '发放 新客专享券' })).toBeVisible();
  await shot(page, 'marketing-coupon-issue');
  await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
  await page.goto('/admin/marketing/rebates');
  await expect(page.getByRole('row').filter({ hasText: '季度采购返利' })).toBeVisible();
  await shot(page, 'marketing-rebate-rules-desktop');
  await page.getByRole('tab', { name: '客户返利/积分账户' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'C001' }).first()).toBeVisible();
  await shot(page, 'marketing-rebate-accounts');

  const { ctx, page: p } = await phone(browser, 'admin');
  for (const [path, name] of [['/admin/marketing/promotions', 'marketing-promotions-staff-phone'], ['/admin/marketing/coupons', 'marketing-coupons-staff-phone'], ['/admin/marketing/rebates', 'marketing-rebates-staff-phone']] as const) {
    await p.goto(path);
    await expect(p.getByRole('table').first()).toBeVisible();
    await shot(p, name);
  }
  await ctx.close();
});

test('the buyer\'s promotions page, coupon wallet and rebate/points page on a desktop', async ({ page }) => {
  await login(page, 'buyer');
  expect(page.viewportSize()!.width).toBeGreaterThan(PHONE.width);
  for (const [path, id, name] of [['/promotions', 'my-promotions-page', 'marketing-promotions-page'], ['/coupons', 'wallet-page', 'marketing-wallet'], ['/funds', 'funds-page', 'marketing-funds']] as const) {
    await page.goto(path);
    await expect(page.getByTestId(id)).toBeVisible();
    await shot(page, name);
  }
});
