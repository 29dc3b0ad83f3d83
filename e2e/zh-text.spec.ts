/**
 * The text scan: every route the web app declares (read from web/src/<domain>/routes.tsx, see
 * e2e/routes.ts), opened as every role that may open it, on the demo data, in zh-CN: the visible
 * text must hold no internal code (snake_case, a known status/event/role code) and no English
 * word outside the allow-list (server/test/text-scan.ts). In English, the UI chrome (headers,
 * buttons, labels, menus, tabs, placeholders) must hold no Chinese. Data shown as is (a login, an
 * e-mail) is marked translate="no" in the page and skipped.
 *
 * Run: node scripts/e2e.mjs e2e/zh-text.spec.ts   (the scanner's own test, which plants an
 * English phrase and a code: npx vitest run server/test/text-scan.test.ts)
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { describeFindings, findChinese, findUntranslated } from '../server/test/text-scan';
import { login, shot } from './helpers';
import { readRoutes, rolesOf, urlOf, type RouteDef } from './routes';

const LOGIN_OF: Record<string, string> = {
  admin: 'admin', sales: 'sales', warehouse: 'warehouse', finance: 'finance', customer_admin: 'owner', customer_buyer: 'buyer',
};

/** Demo data written in Latin letters that a page may show outside a translate="no" element. */
const DATA_WORDS: string[] = [];

/** The shell's own pages (web/src/shell/AppRoutes.tsx), beside the domains' routes. */
const SHELL: RouteDef[] = [
  { side: 'admin', path: '', file: 'web/src/shell/AppRoutes.tsx' },
  { side: 'portal', path: '', file: 'web/src/shell/AppRoutes.tsx' },
  { side: 'portal', path: 'me', file: 'web/src/shell/AppRoutes.tsx' },
];

type Params = Record<string, string | number>;
type Resolver = (api: APIRequestContext) => Promise<Params[]>;

async function json(api: APIRequestContext, url: string) {
  const res = await api.get(url);
  expect(res.ok(), `${url} → ${res.status()}`).toBeTruthy();
  return res.json();
}
/** One item per distinct value of `key` (e.g. one order per status), at most `max`. */
function onePer<T extends Record<string, unknown>>(items: T[], key: keyof T, max = 12): T[] {
  const seen = new Set<unknown>();
  return items.filter((i) => !seen.has(i[key]) && seen.add(i[key])).slice(0, max);
}

/**
 * Sample values for the parameters of routes with parameters, from the demo data as the role
 * sees it. A route with a parameter and no entry here fails the scan: add one.
 */
const RESOLVERS: Record<string, Resolver> = {
  'admin:catalog/products/:id': async (api) => (await json(api, '/api/products?pageSize=1')).items.map((p: any) => ({ id: p.id })),
  'admin:customers/:id': async (api) => (await json(api, '/api/customers?pageSize=1')).items.map((c: any) => ({ id: c.id })),
  'admin:inventory/skus/:id': async (api) => (await json(api, '/api/inventory/stock?pageSize=1')).items.map((s: any) => ({ id: s.skuId })),
  'admin:inventory/stocktakes/:id': async (api) => (await json(api, '/api/inventory/stocktakes')).items.slice(0, 1).map((s: any) => ({ id: s.id })),
  'admin:inventory/purchase-orders/:id': async (api) => onePer((await json(api, '/api/inventory/purchase-orders')).items, 'status').map((p: any) => ({ id: p.id })),
  'admin:orders/:id': async (api) => onePer((await json(api, '/api/orders?pageSize=100')).items, 'status').map((o: any) => ({ id: o.id })),
  'admin:pricing/lists/:id': async (api) => onePer((await json(api, '/api/price-lists')).items, 'kind').map((l: any) => ({ id: l.id })),
  'admin:aftersales/:id': async (api) => onePer((await json(api, '/api/aftersales?pageSize=100')).items, 'status').map((r: any) => ({ id: r.id })),
  'portal:aftersales/:id': async (api) => onePer((await json(api, '/api/my/aftersales?pageSize=100')).items, 'status').map((r: any) => ({ id: r.id })),
  'admin:quotes/:id': async (api) => onePer((await json(api, '/api/quotes?pageSize=100')).items, 'status').map((q: any) => ({ id: q.id })),
  'portal:quotes/:id': async (api) => onePer((await json(api, '/api/my/quotes?pageSize=100')).items, 'status').map((q: any) => ({ id: q.id })),
  'admin:complaints/:id': async (api) => onePer((await json(api, '/api/complaints?pageSize=100')).items, 'status').map((c: any) => ({ id: c.id })),
  'portal:complaints/:id': async (api) => onePer((await json(api, '/api/my/complaints?pageSize=100')).items, 'status').map((c: any) => ({ id: c.id })),
  'portal:products/:id': async (api) => (await json(api, '/api/catalog/search?pageSize=1')).items.map((p: any) => ({ id: p.id })),
  'admin:fairs/:id': async (api) => (await json(api, '/api/fairs?pageSize=1')).items.map((f: any) => ({ id: f.id })),
  'portal:fairs/:id': async (api) => (await json(api, '/api/my/fairs')).slice(0, 1).map((f: any) => ({ id: f.id })),
  'portal:orders/:id': async (api) => onePer((await json(api, '/api/my/orders?pageSize=100')).items, 'status').map((o: any) => ({ id: o.id })),
  'portal:pay/:orderId': async (api) =>
    (await json(api, '/api/my/orders?pageSize=100')).items.filter((o: any) => o.status === 'awaiting_payment').slice(0, 1).map((o: any) => ({ orderId: o.id })),
  'portal:cart/done/:id': async (api) => (await json(api, '/api/my/orders?pageSize=1')).items.map((o: any) => ({ id: o.id })),
};

/** Waits until no request is in flight (live streams aside) and no spinner turns. */
async function settle(page: Page, inflight: { n: number }) {
  const start = Date.now();
  let quietSince = Date.now();
  while (Date.now() - start < 15_000) {
    if (inflight.n > 0) quietSince = Date.now();
    if (Date.now() - quietSince > 400) break;
    await page.waitForTimeout(100);
  }
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

function track(page: Page) {
  const inflight = { n: 0 };
  const live = (url: string) => url.includes('/stream');
  page.on('request', (r) => { if (!live(r.url())) inflight.n++; });
  const done = (r: { url(): string }) => { if (!live(r.url())) inflight.n = Math.max(0, inflight.n - 1); };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return inflight;
}

/** Visible text of the page outside translate="no" and form fields' values, plus visible placeholders. */
function visibleText(page: Page, chromeOnly: boolean): Promise<string> {
  return page.evaluate((chrome) => {
    const w = globalThis as any;
    const doc = w.document;
    const CHROME = [
      // (not bare <label>s or description labels: those also wrap data, e.g. an address option or a product's parameter names)
      'th', 'button', '.ant-form-item-label', '.ant-menu-title-content', '.ant-tabs-tab',
      '.ant-statistic-title', '.ant-modal-title', '.ant-drawer-title', '.ant-empty-description', '.ant-segmented-item-label',
      '.ant-select-selection-placeholder', '.ant-pagination', '.ant-radio-button-wrapper', '.ant-steps-item-title',
    ].join(',');
    const parts: string[] = [];
    const walker = doc.createTreeWalker(doc.body, w.NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"], script, style, noscript, textarea')) continue;
      if (chrome && !el.closest(CHROME)) continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const s = String(n.textContent ?? '').trim();
      if (s) parts.push(s);
    }
    for (const el of doc.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (el.placeholder && el.checkVisibility() && !el.closest('[translate="no"]')) parts.push(el.placeholder);
    }
    return parts.join('\n');
  }, chromeOnly);
}

/** Opens a URL inside the running app (no reload: the router follows history changes). */
async function open(page: Page, url: string, first: boolean) {
  if (first) await page.goto(url);
  else {
    await page.evaluate((u) => {
      const w = globalThis as any;
      w.history.pushState({}, '', u);
      w.dispatchEvent(new w.PopStateEvent('popstate'));
    }, url);
  }
  await expect(page).toHaveURL((u) => u.pathname + u.search === url);
}

const routes = [...SHELL, ...readRoutes()].filter((r) => r.side !== 'public');
const roles = Object.keys(LOGIN_OF);

interface Visit { url: string; route: RouteDef }
async function visitsFor(role: string, api: APIRequestContext): Promise<{ visits: Visit[]; problems: string[] }> {
  const visits: Visit[] = [];
  const problems: string[] = [];
  for (const route of routes.filter((r) => rolesOf(r).includes(role))) {
    if (!route.path.includes(':')) {
      visits.push({ url: urlOf(route), route });
      continue;
    }
    const resolver = RESOLVERS[`${route.side}:${route.path}`];
    if (!resolver) {
      problems.push(`${route.file}: route ${route.side}:${route.path} has parameters; give e2e/zh-text.spec.ts a sample for it in RESOLVERS`);
      continue;
    }
    for (const params of await resolver(api)) visits.push({ url: urlOf(route, params), route });
  }
  return { visits, problems };
}

test.describe.configure({ timeout: 600_000 });

test('the route list comes from the route definitions', () => {
  const declared = readRoutes();
  expect(declared.length).toBeGreaterThan(30);
  expect(declared.some((r) => r.side === 'admin' && r.path === 'orders/:id' && !r.roles)).toBeTruthy();
  expect(declared.find((r) => r.side === 'admin' && r.path === 'users')?.roles).toEqual(['admin']);
  expect(declared.find((r) => r.side === 'admin' && r.path === 'inventory/stock')?.roles).toEqual(['admin', 'warehouse', 'sales', 'finance']);
});

for (const role of roles) {
  test(`zh-CN: every page ${role} may open shows no code and no English`, async ({ page }) => {
    const inflight = track(page);
    await login(page, LOGIN_OF[role]);
    const { visits, problems } = await visitsFor(role, page.context().request);
    expect(visits.length).toBeGreaterThan(3);
    for (const [i, v] of visits.entries()) {
      await open(page, v.url, i === 0);
      await settle(page, inflight);
      if (await page.getByText('页面不存在', { exact: true }).isVisible()) problems.push(`${v.url}: the page did not open for ${role}`);
      const text = await visibleText(page, false);
      const found = findUntranslated(text, DATA_WORDS);
      if (found.length) {
        problems.push(...describeFindings(`${role} ${v.url}`, found));
        await page.screenshot({ path: `test-results/zh-text-${role}-${v.url.replace(/\W+/g, '_')}.png` });
      }
    }
    if (role === 'admin') {
      // one page to look at: an order's timeline names people with their roles in Chinese
      const order = visits.filter((v) => v.route.path === 'orders/:id').at(-1)!;
      await open(page, order.url, false);
      await settle(page, inflight);
      await page.getByText('订单跟踪').first().scrollIntoViewIfNeeded();
      await shot(page, 'zh-text-order-timeline');
    }
    console.log(`zh-CN scan as ${role}: ${visits.length} pages, ${problems.length} problems`);
    expect(problems).toEqual([]);
  });
}

// Not yet passing (fixme): product parameter names (品牌, 保质期, 规格, 每箱 …) are data but sit in
// chrome elements on the product page and the product editor; they still need translate="no".
for (const role of ['admin', 'customer_buyer']) {
  test.fixme(`en: the chrome of every page ${role} may open holds no Chinese`, async ({ page }) => {
    await page.addInitScript(() => (globalThis as any).localStorage.setItem('ordo.lang', 'en'));
    const inflight = track(page);
    await login(page, LOGIN_OF[role]);
    const { visits, problems } = await visitsFor(role, page.context().request);
    for (const [i, v] of visits.entries()) {
      await open(page, v.url, i === 0);
      await settle(page, inflight);
      const found = findChinese(await visibleText(page, true));
      if (found.length) problems.push(...describeFindings(`${role} ${v.url} (en)`, found));
    }
    console.log(`en scan as ${role}: ${visits.length} pages, ${problems.length} problems`);
    expect(problems).toEqual([]);
  });
}

test('date pickers: Chinese weekdays with weeks from Monday in zh-CN, English from Sunday in en', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/admin/reports/sales');
  await page.locator('.ant-picker').first().click();
  const heads = page.locator('.ant-picker-dropdown .ant-picker-content thead').first().locator('th');
  await expect(heads.first()).toHaveText('一');
  await expect(heads.last()).toHaveText('日');
  await shot(page, 'zh-text-date-picker-zh');
  await page.keyboard.press('Escape');
  await page.getByTestId('lang-switch').getByText('EN').click();
  await page.locator('.ant-picker').first().click();
  await expect(page.locator('.ant-picker-dropdown .ant-picker-content thead').first().locator('th').first()).toHaveText('Su');
  await page.getByTestId('lang-switch').getByText('中文').click();
});
