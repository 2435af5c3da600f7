import { ALMA } from '@alma/core';
import { createStorage } from '@alma/storage-sqlite';
import type { StorageBackend } from '@alma/types';

// A SQLite store as a team would have it after a few weeks: tenant acme with learned heuristics and anti-patterns
// (from learn() and from finished workflows), knowledge, a preference, an artifact link, a small graph, a release run
// with two parallel branches and a merge, a run with a 10 MB state and a deleted run; tenant globex with its own
// rows (every text carries GLOBEX-SECRET, so a test can prove none of it ever reaches acme's pages).

export const PROJECT = 'shop';
export const ACME = { tenantId: 'acme' } as const;
export const GLOBEX = { tenantId: 'globex' } as const;
export const SECRET = 'GLOBEX-SECRET';
export const RELEASE_RUN = 'run-release-42';
export const BIG_RUN = 'run-ingest-big';
export const DELETED_RUN = 'run-deleted-7';
export const GLOBEX_RUN = 'run-globex-1';
export const BIG_STATE_BYTES = 10 * 1024 * 1024;

export interface Seeded {
  readonly heuristicId: string;
  readonly antiPatternId: string;
  readonly workflowHeuristicId: string;
  readonly outcomeIds: string[];
  readonly globexHeuristicId: string;
  readonly checkpoints: Record<string, string>;
  readonly bigCheckpointId: string;
}

const DAY = 86_400_000;

/** A clock that moves forward by `step` on every read, starting `daysAgo` before now. */
export function clock(daysAgo: number) {
  let t = Date.now() - daysAgo * DAY;
  return {
    now: () => new Date((t += 1000)),
    advance: (ms: number) => void (t += ms),
  };
}

export const openStore = (path: string): StorageBackend => createStorage({ path });

export function almaOn(storage: StorageBackend, now?: () => Date): ALMA {
  return new ALMA({
    storage,
    projectId: PROJECT,
    agents: { coder: { minOccurrencesForHeuristic: 3 }, reviewer: { inheritFrom: ['coder'] } },
    checkpoints: { maxStateSizeBytes: 16 * 1024 * 1024, ...(now ? { now } : {}) },
    ...(now ? { now } : {}),
  });
}

/** Seeds `path` (a new SQLite file) and closes it. */
export async function seedStore(path: string): Promise<Seeded> {
  const c = clock(20);
  const alma = almaOn(openStore(path), c.now);
  try {
    return await seedAlma(alma, c);
  } finally {
    await alma.close();
  }
}

/** Seeds any store behind `alma` (built with `almaOn(store, clock.now)`). */
export async function seedAlma(alma: ALMA, c: ReturnType<typeof clock>): Promise<Seeded> {
  const outcomeIds: string[] = [];
  let heuristicId = '';
  for (const [i, area] of ['the PostgreSQL checkpoint store', 'the SQLite run catalog', 'the PostgreSQL migrations', 'the retry logic'].entries()) {
    const r = await alma.learn({
      agent: 'coder', context: ACME, task: `Write integration tests for ${area}`, taskType: 'testing', outcome: 'success',
      strategyUsed: 'run the tests against a real PostgreSQL in a fresh schema', durationMs: 40_000 + i * 1000,
    });
    outcomeIds.push(r.outcome.id);
    if (r.heuristic) heuristicId = r.heuristic.heuristic.id;
    c.advance(DAY);
  }
  let antiPatternId = '';
  for (const area of ['the cache layer', 'the queue consumer']) {
    const r = await alma.learn({
      agent: 'coder', context: ACME, task: `Test ${area}`, taskType: 'testing', outcome: 'failure',
      strategyUsed: 'mock the database driver', errorMessage: 'tests passed but production failed: connection refused on port 5432',
    });
    outcomeIds.push(r.outcome.id);
    if (r.antiPattern) antiPatternId = r.antiPattern.antiPattern.id;
    c.advance(DAY / 2);
  }
  await alma.addDomainKnowledge({ agent: 'coder', context: ACME, domain: 'databases', fact: 'PostgreSQL needs the pgvector extension for vector search', source: 'user_stated' });
  await alma.addDomainKnowledge({ agent: 'reviewer', context: ACME, domain: 'process', fact: 'Releases are cut on Tuesdays after the docs build', source: 'observed' });
  await alma.addUserPreference({ userId: 'dana', context: ACME, category: 'style', preference: 'Prefers small pull requests with tests', source: 'explicit_instruction' });
  await alma.linkArtifact({ memoryId: heuristicId, context: ACME, artifactType: 'log', storageUrl: 's3://ci-logs/acme/run-118.log', filename: 'run-118.log', mimeType: 'text/plain', sizeBytes: 48_213 });
  const pg = await alma.graph.addEntity({ name: 'PostgreSQL', entityType: 'tool', context: ACME });
  const vec = await alma.graph.addEntity({ name: 'pgvector', entityType: 'extension', context: ACME });
  await alma.graph.addRelationship({ sourceId: pg.entity.id, targetId: vec.entity.id, relationType: 'has_extension', context: ACME });

  c.advance(DAY);
  const checkpoints = await releaseRun(alma);
  const run = { ...ACME, workflowId: 'release', runId: RELEASE_RUN };
  const learned = await alma.learnFromWorkflow(run, {
    agent: 'coder', result: 'success', summary: 'Release 42 shipped: tests and docs ran in parallel and merged cleanly',
    strategiesUsed: ['split the release into parallel test and docs branches'],
    successfulPatterns: ['split the release into parallel test and docs branches'],
    failedPatterns: ['publish before the docs build finishes'], durationSeconds: 840, nodeCount: 6,
  }, { cleanupCheckpoints: false });
  const workflowHeuristicId = learned.heuristics[0]?.heuristic.id ?? '';
  c.advance(2 * DAY);
  await alma.learnFromWorkflow({ ...ACME, workflowId: 'release', runId: 'run-release-43' }, {
    agent: 'coder', result: 'failure', summary: 'Release 43 rolled back: the docs branch timed out',
    strategiesUsed: ['split the release into parallel test and docs branches'], successfulPatterns: [],
    failedPatterns: ['publish before the docs build finishes'], errorMessage: 'docs build timed out after 20 minutes',
  }, { cleanupCheckpoints: false });

  const big = await alma.checkpoint({ ...ACME, workflowId: 'ingest', runId: BIG_RUN }, 'load-corpus', { corpus: 'x'.repeat(BIG_STATE_BYTES), meta: { docs: 120_000 } });
  await alma.checkpoint({ ...ACME, workflowId: 'ingest', runId: DELETED_RUN }, 'start', { step: 1 });
  await alma.storage.deleteCheckpoints(DELETED_RUN, ACME);

  const g = await alma.learn({ agent: 'coder', context: GLOBEX, task: `${SECRET} migrate the billing ledger`, taskType: 'testing', outcome: 'success', strategyUsed: `${SECRET} dual writes` });
  for (let i = 0; i < 2; i++) await alma.learn({ agent: 'coder', context: GLOBEX, task: `${SECRET} migrate ledger ${i}`, taskType: 'testing', outcome: 'success', strategyUsed: `${SECRET} dual writes` });
  await alma.addDomainKnowledge({ agent: 'coder', context: GLOBEX, domain: 'billing', fact: `${SECRET} the ledger lives in Oracle`, source: 'user_stated' });
  await alma.checkpoint({ ...GLOBEX, workflowId: 'billing', runId: GLOBEX_RUN }, 'start', { secret: SECRET });
  const globexHeuristic = (await alma.storage.queryMemories('heuristic', { scope: GLOBEX, projectId: PROJECT, topK: 10 }))[0]?.record.id ?? g.outcome.id;
  return { heuristicId, antiPatternId, workflowHeuristicId, outcomeIds, globexHeuristicId: globexHeuristic, checkpoints, bigCheckpointId: big.checkpoint.id };
}

/** plan → (tests: run-tests → fix-flaky) ∥ (docs: write-docs) → join (merge) → publish. */
async function releaseRun(alma: ALMA): Promise<Record<string, string>> {
  const ctx = { ...ACME, workflowId: 'release', runId: RELEASE_RUN };
  const ids: Record<string, string> = {};
  const plan = await alma.checkpoint(ctx, 'plan', { version: '42', tasks: ['tests', 'docs'], notes: ['cut from main'], approved: false });
  ids['plan'] = plan.checkpoint.id;
  const tests1 = await alma.checkpoint(ctx, 'run-tests', { version: '42', tasks: ['tests', 'docs'], notes: ['cut from main', '3 flaky tests'], approved: false, failures: 3 }, { branchId: 'tests' });
  ids['run-tests'] = tests1.checkpoint.id;
  const docs = await alma.checkpoint(ctx, 'write-docs', { version: '42', tasks: ['tests', 'docs'], notes: ['cut from main', 'docs written'], approved: false, pages: 14 }, { branchId: 'docs' });
  ids['write-docs'] = docs.checkpoint.id;
  const tests2 = await alma.checkpoint(ctx, 'fix-flaky', { version: '42', tasks: ['tests', 'docs'], notes: ['cut from main', 'flaky tests fixed'], approved: false, failures: 0 }, { branchId: 'tests' });
  ids['fix-flaky'] = tests2.checkpoint.id;
  const join = await alma.mergeStates(ctx, [tests2.checkpoint, docs.checkpoint], { fieldReducers: { notes: 'append' } }, { nodeId: 'join' });
  ids['join'] = join.checkpoint.id;
  const publish = await alma.checkpoint(ctx, 'publish', { ...join.checkpoint.state, approved: true, publishedAt: '2026-03-03T10:00:00Z' });
  ids['publish'] = publish.checkpoint.id;
  await alma.storage.updateRun(RELEASE_RUN, { status: 'completed', agent: 'coder' }, ACME);
  return ids;
}
