import {
  idSchema,
  parseInput,
  tenantScope,
  TenantRequiredError,
  validateScopeFilter,
  WorkflowContext,
  type ScopeFilter,
} from '@alma/types';

/**
 * Who is reading: a WorkflowContext (its tenant is used) or a ScopeFilter (its tenant part is used;
 * `{ allTenants: true }` is the admin read across every tenant). Omitted = tenant-less data.
 */
export type CheckpointScope = WorkflowContext | ScopeFilter;

/** The storage filter for checkpoint reads and deletes: tenant isolation only (the run id narrows further). */
export function resolveScope(scope: CheckpointScope | undefined, requireTenant: boolean, operation: string): ScopeFilter {
  const filter =
    scope instanceof WorkflowContext
      ? scope.tenantId === undefined
        ? {}
        : { tenantId: scope.tenantId }
      : tenantScope(validateScopeFilter(scope ?? {}));
  if (requireTenant && !filter.allTenants && filter.tenantId === undefined) throw new TenantRequiredError(operation);
  return filter;
}

/** A run id passed as an argument: ValidationError when malformed (empty, too long, control characters). */
export function parseRunId(runId: unknown): string {
  return parseInput(idSchema, runId, 'runId');
}
