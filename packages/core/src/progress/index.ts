export { ProgressTracker, type CtxOption } from './tracker.js';
export {
  formatProgressSummary,
  isActionable,
  NEXT_ITEM_STRATEGIES,
  openDependencies,
  selectNextItem,
  summarize,
  type NextItemStrategy,
  type ProgressSummary,
} from './select.js';
export { createItemSchema, updateItemSchema, type CreateWorkItemInput, type ListWorkItemsInput, type UpdateWorkItemInput } from './inputs.js';
