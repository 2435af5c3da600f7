import { eq, isNull, sql, type Column, type SQL } from 'drizzle-orm';
import { tenantScope, validateScopeFilter, type ScopeFilter } from '@alma/types';

/** The scope columns a table has; a field the table lacks is absent. */
export interface ScopeColumns {
  readonly tenantId: Column;
  readonly workflowId?: Column;
  readonly runId?: Column;
  readonly nodeId?: Column;
  readonly branchId?: Column;
}

const NARROWING = ['workflowId', 'runId', 'nodeId', 'branchId'] as const;

/**
 * `matchesScope` as SQL conditions (AND them): without `allTenants`, `tenant_id = $1` or `tenant_id IS NULL`;
 * each of workflowId/runId/nodeId/branchId narrows by equality. A field the table has no column for is undefined
 * on every record, so a filter on it matches nothing — exactly what `matchesScope` answers.
 */
export function scopeConditions(columns: ScopeColumns, filter: ScopeFilter): SQL[] {
  const parts: SQL[] = [];
  if (!filter.allTenants) {
    parts.push(filter.tenantId === undefined ? isNull(columns.tenantId) : eq(columns.tenantId, filter.tenantId));
  }
  for (const key of NARROWING) {
    const value = filter[key];
    if (value === undefined) continue;
    const column = columns[key];
    parts.push(column ? eq(column, value) : sql`false`);
  }
  return parts;
}

/** For records outside the workflow hierarchy (links, handoffs, work items, graph): the tenant part only. */
export function tenantConditions(tenantColumn: Column, filter: ScopeFilter): SQL[] {
  return scopeConditions({ tenantId: tenantColumn }, tenantScope(filter));
}

/** Validates a caller's scope filter (strict: unknown keys, allTenants + tenantId are rejected). */
export const checkScope = (scope: ScopeFilter): ScopeFilter => validateScopeFilter(scope);
