import { describe, expect, it } from '@jest/globals';
import { ConfigError, ScopeViolationError, ValidationError } from '@alma/types';
import { assertScopeAllowed, bindContext } from './binding.js';
import { resolveServerOptions } from './options.js';
import { describeError, toJson, toolError, toolResult } from './result.js';

describe('toJson / toolResult', () => {
  it('drops embeddings and undefined, turns dates and typed arrays into JSON', () => {
    const value = { a: new Date('2026-01-01T00:00:00Z'), embedding: new Float32Array([1, 2]), nested: { embedding: [1], v: new Uint8Array([3]) }, u: undefined };
    expect(toJson(value)).toEqual({ a: '2026-01-01T00:00:00.000Z', nested: { v: [3] } });
    const r = toolResult({ ok: true });
    expect(r.structuredContent).toEqual({ ok: true });
    expect(r.content).toEqual([{ type: 'text', text: '{"ok":true}' }]);
  });

  it('error results carry the ALMA code, issues, or INTERNAL', () => {
    const v = toolError(new ValidationError('bad', [{ path: 'x', message: 'required' }]));
    expect(v).toMatchObject({ isError: true, content: [{ type: 'text', text: 'VALIDATION: bad' }] });
    expect(v._meta?.['alma/error']).toEqual({ code: 'VALIDATION', message: 'bad', issues: [{ path: 'x', message: 'required' }] });
    expect(describeError(new ScopeViolationError('no'))).toEqual({ code: 'SCOPE_VIOLATION', message: 'no' });
    expect(describeError(new Error('db down'))).toEqual({ code: 'INTERNAL', message: 'db down' });
    expect(describeError('weird')).toEqual({ code: 'INTERNAL', message: 'weird' });
    expect(describeError(new Error(''))).toEqual({ code: 'INTERNAL', message: 'Unexpected error' });
  });
});

describe('binding', () => {
  it('adds the server tenant and keeps workflow ids', () => {
    expect(bindContext({ tenantId: 't', allowAdmin: false }, { workflowId: 'w', runId: 'r', tenantId: 't' })).toEqual({ tenantId: 't', workflowId: 'w', runId: 'r' });
    expect(bindContext({ tenantId: undefined, allowAdmin: false })).toEqual({});
  });
  it('refuses a different tenant, including one for a tenant-less server', () => {
    expect(() => bindContext({ tenantId: 't', allowAdmin: false }, { tenantId: 'u' })).toThrow(ScopeViolationError);
    expect(() => bindContext({ tenantId: undefined, allowAdmin: false }, { tenantId: 'u' })).toThrow(/tenant-less data/);
  });
  it('global scope needs allowAdmin', () => {
    expect(() => assertScopeAllowed({ tenantId: undefined, allowAdmin: false }, 'global')).toThrow(ScopeViolationError);
    expect(() => assertScopeAllowed({ tenantId: undefined, allowAdmin: true }, 'global')).not.toThrow();
    expect(() => assertScopeAllowed({ tenantId: undefined, allowAdmin: false }, 'tenant')).not.toThrow();
  });
});

describe('server options', () => {
  it('fills defaults and rejects bad options as ConfigError', () => {
    expect(resolveServerOptions()).toMatchObject({ allowAdmin: false, maxTopK: 20, maxPageSize: 100, name: 'alma' });
    expect(() => resolveServerOptions({ maxTopK: 0 })).toThrow(ConfigError);
    expect(() => resolveServerOptions({ nope: 1 } as never)).toThrow(/nope/);
  });
});
