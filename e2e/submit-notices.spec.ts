import { expect, test, type Browser, type Page } from '@playwright/test';
import { login, PHONE, shot } from './helpers';

/**
 * Submitting an order tells the people who act on it, in the bell, and each notice opens the page
 * its reader needs: the buyer their order; the customer admin, when the order is over the buyer's
 * limit, the order to approve; the serving rep (sales) the order waiting for review in the console.
 */
const signIn = async (browser: Browser, user: string, phone = false) => {
  const ctx = await browser.newContext(phone ? { viewport: PHONE, hasTouch: true, isMobile: true } : {});
  const page = await ctx.newPage();
  await login(page, user);
  // start from a read bell so that the new notice stands alone (unread ones of a kind are grouped)
  expect((await page.request.post('/api/notifications/read-all')).ok()).toBe(true);
  return page;
};

/** Submits one line of a product in stock as the buyer (credit terms): the new order's id, number and status. */
async function submit(buyer: Page, mark: string) {
  let line: { code: string; qty: number } | null = null;
  for (const q of ['NFSQ', 'KSF', 'TY', 'YL']) {
    for (const s of (await (await buyer.request.get(`/api/cart/skus?q=${q}&limit=20`)).json()) as { code: string; moq: number; orderMultiple: number; available: number | null; stockLevel: string | null }[]) {
      const qty = Math.ceil(Math.max(s.moq, 1) / s.orderMultiple) * s.orderMultiple;
      if (s.available != null ? s.available >= qty * 3 : s.stockLevel === 'plenty' && qty <= 10) { line = { code: s.code, qty }; break; }
    }
    if (line) break;
  }
  expect(line).not.toBeNull();
  await buyer.request.delete('/api/cart');
  expect((await buyer.request.post('/api/cart/quick', { data: { rows: [{ code: line!.code, qty: String(line!.qty) }] } })).ok()).toBe(true);
  const preview = (await (await buyer.request.get('/api/cart/checkout')).json()) as { addresses: { id: number; isDefault: boolean }[] };
  const res = await buyer.request.post('/api/cart/submit', {
    headers: { 'idempotency-key': `e2e-notices-${mark}-${Date.now()}` },
    data: { addressId: (preview.addresses.find((a) => a.isDefault) ?? preview.addresses[0]!).id, paymentMethod: 'credit', note: `通知测试 ${mark}` },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { order: { id: number; number: string; status: string } }).order;
}

/** Waits for the notice (the outbox delivers it after commit), opens the bell and clicks it. */
async function openNotice(page: Page, home: string, title: string, screenshot: string) {
  await expect.poll(async () => ((await (await page.request.get('/api/notifications?pageSize=50')).json()) as { items: { title: string }[] }).items.map((n) => n.title), { timeout: 20_000 })
    .toContain(title);
  await page.goto(home);
  await page.getByTestId('notification-bell').click();
  const item = page.getByTestId('notification-list').getByText(title, { exact: true });
  await expect(item).toBeVisible();
  await page.waitForTimeout(400); // let the popover finish opening
  await shot(page, screenshot);
  await item.click();
}

test('buyer, customer admin and rep each get the submission notice and it opens their page', async ({ browser }) => {
  const buyer = await signIn(browser, 'buyer', true);
  const owner = await signIn(browser, 'owner');
  const sales = await signIn(browser, 'sales');
  const buyers = (await (await owner.request.get('/api/my/buyers')).json()) as { id: number; login: string }[];
  const buyerId = buyers.find((b) => b.login === 'buyer')!.id;
  const limit = (orderLimit: number | null) => owner.request.patch(`/api/my/buyers/${buyerId}`, { data: { orderLimit } });

  // over the buyer's per-order limit (¥1): the order waits for the customer admin
  expect((await limit(100)).ok()).toBe(true);
  let over: { id: number; number: string; status: string };
  try {
    over = await submit(buyer, '1');
  } finally {
    expect((await limit(null)).ok()).toBe(true);
  }
  expect(over.status).toBe('awaiting_approval');

  await openNotice(buyer, '/', `订单已提交：${over.number}`, 'notices-submit-buyer-phone');
  await expect(buyer).toHaveURL(new RegExp(`/orders/${over.id}$`));
  await expect(buyer.getByTestId('order-status').first()).toHaveText('待客户审批');

  await openNotice(owner, '/', `待您审批：订单 ${over.number}`, 'notices-submit-owner');
  await expect(owner).toHaveURL(new RegExp(`/orders/${over.id}$`));
  await expect(owner.getByRole('button', { name: '客户审批通过' })).toBeVisible();
  await shot(owner, 'notices-submit-owner-order');

  // within the limit: the order goes to review, and the serving rep is told
  const within = await submit(buyer, '2');
  expect(within.status).toBe('pending_review');
  await openNotice(sales, '/admin', `订单待审核：${within.number}`, 'notices-submit-sales');
  await expect(sales).toHaveURL(new RegExp(`/admin/orders/${within.id}$`));
  await expect(sales.getByTestId('order-status').first()).toHaveText('待审核');
  await expect(sales.getByRole('button', { name: '审核通过' })).toBeVisible();
  await shot(sales, 'notices-submit-sales-order');

  // the rep is not told about the order still waiting for the customer's approval
  const salesTitles = ((await (await sales.request.get('/api/notifications?pageSize=50')).json()) as { items: { title: string }[] }).items.map((n) => n.title);
  expect(salesTitles.some((x) => x.includes(over.number))).toBe(false);
  for (const p of [buyer, owner, sales]) await p.context().close();
});
