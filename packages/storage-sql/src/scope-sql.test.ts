import { describe, expect, it } from '@jest/globals';
import { and, type SQL } from 'drizzle-orm';
import { PgDialect, pgTable, text as pgText } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ValidationError, type ScopeFilter } from '@alma/types';
import { checkScope, scopeParams, scopeShape, scopeSql } from './scope-sql.js';

const t = sqliteTable('t', { tenantId: text('tenant_id'), workflowId: text('workflow_id'), runId: text('run_id'), nodeId: text('node_id'), branchId: text('branch_id') });
const p = pgTable('t', { tenantId: pgText('tenant_id'), runId: pgText('run_id') });
const lite = scopeSql('0');
const pg = scopeSql('false');
const render = (parts: SQL[]) => new SQLiteSyncDialect().sqlToQuery(and(...parts) as SQL);

describe('scope conditions', () => {
  it('tenant: equality, IS NULL, or nothing for allTenants; each narrowing level by equality', () => {
    expect(render(lite.scopeConditions(t, { tenantId: 'acme', runId: 'r', branchId: 'b' }))).toMatchObject({
      sql: '("t"."tenant_id" = ? and "t"."run_id" = ? and "t"."branch_id" = ?)', params: ['acme', 'r', 'b'] });
    expect(render(lite.scopeConditions(t, {}))).toMatchObject({ sql: '"t"."tenant_id" is null', params: [] });
    expect(lite.scopeConditions(t, { allTenants: true })).toEqual([]);
  });

  it('a level the table has no column for matches nothing, in the dialect’s literal', () => {
    const onlyTenant = { tenantId: t.tenantId };
    expect(render(lite.scopeConditions(onlyTenant, { allTenants: true, nodeId: 'n' })).sql).toBe('0');
    const pgQuery = new PgDialect().sqlToQuery(and(...pg.scopeConditions({ tenantId: p.tenantId, runId: p.runId }, { workflowId: 'w', runId: 'r' })) as SQL);
    expect(pgQuery).toMatchObject({ sql: '("t"."tenant_id" is null and false and "t"."run_id" = $1)', params: ['r'] });
  });

  it('tenantConditions ignore the workflow levels', () => {
    expect(render(lite.tenantConditions(t.tenantId, { tenantId: 'acme', runId: 'r', nodeId: 'n' }))).toMatchObject({ sql: '"t"."tenant_id" = ?', params: ['acme'] });
  });

  it('placeholders: the same conditions, cached by shape, with the values from scopeParams', () => {
    const filters: ScopeFilter[] = [{ tenantId: 'acme', workflowId: 'w', nodeId: 'n' }, { allTenants: true, runId: 'r' }, {}];
    for (const filter of filters) {
      const withValues = render(lite.scopeConditions(t, filter));
      const prepared = render(lite.scopePlaceholderConditions(t, filter));
      expect(prepared.sql).toBe(withValues.sql);
      const params = scopeParams(filter);
      expect((prepared.params as Array<{ name: string }>).map((ph) => params[ph.name])).toEqual(withValues.params);
    }
    expect(render(lite.scopePlaceholderConditions({ tenantId: t.tenantId }, { branchId: 'b' })).sql).toBe('("t"."tenant_id" is null and 0)');
    expect(filters.map(scopeShape)).toEqual(['Tw-n-', 'A-r--', 'N----']);
    expect(scopeShape({ tenantId: 'other', workflowId: 'x', nodeId: 'y' })).toBe(scopeShape(filters[0] as ScopeFilter));
    expect(scopeParams({ allTenants: true, branchId: 'b' })).toEqual({ scope_branchId: 'b' });
  });

  it('checkScope rejects a malformed filter', () => {
    expect(checkScope({ tenantId: 't' })).toEqual({ tenantId: 't' });
    expect(() => checkScope({ allTenants: true, tenantId: 't' })).toThrow(ValidationError);
    expect(() => checkScope({ tenant: 't' } as never)).toThrow(ValidationError);
  });
});
