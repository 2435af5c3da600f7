import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { StudioOptions } from '../options.js';
import { apiClient, type ApiClient } from './api.js';
import { launchBrowser, type Browser } from './browser.js';
import { seededStore, serveStore, type SeededStore, type TestStudio } from './studio.js';

/** A test file's seeded store and an in-process API client over it; filled in beforeAll, removed in afterAll. */
export function apiSuite(prefix: string, options: StudioOptions): { readonly store: SeededStore; readonly api: ApiClient } {
  const s = {} as { store: SeededStore; api: ApiClient };
  beforeAll(async () => {
    s.store = await seededStore(prefix);
    s.api = apiClient(s.store.path, options);
  });
  afterAll(async () => {
    await s.api?.close();
    s.store?.remove();
  });
  return s;
}

export interface BrowserSuite {
  readonly store: SeededStore;
  readonly studio: TestStudio;
  readonly browser: Browser;
  readonly page: Page;
  /** Opens a path of the studio; the HTTP status of the page. */
  open(path: string): Promise<number>;
}

/**
 * A test file's seeded store, a studio serving it on a free port, headless Chromium and one page; every test ends
 * with no script or console error on the page.
 */
export function browserSuite(prefix: string, options: StudioOptions): BrowserSuite {
  const s = {} as { store: SeededStore; studio: TestStudio; browser: Browser; page: Page };
  beforeAll(async () => {
    s.store = await seededStore(prefix);
    s.studio = await serveStore(s.store.path, options);
    s.browser = await launchBrowser();
    s.page = await s.browser.page();
  });
  afterEach(() => {
    expect(s.browser.errors).toEqual([]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.studio?.close();
    s.store?.remove();
  });
  return Object.assign(s, {
    open: async (path: string) => (await s.page.goto(`${s.studio.base}${path}`))?.status() ?? 0,
  }) as BrowserSuite;
}
