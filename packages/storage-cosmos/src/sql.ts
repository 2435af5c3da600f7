import type { JSONValue, SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import type { ScopeFilter } from '@alma/types';

/** Partition value of tenant-less records in tenant-partitioned containers. */
export const NO_TENANT_PARTITION = '__none__';

/** The partition key value of a record (or a read) of `tenantId` in a tenant-partitioned container. */
export const tenantPartition = (tenantId: string | undefined): string => tenantId ?? NO_TENANT_PARTITION;

/**
 * A parameterised Cosmos SQL query. Field names come from this package's code only; every value goes through
 * `param()` and travels as `@pN`, so no caller-supplied string is ever part of the query text.
 */
export class Sql {
  private readonly parameters: SqlParameter[] = [];
  private readonly clauses: string[] = [];

  /** Adds a value and returns its placeholder. */
  param(value: JSONValue): string {
    const name = `@p${this.parameters.length}`;
    this.parameters.push({ name, value });
    return name;
  }

  /** ANDs a predicate into the WHERE clause. */
  where(predicate: string): this {
    this.clauses.push(predicate);
    return this;
  }

  /** `c.<field> = @p` */
  eq(field: string, value: JSONValue): this {
    return this.where(`c.${field} = ${this.param(value)}`);
  }

  /** `ARRAY_CONTAINS(@p, c.<field>)` */
  in(field: string, values: readonly JSONValue[]): this {
    return this.where(`ARRAY_CONTAINS(${this.param([...values])}, c.${field})`);
  }

  /** `SELECT [TOP @k] <select> FROM c [WHERE ...] [ORDER BY ...]` (does not change this builder). */
  build(select: string, options: { top?: number; orderBy?: string } = {}): SqlQuerySpec {
    const parameters = [...this.parameters];
    let top = '';
    if (options.top !== undefined) {
      const name = `@p${parameters.length}`;
      parameters.push({ name, value: options.top });
      top = `TOP ${name} `;
    }
    const where = this.clauses.length ? ` WHERE ${this.clauses.join(' AND ')}` : '';
    const order = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
    return { query: `SELECT ${top}${select} FROM c${where}${order}`, parameters };
  }
}

/**
 * The tenant part of `matchesScope`: a tenant's records, or tenant-less ones (`tenantId` absent), or everything
 * for an admin `allTenants` read. In a tenant-partitioned container it also pins the partition (`c.pk`), which is
 * what makes a scoped read a single-partition query. Returns the partition key to send with the query, if any.
 */
export function tenantWhere(sql: Sql, filter: ScopeFilter, partitioned: boolean): string | undefined {
  if (filter.allTenants) return undefined;
  const pk = tenantPartition(filter.tenantId);
  if (partitioned) sql.eq('pk', pk);
  if (filter.tenantId === undefined) sql.where('NOT IS_DEFINED(c.tenantId)');
  else sql.eq('tenantId', filter.tenantId);
  return partitioned ? pk : undefined;
}

/** The whole of `matchesScope` (tenant, then workflow/run/node/branch equality) as predicates. */
export function scopeWhere(sql: Sql, filter: ScopeFilter, partitioned: boolean): string | undefined {
  const pk = tenantWhere(sql, filter, partitioned);
  for (const field of ['workflowId', 'runId', 'nodeId', 'branchId'] as const) {
    const value = filter[field];
    if (value !== undefined) sql.eq(field, value);
  }
  return pk;
}
