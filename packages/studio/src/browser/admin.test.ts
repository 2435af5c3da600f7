import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../test-support/browser.js';
import { visibleText, waitForCount } from '../test-support/page-checks.js';
import { SECRET } from '../test-support/seed.js';
import { seededStore, serveStore, type SeededStore, type TestStudio } from '../test-support/studio.js';

// An admin studio (every tenant, writes enabled): the tenant filter, and deleting / forgetting with confirmation.
jest.setTimeout(60_000);

let store: SeededStore;
let studio: TestStudio;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  store = await seededStore('browser-admin');
  studio = await serveStore(store.path, { allTenants: true, allowWrites: true });
  browser = await launchBrowser();
  page = await browser.page();
});
afterEach(() => {
  expect(browser.errors).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await studio?.close();
  store?.remove();
});

const open = async (path: string) => (await page.goto(`${studio.base}${path}`))?.status();
const tenants = () => page.locator('[data-testid=memory-row] td:nth-child(3)').allInnerTexts();

describe('admin mode', () => {
  it('shows every tenant with a tenant column, and the tenant filter narrows to one', async () => {
    expect(await open('/memories')).toBe(200);
    expect(await page.getByTestId('binding').innerText()).toMatch(/all tenants \(admin\)[\s\S]*writes enabled/);
    await waitForCount(page, '[data-testid=memory-row]', 3);
    expect((await tenants()).sort()).toEqual(['acme', 'acme', 'globex']);
    await page.locator('input[name=tenant]').fill('globex');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/tenant=globex/);
    await waitForCount(page, '[data-testid=memory-row]', 1);
    expect(await page.locator('[data-testid=memory-row] .title').innerText()).toContain(SECRET);

    expect(await open('/health')).toBe(200);
    await page.getByTestId('per-tenant').waitFor();
    expect(await page.getByTestId('per-tenant').innerText()).toMatch(/acme[\s\S]*globex/);
  });

  it('deletes a memory only after it is confirmed', async () => {
    const id = store.seeded.heuristicId;
    expect(await open(`/memories/heuristic/${id}?tenant=acme`)).toBe(200);
    await visibleText(page);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await studio.alma.storage.getMemory('heuristic', id, { tenantId: 'acme' })).toBeDefined();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/memories\?tenant=acme$/);
    await waitForCount(page, '[data-testid=memory-row]', 1);
    expect(await studio.alma.storage.getMemory('heuristic', id, { tenantId: 'acme' })).toBeUndefined();
  });

  it('forgets the candidates it listed, after confirmation', async () => {
    expect(await open('/health?tenant=acme')).toBe(200);
    await page.getByTestId('prune').waitFor();
    const target = store.seeded.workflowHeuristicId;
    expect(await page.getByTestId('prune').innerText()).toContain(target);
    await page.getByRole('button', { name: /^Forget these 1/ }).click();
    await page.getByRole('button', { name: 'Forget 1' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').innerText()).toBe('Forgot 1 memories.');
    expect(await studio.alma.storage.getMemory('heuristic', target, { tenantId: 'acme' })).toBeUndefined();
    await page.getByText('Nothing: every memory passes the prune policy.').waitFor();
  });
});
