import { describe, expect, it } from '@jest/globals';
import {
  ADMIN_ALL_TENANTS,
  matchesScope,
  scopeFieldsSchema,
  scopeFilterSchema,
  SINGLE_TENANT,
  tenantScope,
  type ScopeFilter,
} from './scope-fields.js';

const tenantless = { workflowId: 'wf', runId: 'r1', nodeId: 'n1' };
const acme = { tenantId: 'acme', workflowId: 'wf', runId: 'r1', nodeId: 'n1', branchId: 'b1' };
const globex = { tenantId: 'globex', workflowId: 'wf', runId: 'r1', nodeId: 'n1' };

describe('matchesScope', () => {
  it('a filter without tenantId sees only tenant-less records', () => {
    expect(matchesScope(tenantless, SINGLE_TENANT)).toBe(true);
    expect(matchesScope(acme, SINGLE_TENANT)).toBe(false);
    expect(matchesScope(acme, {})).toBe(false);
  });

  it('a tenant filter sees only that tenant', () => {
    expect(matchesScope(acme, { tenantId: 'acme' })).toBe(true);
    expect(matchesScope(globex, { tenantId: 'acme' })).toBe(false);
    expect(matchesScope(tenantless, { tenantId: 'acme' })).toBe(false);
  });

  it('treats a null tenantId like an absent one', () => {
    const fromDb = { tenantId: null } as unknown as { tenantId?: string };
    expect(matchesScope(fromDb, {})).toBe(true);
    expect(matchesScope({}, { tenantId: null } as unknown as ScopeFilter)).toBe(true);
  });

  it('allTenants sees every tenant, and tenant-less records', () => {
    for (const record of [tenantless, acme, globex]) expect(matchesScope(record, ADMIN_ALL_TENANTS)).toBe(true);
  });

  it('allTenants still narrows by workflow/run/node', () => {
    expect(matchesScope(acme, { allTenants: true, runId: 'r2' })).toBe(false);
  });

  it.each<[ScopeFilter, boolean]>([
    [{ tenantId: 'acme', workflowId: 'wf' }, true],
    [{ tenantId: 'acme', workflowId: 'other' }, false],
    [{ tenantId: 'acme', workflowId: 'wf', runId: 'r1' }, true],
    [{ tenantId: 'acme', runId: 'r2' }, false],
    [{ tenantId: 'acme', nodeId: 'n1' }, true],
    [{ tenantId: 'acme', nodeId: 'n2' }, false],
    [{ tenantId: 'acme', branchId: 'b1' }, true],
    [{ tenantId: 'acme', branchId: 'b2' }, false],
  ])('narrows by equality: %p -> %p', (filter, expected) => {
    expect(matchesScope(acme, filter)).toBe(expected);
  });

  it('a narrowing field excludes records that lack it', () => {
    expect(matchesScope({ tenantId: 'acme' }, { tenantId: 'acme', workflowId: 'wf' })).toBe(false);
    expect(matchesScope({ tenantId: 'acme', runId: 'r1' }, { tenantId: 'acme', branchId: 'b1' })).toBe(false);
  });
});

describe('tenantScope', () => {
  it('keeps only the tenant part of a filter', () => {
    expect(tenantScope({ tenantId: 'acme', workflowId: 'wf', runId: 'r', nodeId: 'n', branchId: 'b' })).toEqual({
      tenantId: 'acme',
    });
    expect(tenantScope({ workflowId: 'wf' })).toBe(SINGLE_TENANT);
    expect(tenantScope({ allTenants: true, runId: 'r' })).toBe(ADMIN_ALL_TENANTS);
  });
});

describe('filter constants and schemas', () => {
  it('SINGLE_TENANT and ADMIN_ALL_TENANTS are frozen', () => {
    expect(SINGLE_TENANT).toEqual({});
    expect(ADMIN_ALL_TENANTS).toEqual({ allTenants: true });
    expect(Object.isFrozen(SINGLE_TENANT)).toBe(true);
    expect(Object.isFrozen(ADMIN_ALL_TENANTS)).toBe(true);
  });

  it('scopeFilterSchema rejects allTenants together with tenantId, unknown keys and bad ids', () => {
    expect(scopeFilterSchema.safeParse({ tenantId: 'a', runId: 'r' }).success).toBe(true);
    const both = scopeFilterSchema.safeParse({ allTenants: true, tenantId: 'a' });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.message).toBe('allTenants and tenantId are mutually exclusive');
    expect(scopeFilterSchema.safeParse({ tenant: 'a' }).success).toBe(false);
    expect(scopeFilterSchema.safeParse({ tenantId: '' }).success).toBe(false);
    expect(scopeFilterSchema.safeParse({ allTenants: false, tenantId: 'a' }).success).toBe(true);
  });

  it('scopeFieldsSchema makes every field optional', () => {
    expect(scopeFieldsSchema.parse({})).toEqual({});
    expect(scopeFieldsSchema.safeParse({ runId: 'bad\nid' }).success).toBe(false);
  });
});
