import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { login, PHONE, shot } from './helpers';

/** The built-in dictionary's trades, as many as the console must list. */
const TRADES = Object.keys((JSON.parse(fs.readFileSync('server/modules/catalog/data/synonyms.json', 'utf8')) as { trades: Record<string, unknown> }).trades).length;

/**
 * Search tuning end to end: a buyer's search finds nothing and gets help; the supplier sees the
 * query in the zero-result report, adds it as a synonym in one click, and the buyer's next
 * search finds the products. Brand aliases are edited on the brand.
 */
const QUERY = '矿泉水壶盖子';

test('a zero-result search is helped, reported, and answered by a synonym', async ({ browser }) => {
  const buyerCtx = await browser.newContext({ viewport: PHONE });
  const buyer = await buyerCtx.newPage();
  await login(buyer, 'buyer');
  await buyer.goto(`/catalog?q=${encodeURIComponent(QUERY)}`);
  await expect(buyer.getByTestId('search-empty')).toBeVisible();
  await expect(buyer.getByTestId('did-you-mean').or(buyer.getByTestId('near-categories')).first()).toBeVisible();
  await expect(buyer.getByText('以下是相近的结果')).toHaveCount(0);
  await shot(buyer, 'search-zero-result-help');

  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  await admin.goto('/admin/catalog/search');
  const misses = admin.getByTestId('search-misses');
  const row = misses.locator('tr', { hasText: QUERY });
  await expect(row).toBeVisible();
  await shot(admin, 'search-misses-report');
  await row.getByTestId('miss-add-synonym').click();
  const words = admin.getByTestId('synonym-words');
  await expect(words).toContainText(QUERY);
  await words.locator('input').fill('矿泉水');
  await words.locator('input').press('Enter');
  await shot(admin, 'search-add-synonym');
  await admin.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(admin.getByText('已保存')).toBeVisible();
  await expect(admin.getByRole('dialog')).toBeHidden();
  await expect(admin.getByTestId('synonym-table')).toContainText(QUERY);
  await shot(admin, 'search-synonyms');

  await buyer.goto(`/catalog?q=${encodeURIComponent(QUERY)}`);
  await expect(buyer.getByTestId('product-card').first()).toContainText('矿泉水');

  await admin.goto('/admin/catalog/brands');
  await admin.getByRole('row', { name: /农夫山泉/ }).getByRole('button', { name: /编\s*辑/ }).click();
  const aliases = admin.getByTestId('brand-aliases');
  await aliases.locator('input').fill('农夫');
  await aliases.locator('input').press('Enter');
  await shot(admin, 'search-brand-aliases');
  await admin.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(admin.getByText('已保存')).toBeVisible();
  await buyerCtx.close();
  await adminCtx.close();
});

test('a built-in synonym group is switched off and on again in the console', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, 'admin');
  const buyerCtx = await browser.newContext({ viewport: PHONE });
  const buyer = await buyerCtx.newPage();
  await login(buyer, 'buyer');
  await buyer.goto(`/catalog?q=${encodeURIComponent('泡面')}`);
  await expect(buyer.getByTestId('product-card').first()).toContainText('面');

  await admin.goto('/admin/catalog/search');
  await admin.getByRole('tab', { name: '同义词' }).click();
  await admin.getByRole('button', { name: '内置词库' }).click();
  // hundreds of groups, folded by trade; a word is found across trades
  expect(TRADES).toBeGreaterThanOrEqual(17);
  await expect(admin.getByTestId('built-in-trade')).toHaveCount(TRADES);
  await admin.getByTestId('built-in-find').locator('input').fill('雨刷');
  await expect(admin.getByTestId('built-in-trade')).toHaveCount(1);
  await expect(admin.getByTestId('built-in-group').filter({ hasText: '雨刮 = 雨刷' })).toBeVisible();
  await shot(admin, 'search-built-in-find');
  await admin.getByTestId('built-in-find').locator('input').fill('');
  await admin.getByTestId('built-in-trade').filter({ hasText: '粮油副食' }).click();
  await shot(admin, 'search-built-in-trades');
  const group = admin.getByTestId('built-in-group').filter({ hasText: '方便面 = 泡面' });
  await expect(group).toHaveAttribute('data-enabled', 'true');
  try {
    await group.click();
    await expect(admin.getByText(/已停用：方便面 = 泡面/)).toBeVisible();
    await expect(group).toHaveAttribute('data-enabled', 'false');
    await group.scrollIntoViewIfNeeded();
    await shot(admin, 'search-built-in-synonym-off');
    await buyer.goto(`/catalog?q=${encodeURIComponent('泡面')}`);
    await expect(buyer.getByTestId('search-empty')).toBeVisible();
    await group.click();
    await expect(admin.getByText(/已启用：方便面 = 泡面/)).toBeVisible();
    await expect(group).toHaveAttribute('data-enabled', 'true');
    await buyer.goto(`/catalog?q=${encodeURIComponent('泡面')}`);
    await expect(buyer.getByTestId('product-card').first()).toContainText('面');
  } finally {
    // the demo database is shared by the other specs: leave the group on
    const key = await group.getAttribute('data-key');
    await admin.evaluate(async (k) => {
      await fetch(`/api/search/synonyms/built-in/${k}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true }) });
    }, key);
  }
  await buyerCtx.close();
  await adminCtx.close();
});
