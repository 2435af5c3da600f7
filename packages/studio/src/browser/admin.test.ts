import { describe, expect, it, jest } from '@jest/globals';
import { visibleText, waitForCount } from '../test-support/page-checks.js';
import { SECRET } from '../test-support/seed.js';
import { browserSuite } from '../test-support/suites.js';

// An admin studio (every tenant, writes enabled): the tenant filter, and deleting / forgetting with confirmation.
jest.setTimeout(60_000);

const suite = browserSuite('browser-admin', { allTenants: true, allowWrites: true });

const open = (path: string) => suite.open(path);
const tenants = () => suite.page.locator('[data-testid=memory-row] td:nth-child(3)').allInnerTexts();

describe('admin mode', () => {
  it('shows every tenant with a tenant column, and the tenant filter narrows to one', async () => {
    expect(await open('/memories')).toBe(200);
    expect(await suite.page.getByTestId('binding').innerText()).toMatch(/all tenants \(admin\)[\s\S]*writes enabled/);
    await waitForCount(suite.page, '[data-testid=memory-row]', 3);
    expect((await tenants()).sort()).toEqual(['acme', 'acme', 'globex']);
    await suite.page.locator('input[name=tenant]').fill('globex');
    await suite.page.getByRole('button', { name: 'Apply' }).click();
    await suite.page.waitForURL(/tenant=globex/);
    await waitForCount(suite.page, '[data-testid=memory-row]', 1);
    expect(await suite.page.locator('[data-testid=memory-row] .title').innerText()).toContain(SECRET);

    expect(await open('/health')).toBe(200);
    await suite.page.getByTestId('per-tenant').waitFor();
    expect(await suite.page.getByTestId('per-tenant').innerText()).toMatch(/acme[\s\S]*globex/);
  });

  it('deletes a memory only after it is confirmed', async () => {
    const id = suite.store.seeded.heuristicId;
    expect(await open(`/memories/heuristic/${id}?tenant=acme`)).toBe(200);
    await visibleText(suite.page);
    await suite.page.getByRole('button', { name: 'Delete…' }).click();
    await suite.page.getByRole('button', { name: 'Cancel' }).click();
    expect(await suite.studio.alma.storage.getMemory('heuristic', id, { tenantId: 'acme' })).toBeDefined();
    await suite.page.getByRole('button', { name: 'Delete…' }).click();
    await suite.page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await suite.page.waitForURL(/\/memories\?tenant=acme$/);
    await waitForCount(suite.page, '[data-testid=memory-row]', 1);
    expect(await suite.studio.alma.storage.getMemory('heuristic', id, { tenantId: 'acme' })).toBeUndefined();
  });

  it('forgets the candidates it listed, after confirmation', async () => {
    expect(await open('/health?tenant=acme')).toBe(200);
    await suite.page.getByTestId('prune').waitFor();
    const target = suite.store.seeded.workflowHeuristicId;
    expect(await suite.page.getByTestId('prune').innerText()).toContain(target);
    await suite.page.getByRole('button', { name: /^Forget these 1/ }).click();
    await suite.page.getByRole('button', { name: 'Forget 1' }).click();
    await suite.page.getByRole('status').waitFor();
    expect(await suite.page.getByRole('status').innerText()).toBe('Forgot 1 memories.');
    expect(await suite.studio.alma.storage.getMemory('heuristic', target, { tenantId: 'acme' })).toBeUndefined();
    await suite.page.getByText('Nothing: every memory passes the prune policy.').waitFor();
  });
});
