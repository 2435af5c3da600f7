import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the README's screenshots live; written only with ALMA_STUDIO_SCREENSHOTS=1 (`npm run screenshots`). */
const DOCS = join(__dirname, '..', '..', 'docs');

export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['ALMA_STUDIO_SCREENSHOTS'] !== '1') return;
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(DOCS, `${name}.png`), fullPage: true });
}

/** Waits until `selector` matches exactly `n` elements (bounded by the page's default timeout). */
export async function waitForCount(page: Page, selector: string, n: number): Promise<void> {
  await page.waitForFunction(([s, count]) => document.querySelectorAll(s as string).length === count, [selector, n] as const);
}

/** The page shows something (a heading or an alert, never an empty body) and has loaded everything it asked for. */
export async function visibleText(page: Page): Promise<string> {
  await page.locator('main h1, main [role=alert], .boot-error').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=loading], [aria-busy=true], .loading'));
  return (await page.locator('body').innerText()).trim();
}
