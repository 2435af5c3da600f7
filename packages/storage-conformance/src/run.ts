import { afterAll, beforeAll, describe } from '@jest/globals';
import { assertEveryCaseRegistered, createSuiteContext, type SuiteContext } from './context.js';
import { parseConformanceOptions, type ConformanceOptions } from './options.js';
import { artifactsSuite } from './suites/artifacts.js';
import { badInputStringsSuite } from './suites/bad-input-strings.js';
import { badInputSuite } from './suites/bad-input.js';
import { batchAndUpdatesSuite } from './suites/batch-and-updates.js';
import { checkpointConcurrencySuite } from './suites/checkpoint-concurrency.js';
import { checkpointsSuite } from './suites/checkpoints.js';
import { checkpointDeltasSuite } from './suites/checkpoint-deltas.js';
import { checkpointsV2Suite } from './suites/checkpoints-v2.js';
import { cleanupSuite } from './suites/cleanup.js';
import { graphSuite } from './suites/graph.js';
import { graphTraversalSuite } from './suites/graph-traversal.js';
import { lifecycleSuite } from './suites/lifecycle.js';
import { memoriesSuite } from './suites/memories.js';
import { portabilitySuite } from './suites/portability.js';
import { progressSuite } from './suites/progress.js';
import { runsSuite } from './suites/runs.js';
import { scopingSuite } from './suites/scoping.js';
import { sessionsSuite } from './suites/sessions.js';
import { statsSuite } from './suites/stats.js';
import { tenantIsolationSuite } from './suites/tenant-isolation.js';
import { vectorsSuite } from './suites/vectors.js';
import { workflowOutcomesSuite } from './suites/workflow-outcomes.js';

/** Every capability suite, in the order runStorageConformance registers them. */
export const ALL_SUITES: ReadonlyArray<(ctx: SuiteContext) => void> = [
  lifecycleSuite,
  memoriesSuite,
  batchAndUpdatesSuite,
  scopingSuite,
  tenantIsolationSuite,
  vectorsSuite,
  checkpointsSuite,
  checkpointConcurrencySuite,
  cleanupSuite,
  workflowOutcomesSuite,
  artifactsSuite,
  sessionsSuite,
  progressSuite,
  graphSuite,
  graphTraversalSuite,
  statsSuite,
  badInputSuite,
  badInputStringsSuite,
];

/** Contract v2: run catalog, atomic stale writes, tombstones, main-line reads, encoding, deltas, portability. */
export const CONTRACT_V2_SUITES: ReadonlyArray<(ctx: SuiteContext) => void> = [
  checkpointsV2Suite,
  checkpointDeltasSuite,
  runsSuite,
  portabilitySuite,
];

/**
 * Registers the whole conformance suite for one adapter with jest. Call it once at the top level of the adapter's
 * test file. Every case runs against a fresh store from `createStorage`; cases listed in `skip` are registered
 * as skipped with their reason, never dropped.
 */
export function runStorageConformance(options: ConformanceOptions): void {
  const opts = parseConformanceOptions(options);
  const ctx = createSuiteContext(opts);
  describe(`storage conformance: ${opts.name}`, () => {
    const { setup, teardown } = opts;
    if (setup) beforeAll(() => setup(), opts.timeoutMs);
    if (teardown) afterAll(() => teardown(), opts.timeoutMs);
    for (const suite of ALL_SUITES) suite(ctx);
    for (const suite of CONTRACT_V2_SUITES) suite(ctx);
    assertEveryCaseRegistered(ctx);
  });
}
