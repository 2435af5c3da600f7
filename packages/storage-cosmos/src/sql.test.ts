import { describe, expect, it } from '@jest/globals';
import { HOSTILE_STRINGS } from '@alma/storage-conformance';
import { scopeWhere, Sql, tenantPartition, tenantWhere } from './sql.js';

describe('Sql', () => {
  it('keeps every value out of the query text', () => {
    for (const s of HOSTILE_STRINGS) {
      const sql = new Sql();
      const pk = scopeWhere(sql, { tenantId: s, workflowId: s, runId: s, nodeId: s, branchId: s }, true);
      sql.in('agent', [s]);
      const spec = sql.build('*', { top: 5, orderBy: 'c.createdAt DESC' });
      expect(pk).toBe(s);
      expect(spec.query).toBe(
        'SELECT TOP @p7 * FROM c WHERE c.pk = @p0 AND c.tenantId = @p1 AND c.workflowId = @p2 AND c.runId = @p3 ' +
          'AND c.nodeId = @p4 AND c.branchId = @p5 AND ARRAY_CONTAINS(@p6, c.agent) ORDER BY c.createdAt DESC',
      );
      expect(spec.parameters?.map((p) => p.value)).toEqual([s, s, s, s, s, s, [s], 5]);
      expect(sql.build('*', { top: 5 })).toEqual(sql.build('*', { top: 5 })); // build() does not accumulate
    }
  });

  it('translates the tenant rule of matchesScope and pins the partition', () => {
    const tenantLess = new Sql();
    expect(tenantWhere(tenantLess, {}, true)).toBe('__none__');
    expect(tenantLess.build('*').query).toBe('SELECT * FROM c WHERE c.pk = @p0 AND NOT IS_DEFINED(c.tenantId)');
    const notPartitioned = new Sql();
    expect(tenantWhere(notPartitioned, { tenantId: 't' }, false)).toBeUndefined();
    expect(notPartitioned.build('c.id').query).toBe('SELECT c.id FROM c WHERE c.tenantId = @p0');
    const admin = new Sql();
    expect(scopeWhere(admin, { allTenants: true, runId: 'r' }, true)).toBeUndefined();
    expect(admin.build('*').query).toBe('SELECT * FROM c WHERE c.runId = @p0');
    expect(tenantPartition(undefined)).toBe('__none__');
  });
});
