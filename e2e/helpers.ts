import { expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Ordo-demo-2026';
/** A phone-sized viewport for customer screens. */
export const PHONE = { width: 390, height: 844 };

/** Signs in through the login page and waits for the landing page. */
export async function login(page: Page, login: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/账号|Login/).fill(login);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Saves a screenshot under e2e/screenshots/ (committed; the README shows some). Animations are
 * finished first (drawers, modals and dropdowns opening or closing), so no shot is taken mid-way.
 */
export async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Ant Design's motions (rc-motion) mark what is still opening or closing, also before its CSS animation starts
  await page.waitForFunction(`!document.querySelector('[class*="-appear-"], [class*="-enter-"], [class*="-leave-"]')`, undefined, { timeout: 3000 }).catch(() => undefined);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false, animations: 'disabled' });
}

/**
 * A screenshot once the page has settled: the network idle, script-driven animations (charts,
 * progress bars) given time to finish, and CSS transitions and animations (tab ink bar, badges)
 * run to their end.
 */
export async function settledShot(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false, animations: 'disabled' });
}

/** A signed-in page in a phone-sized, touch context of its own (staff console on a phone). */
export async function phone(browser: Browser, user: string) {
  const ctx = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await login(page, user);
  return { ctx, page };
}

/** The page itself never scrolls sideways at phone width; on failure, names the elements that stick out. */
export async function fitsThePhone(page: Page, what: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const width = await page.evaluate<number>('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)');
  const wide = width <= PHONE.width ? '' : await page.evaluate<string>(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > ${PHONE.width} + 1)
    .slice(0, 8).map((e) => e.tagName + '.' + String(e.className).slice(0, 60) + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')`);
  expect(width, `${what}: the page is ${width}px wide on a ${PHONE.width}px phone: ${wide}`).toBeLessThanOrEqual(PHONE.width);
}
