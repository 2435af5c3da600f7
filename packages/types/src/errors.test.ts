import { describe, expect, it } from '@jest/globals';
import {
  AlmaError,
  ConfigError,
  ConflictError,
  EmbeddingError,
  ERROR_CODES,
  isAlmaError,
  NotFoundError,
  NotSerializableError,
  ReducerError,
  ScopeViolationError,
  StaleCheckpointError,
  StateTooLargeError,
  StorageError,
  TenantRequiredError,
  ValidationError,
} from './errors.js';

describe('AlmaError', () => {
  it('carries code, name, message, details and cause', () => {
    const cause = new Error('driver said no');
    const error = new AlmaError('STORAGE', 'boom', { cause, details: { table: 't' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AlmaError');
    expect(error.code).toBe('STORAGE');
    expect(error.message).toBe('boom');
    expect(error.details).toEqual({ table: 't' });
    expect(error.cause).toBe(cause);
  });

  it('has no cause property and empty details when none are given', () => {
    const error = new AlmaError('CONFIG', 'x');
    expect('cause' in error).toBe(false);
    expect(error.details).toEqual({});
  });

  it('keeps a falsy cause', () => {
    expect(new AlmaError('CONFIG', 'x', { cause: 0 }).cause).toBe(0);
  });

  it('lists a closed set of codes', () => {
    expect(ERROR_CODES).toEqual([
      'VALIDATION',
      'TENANT_REQUIRED',
      'SCOPE_VIOLATION',
      'STATE_TOO_LARGE',
      'NOT_SERIALIZABLE',
      'NOT_FOUND',
      'CONFLICT',
      'STALE_CHECKPOINT',
      'REDUCER',
      'STORAGE',
      'CONFIG',
      'EMBEDDING',
    ]);
  });
});

describe('typed errors', () => {
  const cause = new Error('root');
  const cases: Array<[AlmaError, string, string]> = [
    [new ValidationError('bad', [{ path: 'a', message: 'm' }], { cause }), 'ValidationError', 'VALIDATION'],
    [new TenantRequiredError('saveMemory'), 'TenantRequiredError', 'TENANT_REQUIRED'],
    [new ScopeViolationError('nope', { cause }), 'ScopeViolationError', 'SCOPE_VIOLATION'],
    [new StateTooLargeError(2_000_000, 1_048_576), 'StateTooLargeError', 'STATE_TOO_LARGE'],
    [new NotSerializableError('$.fn', 'a function'), 'NotSerializableError', 'NOT_SERIALIZABLE'],
    [new NotFoundError('Heuristic', 'heur_1'), 'NotFoundError', 'NOT_FOUND'],
    [new ConflictError('dup', { cause }), 'ConflictError', 'CONFLICT'],
    [new StaleCheckpointError('run-1', 'b1', 'cp1', 'cp2'), 'StaleCheckpointError', 'STALE_CHECKPOINT'],
    [new ReducerError('merge failed', 'tags', 2, { cause }), 'ReducerError', 'REDUCER'],
    [new StorageError('sqlite', 'disk full', { cause }), 'StorageError', 'STORAGE'],
    [new ConfigError('bad key', { cause }), 'ConfigError', 'CONFIG'],
    [new EmbeddingError('wrong dims', { cause }), 'EmbeddingError', 'EMBEDDING'],
  ];

  it.each(cases)('%s has name %s and code %s', (error, name, code) => {
    expect(error).toBeInstanceOf(AlmaError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(ERROR_CODES).toContain(error.code);
    expect(isAlmaError(error)).toBe(true);
    expect(String(error)).toContain(name);
  });

  it('keeps the cause where one is accepted', () => {
    for (const error of [cases[0], cases[2], cases[6], cases[8], cases[9], cases[10], cases[11]]) {
      expect(error?.[0].cause).toBe(cause);
    }
  });

  it('ValidationError keeps its issues (empty by default)', () => {
    expect(new ValidationError('bad', [{ path: 'a.b', message: 'required' }]).issues).toEqual([
      { path: 'a.b', message: 'required' },
    ]);
    expect(new ValidationError('bad').issues).toEqual([]);
  });

  it('TenantRequiredError names the operation', () => {
    const error = new TenantRequiredError('saveMemory');
    expect(error.message).toBe('saveMemory needs a tenantId: this ALMA instance is configured with requireTenant: true.');
    expect(error.details).toEqual({ operation: 'saveMemory' });
  });

  it('StateTooLargeError names the size and the limit and suggests an ArtifactRef', () => {
    const error = new StateTooLargeError(2_000_000, 1_048_576);
    expect(error.sizeBytes).toBe(2_000_000);
    expect(error.limitBytes).toBe(1_048_576);
    expect(error.message).toContain('2000000 bytes');
    expect(error.message).toContain('limit of 1048576 bytes');
    expect(error.message).toContain('ArtifactRef');
    expect(error.details).toEqual({ sizeBytes: 2_000_000, limitBytes: 1_048_576 });
  });

  it('NotSerializableError names the path and reason', () => {
    const error = new NotSerializableError('$.a[2]', 'BigInt');
    expect(error.path).toBe('$.a[2]');
    expect(error.message).toBe('State is not serialisable at $.a[2]: BigInt.');
    expect(error.details).toEqual({ path: '$.a[2]', reason: 'BigInt' });
  });

  it('NotFoundError names what and id', () => {
    const error = new NotFoundError('Checkpoint', 'cp_9');
    expect(error.message).toContain("Checkpoint 'cp_9' was not found");
    expect(error.details).toEqual({ what: 'Checkpoint', id: 'cp_9' });
  });

  it('StaleCheckpointError names run, branch, expected and actual parents', () => {
    const error = new StaleCheckpointError('run-1', 'b1', 'cp1', 'cp2');
    expect(error.message).toContain("Run 'run-1' branch 'b1'");
    expect(error.message).toContain("'cp1'");
    expect(error.message).toContain("latest checkpoint is 'cp2'");
    expect(error.details).toEqual({ runId: 'run-1', branchId: 'b1', expectedParentId: 'cp1', actualLatestId: 'cp2' });
    const noBranch = new StaleCheckpointError('run-1', undefined, 'cp1', undefined);
    expect(noBranch.message).toContain("branch '(main)'");
    expect(noBranch.message).toContain("latest checkpoint is 'none'");
  });

  it('ReducerError exposes field and branchIndex', () => {
    const error = new ReducerError('merge failed', 'tags', 2);
    expect(error.field).toBe('tags');
    expect(error.branchIndex).toBe(2);
    expect(error.details).toEqual({ field: 'tags', branchIndex: 2 });
    const bare = new ReducerError('x');
    expect(bare.field).toBeUndefined();
    expect(bare.branchIndex).toBeUndefined();
  });

  it('StorageError prefixes the adapter name', () => {
    const error = new StorageError('pg', 'connection refused');
    expect(error.adapter).toBe('pg');
    expect(error.message).toBe('[pg] connection refused');
  });

  it('isAlmaError rejects other values', () => {
    expect(isAlmaError(new Error('x'))).toBe(false);
    expect(isAlmaError({ code: 'VALIDATION', message: 'x' })).toBe(false);
    expect(isAlmaError(undefined)).toBe(false);
  });
});
