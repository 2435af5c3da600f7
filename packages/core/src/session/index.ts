export { SessionManager, type SessionManagerOptions } from './manager.js';
export { SessionContext } from './context.js';
export { formatQuickReload, MAX_KEY_DECISIONS, MAX_NEXT_STEPS, withDecision } from './handoff.js';
export type { FinalizeSessionInput, SessionTarget, StartSessionInput, UpdateSessionInput } from './inputs.js';
