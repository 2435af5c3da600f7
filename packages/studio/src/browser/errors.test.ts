import { describe, expect, it, jest } from '@jest/globals';
import { screenshot, visibleText } from '../test-support/page-checks.js';
import { BIG_RUN, DELETED_RUN, GLOBEX_RUN, RELEASE_RUN, SECRET } from '../test-support/seed.js';
import { browserSuite } from '../test-support/suites.js';

// Bad input in a real browser: each page answers with the HTTP status that says what is wrong, and shows a message
// a person can act on — never a stack trace, never a blank suite.page.
jest.setTimeout(60_000);

const suite = browserSuite('browser-errors', { tenantId: 'acme' });

/** Opens `path`; returns the HTTP status and the page's visible text once it has rendered. */
async function visit(path: string): Promise<{ status: number; text: string }> {
  const response = await suite.page.goto(`${suite.studio.base}${path}`);
  return { status: response?.status() ?? 0, text: await visibleText(suite.page) };
}

const STACK = /\bat .*[\\/].*:\d+:\d+|Error: .*\n\s+at /;

describe('bad input', () => {
  it.each([
    ['an unknown memory id', '/memories/heuristic/heur_does_not_exist', 404, "Heuristic 'heur_does_not_exist' was not found"],
    ['an unknown memory type', '/memories/memo/x', 400, 'Invalid memory path: kind'],
    ['a deleted run', `/runs/${DELETED_RUN}`, 404, `Run '${DELETED_RUN}' was not found in tenant 'acme': it never existed, was deleted, or belongs to another tenant.`],
    ["another tenant's run", `/runs/${GLOBEX_RUN}`, 404, `Run '${GLOBEX_RUN}' was not found in tenant 'acme'`],
    ["another tenant named in the URL", '/memories?tenant=globex', 403, "This studio is bound to tenant 'acme'; it cannot show tenant 'globex'"],
    ['a malformed number', '/memories?kind=outcome&limit=lots', 400, 'limit: must be a whole number'],
    ['malformed percent-encoding', '/runs?workflow=%E0%A4%A', 400, "'%E0%A4%A' is not valid percent-encoding"],
    ['an unknown parameter', '/timeline?agnet=coder', 400, "Unknown query parameter 'agnet'"],
    ['a parameter given twice', '/health?tenant=acme&tenant=acme', 400, "'tenant' is given twice"],
    ['an unknown checkpoint', `/runs/${RELEASE_RUN}?checkpoint=ckpt_nope`, 404, "Checkpoint 'ckpt_nope' is not a checkpoint of run 'run-release-42'"],
    ['a retrieval without a task', '/retrieval?agent=coder', 400, 'task'],
    ['a page that does not exist', '/memorys', 404, 'There is no page at /memorys'],
  ])('%s: %s answers %i with a message', async (_what, path, status, message) => {
    const r = await visit(path);
    expect(r.status).toBe(status);
    expect(r.text).toContain(message);
    expect(await suite.page.locator('[role=alert]').first().isVisible()).toBe(true);
    expect(r.text).not.toMatch(STACK);
    expect(r.text).not.toContain(SECRET);
  });

  it('a 10 MB state: the run page works, the state panel says 413 with the largest keys and a download', async () => {
    const r = await visit(`/runs/${BIG_RUN}?checkpoint=${suite.store.seeded.bigCheckpointId}`);
    expect(r.status).toBe(200);
    const alert = suite.page.locator('[data-testid=error][data-status="413"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/413 Too large[\s\S]*is 10\.0 MB, over the 1\.0 MB this page shows[\s\S]*corpus\s+string\s+10\.0 MB/);
    const href = await suite.page.getByTestId('download-state').getAttribute('href');
    const download = await suite.page.request.get(`${suite.studio.base}${href}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).length).toBeGreaterThan(10 * 1024 * 1024);
    await screenshot(suite.page, 'large-state');
  });

  it('a client-side link to something gone shows the same message as a fresh load', async () => {
    await visit('/runs');
    await suite.page.evaluate((run) => {
      const a = document.createElement('a');
      a.href = `/runs/${run}`;
      a.textContent = 'stale link';
      a.onclick = (e) => {
        e.preventDefault();
        history.pushState(null, '', a.href);
        dispatchEvent(new PopStateEvent('popstate'));
      };
      document.querySelector('main')?.append(a);
    }, DELETED_RUN);
    await suite.page.getByText('stale link').click();
    await suite.page.locator('[data-testid=error][data-status="404"]').waitFor();
    expect(await suite.page.getByTestId('error').innerText()).toContain(`Run '${DELETED_RUN}' was not found`);
  });
});
