import { expect, type Page } from '@playwright/test';

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

/** Saves a screenshot under e2e/screenshots/ (committed; the README shows some). */
export async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false });
}
