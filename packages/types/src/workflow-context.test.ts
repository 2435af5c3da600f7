import { describe, expect, it } from '@jest/globals';
import { ScopeViolationError, TenantRequiredError, ValidationError } from './errors.js';
import { RETRIEVAL_SCOPE_ORDER } from './retrieval-scope.js';
import { thrown } from './test-support/fixtures.js';
import { WorkflowContext } from './workflow-context.js';

const full = { tenantId: 'acme', workflowId: 'wf', runId: 'r1', nodeId: 'n1', branchId: 'b1' };

describe('WorkflowContext.from', () => {
  it('builds a frozen context from a plain object', () => {
    const ctx = WorkflowContext.from({ ...full, metadata: { k: 1 }, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(ctx).toMatchObject(full);
    expect(ctx.metadata).toEqual({ k: 1 });
    expect(ctx.createdAt).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx.metadata)).toBe(true);
  });

  it('defaults: no ids, empty metadata, createdAt now', () => {
    const before = Date.now();
    const ctx = WorkflowContext.from(undefined);
    expect(ctx.tenantId).toBeUndefined();
    expect(ctx.runId).toBeUndefined();
    expect(ctx.metadata).toEqual({});
    expect(ctx.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(ctx.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('returns a WorkflowContext as is', () => {
    const ctx = WorkflowContext.from(full);
    expect(WorkflowContext.from(ctx)).toBe(ctx);
  });

  it('copies metadata so later changes to the input do not leak in', () => {
    const metadata: Record<string, unknown> = { a: 1 };
    const ctx = WorkflowContext.from({ metadata });
    metadata['a'] = 2;
    expect(ctx.metadata).toEqual({ a: 1 });
  });

  it('rejects bad field types and unknown keys with a ValidationError naming them', () => {
    const error = thrown(() => WorkflowContext.from({ runId: '', nodeId: 5 } as unknown as object)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^Invalid WorkflowContext: /);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['nodeId', 'runId']);
    expect(() => WorkflowContext.from({ tenant: 'acme' } as unknown as object)).toThrow(ValidationError);
  });
});

describe('WorkflowContext.validate', () => {
  it('accepts a consistent hierarchy and returns this', () => {
    const ctx = WorkflowContext.from(full);
    expect(ctx.validate()).toBe(ctx);
    expect(WorkflowContext.from({}).validate()).toBeInstanceOf(WorkflowContext);
    expect(WorkflowContext.from({ workflowId: 'wf' }).validate().workflowId).toBe('wf');
  });

  it.each([
    [{ workflowId: 'wf', nodeId: 'n' }, 'nodeId needs runId'],
    [{ workflowId: 'wf', branchId: 'b' }, 'branchId needs runId'],
    [{ runId: 'r' }, 'runId needs workflowId'],
  ])('rejects %p: %s', (init, message) => {
    const error = thrown(() => WorkflowContext.from(init).validate()) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`Invalid WorkflowContext: ${message}`);
  });

  it('reports every hierarchy problem at once', () => {
    const error = thrown(() => WorkflowContext.from({ nodeId: 'n', branchId: 'b' }).validate()) as ValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['nodeId', 'branchId']);
  });

  it('requireTenant: a context without tenant is a TenantRequiredError naming the operation', () => {
    const ctx = WorkflowContext.from({ workflowId: 'wf' });
    const error = thrown(() => ctx.validate({ requireTenant: true, operation: 'retrieve' }));
    expect(error).toBeInstanceOf(TenantRequiredError);
    expect(error.message).toMatch(/^retrieve needs a tenantId/);
    expect(() => ctx.validate({ requireTenant: true })).toThrow(/^This operation needs a tenantId/);
    expect(WorkflowContext.from({ tenantId: 't' }).validate({ requireTenant: true }).tenantId).toBe('t');
    expect(ctx.validate({ requireTenant: false })).toBe(ctx);
  });

  it('checks the hierarchy before the tenant', () => {
    expect(() => WorkflowContext.from({ runId: 'r' }).validate({ requireTenant: true })).toThrow(ValidationError);
  });
});

describe('WorkflowContext.scopeFilter', () => {
  const ctx = WorkflowContext.from(full);

  it('maps every retrieval scope to its filter', () => {
    expect(ctx.scopeFilter('node')).toEqual({ tenantId: 'acme', workflowId: 'wf', runId: 'r1', nodeId: 'n1' });
    expect(ctx.scopeFilter('run')).toEqual({ tenantId: 'acme', workflowId: 'wf', runId: 'r1' });
    expect(ctx.scopeFilter('workflow')).toEqual({ tenantId: 'acme', workflowId: 'wf' });
    expect(ctx.scopeFilter('agent')).toEqual({ tenantId: 'acme' });
    expect(ctx.scopeFilter('tenant')).toEqual({ tenantId: 'acme' });
    expect(ctx.scopeFilter('global', { admin: true })).toEqual({ allTenants: true });
  });

  it('never includes the branch', () => {
    for (const scope of RETRIEVAL_SCOPE_ORDER) {
      expect(ctx.scopeFilter(scope, { admin: true })).not.toHaveProperty('branchId');
    }
  });

  it('leaves tenantId out for a tenant-less context (tenant-less data only)', () => {
    const noTenant = WorkflowContext.from({ workflowId: 'wf', runId: 'r1', nodeId: 'n1' });
    expect(noTenant.scopeFilter('tenant')).toEqual({});
    expect(noTenant.scopeFilter('agent')).toEqual({});
    expect(noTenant.scopeFilter('node')).toEqual({ workflowId: 'wf', runId: 'r1', nodeId: 'n1' });
    expect(noTenant.scopeFilter('tenant')).not.toHaveProperty('allTenants');
  });

  it('GLOBAL without admin is a ScopeViolationError', () => {
    expect(() => ctx.scopeFilter('global')).toThrow(ScopeViolationError);
    expect(() => ctx.scopeFilter('global', { admin: false })).toThrow(/reserved for admin/);
  });

  it.each([
    ['run', { tenantId: 'acme', workflowId: 'wf' }, 'runId'],
    ['node', { tenantId: 'acme', workflowId: 'wf', runId: 'r1' }, 'nodeId'],
    ['workflow', { tenantId: 'acme' }, 'workflowId'],
    ['run', { tenantId: 'acme' }, 'workflowId'],
  ] as const)('scope %s without the id it narrows by is a ValidationError (%p)', (scope, init, field) => {
    const error = thrown(() => WorkflowContext.from(init).scopeFilter(scope)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`Retrieval scope '${scope}' needs context.${field}.`);
    expect(error.issues).toEqual([{ path: field, message: `required for scope ${scope}` }]);
  });
});

describe('WorkflowContext copies and JSON', () => {
  const base = WorkflowContext.from({ tenantId: 'acme', workflowId: 'wf', runId: 'r1', metadata: { m: 1 } });

  it('withNode / withBranch return new contexts and leave the original alone', () => {
    const node = base.withNode('n9');
    const branch = node.withBranch('b9');
    expect(node).not.toBe(base);
    expect(node.nodeId).toBe('n9');
    expect(base.nodeId).toBeUndefined();
    expect(branch.branchId).toBe('b9');
    expect(branch.nodeId).toBe('n9');
    expect(node.branchId).toBeUndefined();
    expect(branch.createdAt).toEqual(base.createdAt);
    expect(branch.metadata).toEqual({ m: 1 });
    expect(branch.tenantId).toBe('acme');
  });

  it('withNode validates the new id', () => {
    expect(() => base.withNode('')).toThrow(ValidationError);
  });

  it('toJSON drops undefined fields and writes createdAt as ISO', () => {
    const ctx = WorkflowContext.from({ workflowId: 'wf', metadata: { a: [1] }, createdAt: new Date(0) });
    expect(ctx.toJSON()).toEqual({ workflowId: 'wf', metadata: { a: [1] }, createdAt: '1970-01-01T00:00:00.000Z' });
    expect(Object.keys(ctx.toJSON())).toEqual(['workflowId', 'metadata', 'createdAt']);
    expect(JSON.parse(JSON.stringify(ctx))).toEqual(ctx.toJSON());
  });

  it('round-trips through toJSON / from', () => {
    const ctx = WorkflowContext.from({ ...full, metadata: { x: 'y' }, createdAt: new Date(12345) });
    const again = WorkflowContext.from(ctx.toJSON());
    expect(again.toJSON()).toEqual(ctx.toJSON());
    expect(again.createdAt).toEqual(new Date(12345));
  });
});
