import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium package: the only browser the tests use (nothing is downloaded). */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  /** Script errors and console errors of every page: a test expects none. */
  readonly errors: string[];
  page(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, bounded timeouts on every wait. Fails with one line naming the fix when
 * the browser is missing: these tests never skip.
 */
export async function launchBrowser(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`alma studio's browser tests need Chromium at ${executablePath}: run \`apt-get install -y chromium\` (npm test's preflight installs it).`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'alma-studio-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true, args: ARGS, timeout: 30_000, viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const errors: string[] = [];
  return {
    context,
    errors,
    page: async () => {
      const page = await context.newPage();
      page.on('pageerror', (error) => void errors.push(`page error: ${error.message}`));
      page.on('console', (m) => {
        // A failed resource (e.g. the 404 of a page whose data was not found) is logged by Chromium; scripts must not.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
      });
      page.on('requestfailed', (r) => void errors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
      page.on('response', (r) => {
        if (r.status() >= 400 && new URL(r.url()).pathname.startsWith('/assets/')) errors.push(`asset ${r.status()}: ${r.url()}`);
      });
      return page;
    },
    close: async () => {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
