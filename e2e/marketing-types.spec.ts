import { expect, test } from '@playwright/test';
import { fitsThePhone, login, PHONE, shot } from './helpers';

/**
 * The promotion editor for types other than 满减, and what buyers see of promotions outside the
 * cart: staff create 买10赠1 (by quantity, a gift SKU) for 一级经销商 in the editor and publish it;
 * the buyer of that tier (phone) sees the home banner, the tag on catalog cards and the product
 * page, and the promotions page; a buyer of another tier sees none of it. Stopped at the end.
 */
test('买10赠1 from the editor: banner on the home page, tags on cards and product pages, the promotions page; another tier sees nothing', async ({ browser }) => {
  const admin = await browser.newPage();
  await login(admin, 'admin');
  const name = `买赠${String(Date.now()).slice(-6)}`;
  let id: number | null = null;
  try {
    await admin.goto('/admin/marketing/promotions');
    await admin.getByTestId('new-promotion').click();
    await admin.getByTestId('promotion-name').fill(name);
    await admin.getByTestId('promotion-kind').getByText('买赠/搭赠').click();
    await admin.getByText('件数', { exact: true }).click();
    await admin.getByTestId('level-qty-0').fill('10');
    await admin.getByTestId('level-gift-0').fill('1');
    await admin.getByTestId('gift-sku').click();
    await admin.keyboard.type('KSF');
    // picked with the keyboard once the list holds KSF SKUs (it refetches on every key)
    await expect(admin.locator('.ant-select-item-option-active').filter({ hasText: 'KSF-' })).toBeVisible();
    await admin.keyboard.press('Enter');
    await expect(admin.getByTestId('gift-sku')).toContainText('KSF-');
    await admin.getByTestId('promotion-tiers').click();
    await admin.getByTitle('一级经销商').click();
    await admin.keyboard.press('Escape');
    await shot(admin, 'marketing-gift-editor');
    const created = admin.waitForResponse((r) => r.url().endsWith('/api/promotions') && r.request().method() === 'POST');
    await admin.getByRole('button', { name: /保存草稿/ }).click();
    const res = await created;
    expect(res.status(), await res.text()).toBe(200);
    id = ((await res.json()) as { id: number }).id;
    const row = admin.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('满 10 件 赠 1 件');
    await row.getByTestId('publish').click();
    await expect(row.getByTestId('promotion-state')).toHaveText('进行中');

    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await login(page, 'buyer');
    await page.goto('/');
    await expect(page.getByTestId('promo-banner')).toContainText('买10赠1');
    await fitsThePhone(page, 'home with the promotions banner');
    await shot(page, 'marketing-home-banner-phone');
    await page.goto('/catalog');
    const card = page.getByTestId('product-card').first();
    await expect(card.getByTestId('promo-tag').filter({ hasText: '买10赠1' })).toBeVisible();
    await fitsThePhone(page, 'catalog with promotion tags');
    await shot(page, 'marketing-card-tags-phone');
    await card.click();
    // on the product page (the list's 20 tags are still there until it has rendered)
    await expect(page.getByTestId('product-page').getByTestId('promo-tag').filter({ hasText: '买10赠1' }).first()).toBeVisible();
    await shot(page, 'marketing-product-tag-phone');
    await page.goto('/promotions');
    await expect(page.getByTestId('my-promotion').filter({ hasText: name })).toContainText('买10赠1');
    await shot(page, 'marketing-promotions-page-phone');
    await ctx.close();

    const ctx2 = await browser.newContext({ viewport: PHONE });
    const other = await ctx2.newPage();
    await login(other, 'buyer2');
    await other.goto('/catalog');
    await expect(other.getByTestId('product-card').first()).toBeVisible();
    await expect(other.getByTestId('promo-tag').filter({ hasText: '买10赠1' })).toHaveCount(0);
    await other.goto('/');
    await expect(other.getByTestId('promo-banner').filter({ hasText: '买10赠1' })).toHaveCount(0);
    await ctx2.close();
  } finally {
    if (id) await admin.request.post(`/api/promotions/${id}/stop`);
  }
});
