import { eq, isNull, sql, type Column, type SQL } from 'drizzle-orm';
import { tenantScope, validateScopeFilter, type ScopeFilter } from '@alma/types';

/** The scope columns a table has; a field the table lacks is absent. */
export interface ScopeColumns<C = Column> {
  readonly tenantId: C;
  readonly workflowId?: C;
  readonly runId?: C;
  readonly nodeId?: C;
  readonly branchId?: C;
}

const NARROWING = ['workflowId', 'runId', 'nodeId', 'branchId'] as const;

/** The scope conditions of one SQL dialect: the same logic, the dialect's own literal for "matches no row". */
export interface ScopeSql {
  /**
   * `matchesScope` as SQL conditions (AND them): without `allTenants`, `tenant_id = $1` or `tenant_id IS NULL`;
   * each of workflowId/runId/nodeId/branchId narrows by equality. A field the table has no column for is undefined
   * on every record, so a filter on it matches nothing — exactly what `matchesScope` answers.
   */
  scopeConditions(columns: ScopeColumns, filter: ScopeFilter): SQL[];
  /**
   * The same conditions with named placeholders instead of values, for drizzle prepared statements reused across
   * calls: statements are cached per `scopeShape`, and `scopeParams` supplies the values.
   */
  scopePlaceholderConditions(columns: ScopeColumns, filter: ScopeFilter): SQL[];
  /** For records outside the workflow hierarchy (links, handoffs, work items, graph): the tenant part only. */
  tenantConditions(tenantColumn: Column, filter: ScopeFilter): SQL[];
}

/** `matchNone`: the dialect's false condition, e.g. `0` in SQLite, `false` in PostgreSQL. */
export function scopeSql(matchNone: string): ScopeSql {
  const none = (): SQL => sql.raw(matchNone);
  function conditions(columns: ScopeColumns, filter: ScopeFilter, value: (key: string, v: string) => unknown): SQL[] {
    const parts: SQL[] = [];
    if (!filter.allTenants) {
      parts.push(filter.tenantId === undefined ? isNull(columns.tenantId) : eq(columns.tenantId, value('tenantId', filter.tenantId)));
    }
    for (const key of NARROWING) {
      const v = filter[key];
      if (v === undefined) continue;
      const column = columns[key];
      parts.push(column ? eq(column, value(key, v)) : none());
    }
    return parts;
  }
  const scopeConditions = (columns: ScopeColumns, filter: ScopeFilter): SQL[] => conditions(columns, filter, (_, v) => v);
  return {
    scopeConditions,
    scopePlaceholderConditions: (columns, filter) => conditions(columns, filter, (key) => sql.placeholder(`scope_${key}`)),
    tenantConditions: (tenantColumn, filter) => scopeConditions({ tenantId: tenantColumn }, tenantScope(filter)),
  };
}

/** Which conditions a filter produces (not their values): the cache key of prepared statements. */
export function scopeShape(filter: ScopeFilter): string {
  const tenant = filter.allTenants ? 'A' : filter.tenantId === undefined ? 'N' : 'T';
  return tenant + NARROWING.map((k) => (filter[k] === undefined ? '-' : k[0])).join('');
}

/** The values of `scopePlaceholderConditions`' placeholders. */
export function scopeParams(filter: ScopeFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (!filter.allTenants && filter.tenantId !== undefined) params['scope_tenantId'] = filter.tenantId;
  for (const key of NARROWING) {
    const value = filter[key];
    if (value !== undefined) params[`scope_${key}`] = value;
  }
  return params;
}

/** Validates a caller's scope filter (strict: unknown keys, allTenants + tenantId are rejected). */
export const checkScope = (scope: ScopeFilter): ScopeFilter => validateScopeFilter(scope);
