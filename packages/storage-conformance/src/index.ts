export { runStorageConformance, ALL_SUITES, CONTRACT_V2_SUITES } from './run.js';
export { CASE_TITLES, CONFORMANCE_CASES, isCaseId, type CaseId } from './cases.js';
export {
  conformanceOptionsSchema,
  parseConformanceOptions,
  type ConformanceOptions,
  type ResolvedConformanceOptions,
  type StorageFactoryContext,
} from './options.js';
export {
  assertEveryCaseRegistered,
  caseTitle,
  createSuiteContext,
  type CaseBody,
  type CaseEnv,
  type SuiteContext,
} from './context.js';
export * from './fixtures.js';
export * from './assertions.js';
export { releaseAll } from './teardown.js';
export { lifecycleSuite } from './suites/lifecycle.js';
export { memoriesSuite } from './suites/memories.js';
export { batchAndUpdatesSuite } from './suites/batch-and-updates.js';
export { scopingSuite } from './suites/scoping.js';
export { tenantIsolationSuite } from './suites/tenant-isolation.js';
export { vectorsSuite } from './suites/vectors.js';
export { checkpointsSuite } from './suites/checkpoints.js';
export { checkpointConcurrencySuite } from './suites/checkpoint-concurrency.js';
export { cleanupSuite } from './suites/cleanup.js';
export { workflowOutcomesSuite } from './suites/workflow-outcomes.js';
export { artifactsSuite } from './suites/artifacts.js';
export { sessionsSuite } from './suites/sessions.js';
export { progressSuite } from './suites/progress.js';
export { graphSuite } from './suites/graph.js';
export { graphTraversalSuite } from './suites/graph-traversal.js';
export { statsSuite } from './suites/stats.js';
export { badInputSuite } from './suites/bad-input.js';
export { badInputStringsSuite, HOSTILE_STRINGS } from './suites/bad-input-strings.js';
