import type { runs } from '../schema/index.js';

export { runFromRow } from './workflow.js';

export type RunRow = typeof runs.$inferSelect;
