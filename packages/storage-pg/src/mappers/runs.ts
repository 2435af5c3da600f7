import type { AlmaTables } from '../schema/index.js';

export { runFromRow } from './workflow.js';

export type RunRow = AlmaTables['checkpointRuns']['$inferSelect'];
