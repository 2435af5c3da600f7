import { z } from 'zod';
import { ValidationError } from './errors.js';

/** How wide a retrieval looks, narrowest first: NODE < RUN < WORKFLOW < AGENT < TENANT < GLOBAL. */
export const RetrievalScope = {
  Node: 'node',
  Run: 'run',
  Workflow: 'workflow',
  Agent: 'agent',
  Tenant: 'tenant',
  Global: 'global',
} as const;
export type RetrievalScope = (typeof RetrievalScope)[keyof typeof RetrievalScope];

/** Narrowest to broadest. */
export const RETRIEVAL_SCOPE_ORDER: readonly RetrievalScope[] = ['node', 'run', 'workflow', 'agent', 'tenant', 'global'];
export const retrievalScopeSchema = z.enum(RETRIEVAL_SCOPE_ORDER as [RetrievalScope, ...RetrievalScope[]]);

/** Case-insensitive parse; the error lists the valid values. */
export function parseRetrievalScope(value: string): RetrievalScope {
  const lower = value.trim().toLowerCase();
  if ((RETRIEVAL_SCOPE_ORDER as readonly string[]).includes(lower)) return lower as RetrievalScope;
  throw new ValidationError(
    `Unknown retrieval scope '${value}'. Use one of: ${RETRIEVAL_SCOPE_ORDER.join(', ')}.`,
    [{ path: 'scope', message: 'unknown scope' }],
  );
}

/** Negative when a is narrower than b, 0 when equal, positive when broader. */
export function compareScopes(a: RetrievalScope, b: RetrievalScope): number {
  return RETRIEVAL_SCOPE_ORDER.indexOf(a) - RETRIEVAL_SCOPE_ORDER.indexOf(b);
}

export function isBroaderThan(a: RetrievalScope, b: RetrievalScope): boolean {
  return compareScopes(a, b) > 0;
}

/** One level broader (GLOBAL stays GLOBAL). */
export function broaden(scope: RetrievalScope): RetrievalScope {
  const i = RETRIEVAL_SCOPE_ORDER.indexOf(scope);
  return RETRIEVAL_SCOPE_ORDER[Math.min(i + 1, RETRIEVAL_SCOPE_ORDER.length - 1)] as RetrievalScope;
}

/** One level narrower (NODE stays NODE). */
export function narrow(scope: RetrievalScope): RetrievalScope {
  const i = RETRIEVAL_SCOPE_ORDER.indexOf(scope);
  return RETRIEVAL_SCOPE_ORDER[Math.max(i - 1, 0)] as RetrievalScope;
}
