import { describe, expect, it, jest } from '@jest/globals';
import { screenshot, visibleText, waitForCount } from '../test-support/page-checks.js';
import { RELEASE_RUN, SECRET } from '../test-support/seed.js';
import { browserSuite } from '../test-support/suites.js';

// Every page in headless Chromium, against a seeded SQLite store, bound to tenant acme.
jest.setTimeout(60_000);

const suite = browserSuite('browser-pages', { tenantId: 'acme' });

const open = (path: string) => suite.open(path);
const rowTitles = () => suite.page.locator('[data-testid=memory-row] .title').allInnerTexts();

describe('memories', () => {
  it('lists each type, filters by text, sorts and pages, and opens a memory with its history, artifacts and graph neighbours', async () => {
    expect(await open('/memories')).toBe(200);
    await waitForCount(suite.page, '[data-testid=memory-row]', 2);
    expect(await suite.page.getByTestId('binding').innerText()).toContain('tenant acme');

    await suite.page.getByRole('tab', { name: 'Outcome', exact: true }).click();
    await suite.page.waitForURL(/kind=outcome/);
    await waitForCount(suite.page, '[data-testid=memory-row]', 6);
    await screenshot(suite.page, 'memories');
    await suite.page.getByTestId('text-filter').fill('checkpoint store');
    await suite.page.getByRole('button', { name: 'Apply' }).click();
    await waitForCount(suite.page, '[data-testid=memory-row]', 1);
    expect(await rowTitles()).toEqual(['Write integration tests for the PostgreSQL checkpoint store']);
    expect(await suite.page.getByTestId('pager').innerText()).toContain('searched 6 records');

    expect(await open('/memories?kind=outcome&limit=4')).toBe(200);
    await waitForCount(suite.page, '[data-testid=memory-row]', 4);
    expect(await suite.page.getByTestId('page-range').innerText()).toBe('1–4 of 6');
    await suite.page.getByRole('button', { name: 'Next →' }).click();
    await waitForCount(suite.page, '[data-testid=memory-row]', 2);
    expect(await suite.page.getByTestId('page-range').innerText()).toBe('5–6 of 6');

    expect(await open('/memories?sort=confidence&order=asc')).toBe(200);
    await waitForCount(suite.page, '[data-testid=memory-row]', 2);
    expect(await rowTitles()).toEqual(['split the release into parallel test and docs branches', 'run the tests against a real PostgreSQL in a fresh schema']);

    await suite.page.getByRole('link', { name: 'run the tests against a real PostgreSQL in a fresh schema' }).click();
    await suite.page.waitForURL(new RegExp(`/memories/heuristic/${suite.store.seeded.heuristicId}$`));
    await suite.page.getByTestId('events').waitFor();
    const created = suite.page.locator('[data-testid=event][data-action=created]');
    expect(await created.locator('.sources li').count()).toBe(3);
    expect(await suite.page.getByTestId('artifacts').innerText()).toContain('s3://ci-logs/acme/run-118.log');
    expect(await suite.page.getByTestId('graph').innerText()).toMatch(/PostgreSQL[\s\S]*—has_extension→ pgvector/);
    await screenshot(suite.page, 'memory');
  });
});

describe('retrieval playground', () => {
  it('shows the slice, each memory\'s score breakdown and toPrompt() as an agent gets it', async () => {
    expect(await open('/retrieval')).toBe(200);
    await suite.page.getByTestId('task').fill('write integration tests for postgres');
    await suite.page.getByRole('button', { name: 'Apply' }).click();
    await suite.page.waitForURL(/task=write/);
    await suite.page.getByTestId('slice').waitFor();
    const items = suite.page.getByTestId('slice-item');
    expect(await items.count()).toBeGreaterThan(3);
    const fields = await items.first().locator('[data-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    expect(fields).toEqual(['similarity', 'recency', 'successRate', 'confidence']);
    const prompt = await suite.page.getByTestId('prompt').innerText();
    const direct = await suite.studio.alma.retrieve({ task: 'write integration tests for postgres', agent: 'coder', context: { tenantId: 'acme' }, bypassCache: true });
    expect(prompt.trim()).toBe(suite.studio.alma.toPrompt(direct).trim());
    expect(prompt).toContain('## Relevant Strategies');
    await screenshot(suite.page, 'retrieval');
  });
});

describe('runs', () => {
  it('lists runs and draws the release run: two branches, the merge, the resume point; state and diff of checkpoints', async () => {
    expect(await open('/runs')).toBe(200);
    await waitForCount(suite.page, '[data-testid=run-row]', 2);
    await screenshot(suite.page, 'runs');
    await suite.page.getByRole('link', { name: RELEASE_RUN }).click();
    await suite.page.getByTestId('dag').waitFor();
    await waitForCount(suite.page, '[data-testid=cp-node]', 6);
    expect(await suite.page.getByTestId('edge-fork').count()).toBe(2);
    expect(await suite.page.getByTestId('edge-merge').count()).toBe(2);
    const c = suite.store.seeded.checkpoints;
    const node = (name: string) => suite.page.locator(`[data-testid=cp-node][data-id="${c[name]}"]`);
    expect(await node('publish').getAttribute('class')).toContain('resume');
    expect(await node('join').getAttribute('class')).toContain('merge');

    await node('fix-flaky').click();
    await suite.page.waitForURL(new RegExp(`checkpoint=${c['fix-flaky']}`));
    expect(await suite.page.getByTestId('state').innerText()).toContain('"flaky tests fixed"');
    await node('join').click({ modifiers: ['Shift'] });
    await suite.page.waitForURL(new RegExp(`compare=${c['join']}`));
    await suite.page.getByTestId('diff').waitFor();
    const changes = await suite.page.getByTestId('change').allInnerTexts();
    expect(changes.join('\n')).toMatch(/added\s+pages\s+14/);
    await screenshot(suite.page, 'run');
  });
});

describe('learning timeline', () => {
  it('shows when heuristics and anti-patterns were created or strengthened, from which outcomes', async () => {
    expect(await open('/timeline')).toBe(200);
    await suite.page.getByTestId('events').waitFor();
    const actions = await suite.page.locator('[data-testid=event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['created', 'weakened', 'seen again', 'validated']));
    const antiPattern = suite.page.locator('[data-testid=event]', { hasText: 'mock the database driver' });
    expect(await antiPattern.locator('.sources li').allInnerTexts()).toEqual([
      expect.stringMatching(/^from outcome Test the cache layer \(failure/), expect.stringMatching(/^from outcome Test the queue consumer \(failure/),
    ]);
    await suite.page.getByTestId('day-chart').waitFor();
    await screenshot(suite.page, 'timeline');
    await suite.page.locator('select[name=kind]').selectOption('anti_pattern');
    await suite.page.getByRole('button', { name: 'Apply' }).click();
    await suite.page.waitForURL(/kind=anti_pattern/);
    await suite.page.waitForFunction(() => [...document.querySelectorAll('[data-testid=event] .kind')].every((k) => k.textContent === 'anti-pattern'));
  });
});

describe('health', () => {
  it('counts per type, the store, runs, and the decay and forgetting candidates', async () => {
    expect(await open('/health')).toBe(200);
    await suite.page.getByTestId('counts').waitFor();
    expect(await suite.page.getByTestId('counts').innerText()).toMatch(/2\s+Heuristic[\s\S]*6\s+Outcome/);
    await suite.page.getByTestId('prune').waitFor();
    expect(await suite.page.getByTestId('prune').innerText()).toContain('low_confidence');
    expect(await suite.page.getByTestId('decay').locator('tbody tr').count()).toBe(2);
    await screenshot(suite.page, 'health');
  });
});

describe('tenant isolation', () => {
  it("no page bound to acme ever shows a row of globex", async () => {
    const s = suite.store.seeded;
    const paths = [
      '/memories', '/memories?kind=outcome', '/memories?kind=domain_knowledge', '/memories?kind=workflow_outcome', '/memories?kind=outcome&text=ledger',
      `/memories/heuristic/${s.heuristicId}`, '/retrieval?task=migrate+the+billing+ledger&agent=coder', '/runs', `/runs/${RELEASE_RUN}`, '/timeline', '/health',
    ];
    for (const path of paths) {
      await open(path);
      const text = await visibleText(suite.page);
      expect({ path, leaked: (await suite.page.content()).includes(SECRET) || text.includes(SECRET) }).toEqual({ path, leaked: false });
    }
  });
});
