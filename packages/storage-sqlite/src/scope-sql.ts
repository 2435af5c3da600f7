import { eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { tenantScope, validateScopeFilter, type ScopeFilter } from '@alma/types';

/** The scope columns a table has; a field the table lacks is absent. */
export interface ScopeColumns {
  readonly tenantId: SQLiteColumn;
  readonly workflowId?: SQLiteColumn;
  readonly runId?: SQLiteColumn;
  readonly nodeId?: SQLiteColumn;
  readonly branchId?: SQLiteColumn;
}

const NARROWING = ['workflowId', 'runId', 'nodeId', 'branchId'] as const;

/**
 * `matchesScope` as SQL conditions (AND them): without `allTenants`, `tenant_id = ?` or `tenant_id IS NULL`;
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
    parts.push(column ? eq(column, value) : sql`0`);
  }
  return parts;
}

/**
 * The same conditions with named placeholders instead of values, for drizzle prepared statements reused across
 * calls: statements are cached per `scopeShape`, and `scopeParams` supplies the values.
 */
export function scopePlaceholderConditions(columns: ScopeColumns, filter: ScopeFilter): SQL[] {
  const parts: SQL[] = [];
  if (!filter.allTenants) {
    parts.push(
      filter.tenantId === undefined ? isNull(columns.tenantId) : eq(columns.tenantId, sql.placeholder('scope_tenantId')),
    );
  }
  for (const key of NARROWING) {
    if (filter[key] === undefined) continue;
    const column = columns[key];
    parts.push(column ? eq(column, sql.placeholder(`scope_${key}`)) : sql`0`);
  }
  return parts;
}

/** Which conditions a filter produces (not their values): the cache key of prepared statements. */
export function scopeShape(filter: ScopeFilter): string {
  const tenant = filter.allTenants ? 'A' : filter.tenantId === undefined ? 'N' : 'T';
  return tenant + NARROWING.map((k) => (filter[k] === undefined ? '-' : k[0])).join('');
}

export function scopeParams(filter: ScopeFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (!filter.allTenants && filter.tenantId !== undefined) params['scope_tenantId'] = filter.tenantId;
  for (const key of NARROWING) {
    const value = filter[key];
    if (value !== undefined) params[`scope_${key}`] = value;
  }
  return params;
}

/** For records outside the workflow hierarchy (links, handoffs, work items, graph): the tenant part only. */
export function tenantConditions(tenantColumn: SQLiteColumn, filter: ScopeFilter): SQL[] {
  return scopeConditions({ tenantId: tenantColumn }, tenantScope(filter));
}

/** Validates a caller's scope filter (strict: unknown keys, allTenants + tenantId are rejected). */
export const checkScope = (scope: ScopeFilter): ScopeFilter => validateScopeFilter(scope);
