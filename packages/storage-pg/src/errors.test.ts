import { describe, expect, it } from '@jest/globals';
import { ConflictError, StorageError, ValidationError } from '@alma/types';
import { assertNoNul, guard, pgCode, toAlmaError } from './errors.js';
import { connectionUrl, DEFAULT_PG_URL, redactUrl, resolveOptions } from './options.js';

const driver = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`driver says ${code}`), { code, ...extra });
const wrapped = (inner: Error) => new Error('Failed query: INSERT ... params: secret-value', { cause: inner });

describe('toAlmaError', () => {
  it('maps a primary-key violation to ConflictError, naming the id (from the detail for batches)', () => {
    const single = toAlmaError(wrapped(driver('23505', { constraint_name: 'alma_heuristics_pkey' })), 'Saving', { kind: 'heuristic', id: 'h1' });
    expect(single).toBeInstanceOf(ConflictError);
    expect(single.message).toBe("A heuristic with id 'h1' already exists.");
    const batch = toAlmaError(
      driver('23505', { constraint_name: 'alma_heuristics_pkey', detail: 'Key (id)=(heur_7) already exists.' }),
      'Saving',
      { kind: 'heuristic', id: '' },
    );
    expect(batch.message).toContain("'heur_7'");
  });

  it('keeps other unique violations, driver errors and non-errors as StorageError without echoing params', () => {
    const other = toAlmaError(wrapped(driver('23505', { constraint_name: 'idx_alma_checkpoints_run_seq' })), 'Saving', { kind: 'checkpoint', id: 'c' });
    expect(other).toBeInstanceOf(StorageError);
    expect(other.message).toBe('[postgres] Saving failed: driver says 23505.');
    expect(other.message).not.toContain('secret-value');
    expect(other.details).toEqual({ code: '23505' });
    expect(toAlmaError('boom', 'Reading').message).toBe('[postgres] Reading failed: boom.');
    expect(toAlmaError(new Error('outer', { cause: new Error('inner') }), 'Reading').message).toContain('inner');
  });

  it('maps U+0000 refusals to ValidationError and connection failures to a StorageError with a hint', () => {
    expect(toAlmaError(driver('22021'), 'Saving')).toBeInstanceOf(ValidationError);
    expect(toAlmaError(driver('22P05'), 'Saving').message).toContain('U+0000');
    expect(toAlmaError(driver('ECONNREFUSED'), 'Connecting').message).toContain('Is the server running');
    const alma = new ValidationError('already mapped');
    expect(toAlmaError(alma, 'x')).toBe(alma);
    expect(pgCode(wrapped(driver('42P01')))).toBe('42P01');
    expect(pgCode(new Error('plain'))).toBeUndefined();
  });

  it('guard awaits and maps', async () => {
    await expect(guard('Doing', async () => 1)).resolves.toBe(1);
    await expect(guard('Doing', async () => Promise.reject(driver('XX000')))).rejects.toThrow('[postgres] Doing failed');
  });
});

describe('assertNoNul', () => {
  it('names the path of the first U+0000 in values and keys, and passes everything else', () => {
    expect(() => assertNoNul({ a: ['ok', { b: 'x\u0000y' }] }, 'heuristic')).toThrow(/Invalid heuristic: a\.1\.b: .*U\+0000/);
    expect(() => assertNoNul({ meta: { 'k\u0000': 1 } }, 'entity')).toThrow('meta.k\u0000 (key)');
    expect(() => assertNoNul('\u0000', 'state')).toThrow(/\(root\)/);
    expect(() => assertNoNul({ d: new Date(), v: new Float32Array(2), n: null, u: undefined, s: '\\u0000' }, 'x')).not.toThrow();
  });
});

describe('options', () => {
  it('applies defaults and rejects bad or contradicting options with messages naming them', () => {
    expect(resolveOptions({})).toMatchObject({ schema: 'alma', embeddingDim: 384, autoMigrate: true });
    expect(() => resolveOptions({ schema: 'bad-name; DROP' })).toThrow(/schema/);
    expect(() => resolveOptions({ schema: 'pg_catalog' })).toThrow(/pg_/);
    expect(() => resolveOptions({ embeddingDim: 2001 })).toThrow(/embeddingDim/);
    expect(() => resolveOptions({ nope: 1 } as never)).toThrow(ValidationError);
    const client = Object.assign(() => undefined, { begin: () => undefined }) as never;
    expect(() => resolveOptions({ client, url: 'postgres://x' })).toThrow(/url cannot be combined with `client`/);
    expect(() => resolveOptions({ client: {} as never })).toThrow(/postgres\.js client/);
  });

  it('resolves the url from the option, ALMA_PG_URL, or the default, and redacts passwords', () => {
    const saved = process.env['ALMA_PG_URL'];
    try {
      delete process.env['ALMA_PG_URL'];
      expect(connectionUrl({})).toBe(DEFAULT_PG_URL);
      process.env['ALMA_PG_URL'] = 'postgres://env@h/db';
      expect(connectionUrl({})).toBe('postgres://env@h/db');
      expect(connectionUrl({ url: 'postgres://opt@h/db' })).toBe('postgres://opt@h/db');
    } finally {
      if (saved === undefined) delete process.env['ALMA_PG_URL'];
      else process.env['ALMA_PG_URL'] = saved;
    }
    expect(redactUrl('postgres://u:hunter2@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('not a url')).toBe('(unparsable url)');
  });
});
