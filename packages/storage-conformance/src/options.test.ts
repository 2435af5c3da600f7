import { describe, expect, it } from '@jest/globals';
import { ConfigError, type StorageBackend } from '@alma/types';
import { CASE_TITLES, CONFORMANCE_CASES, isCaseId } from './cases.js';
import { assertEveryCaseRegistered, caseTitle, createSuiteContext, type SuiteContext } from './context.js';
import { parseConformanceOptions, type ConformanceOptions } from './options.js';
import { ALL_SUITES, CONTRACT_V2_SUITES } from './run.js';

const createStorage = async (): Promise<StorageBackend> => ({} as StorageBackend);
const base: ConformanceOptions = { name: 'fake', createStorage };

function configError(options: unknown): ConfigError {
  try {
    parseConformanceOptions(options as ConformanceOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('conformance options', () => {
  it('applies defaults', () => {
    const opts = parseConformanceOptions(base);
    expect(opts).toMatchObject({ name: 'fake', embeddingDim: 8, timeoutMs: 30_000, skip: {} });
    expect(opts.createStorage).toBe(createStorage);
  });

  it('accepts known case ids with reasons', () => {
    const opts = parseConformanceOptions({
      ...base,
      skip: { 'checkpoints.concurrent-seq': 'single writer only' },
      embeddingDim: 16,
    });
    expect(opts.skip['checkpoints.concurrent-seq']).toBe('single writer only');
    expect(opts.embeddingDim).toBe(16);
  });

  it('rejects an unknown case id, naming it', () => {
    const error = configError({ ...base, skip: { 'checkpoints.no-such-case': 'x' } });
    expect(error.message).toContain('options.skip.checkpoints.no-such-case');
    expect(error.message).toContain('unknown case id');
  });

  it('rejects a skip without a reason', () => {
    expect(configError({ ...base, skip: { 'vectors.top-k': '   ' } }).message).toContain('needs a reason');
  });

  it('rejects missing or mistyped options and unknown keys', () => {
    expect(configError({ name: 'x' }).message).toContain('options.createStorage');
    expect(configError({ ...base, name: '' }).message).toContain('options.name');
    expect(configError({ ...base, setup: 'nope' }).message).toContain('options.setup: setup must be a function');
    expect(configError({ ...base, embeddingDim: 2 }).message).toContain('options.embeddingDim');
    expect(configError({ ...base, skips: {} }).message).toContain('skips');
  });
});

describe('case registry', () => {
  it('has unique, well-formed ids', () => {
    expect(new Set(CONFORMANCE_CASES).size).toBe(CONFORMANCE_CASES.length);
    for (const id of CONFORMANCE_CASES) expect(id).toMatch(/^[a-z-]+\.[a-z0-9-]+$/);
    expect(isCaseId('checkpoints.concurrent-seq')).toBe(true);
    expect(isCaseId('toString')).toBe(false);
  });

  it('titles skipped cases with the reason', () => {
    expect(caseTitle('vectors.top-k')).toBe(`vectors.top-k: ${CASE_TITLES['vectors.top-k']}`);
    expect(caseTitle('vectors.top-k', 'no vectors')).toContain('[SKIPPED: no vectors]');
  });

  // Register every suite against a recording context (no jest tests are created) to prove each case id is
  // registered exactly once and none is missing.
  const recorded: string[] = [];
  const registered = new Set<(typeof CONFORMANCE_CASES)[number]>();
  const recording: SuiteContext = {
    name: 'recording',
    embeddingDim: 8,
    registered,
    test: (id) => {
      recorded.push(id);
      registered.add(id);
    },
  };
  describe('recording', () => {
    for (const suite of [...ALL_SUITES, ...CONTRACT_V2_SUITES]) suite(recording);
  });

  it('registers every case exactly once', () => {
    expect([...recorded].sort()).toEqual([...CONFORMANCE_CASES].sort());
    expect(() => assertEveryCaseRegistered(recording)).not.toThrow();
  });

  it('reports cases that were never registered', () => {
    const empty: SuiteContext = { ...recording, registered: new Set() };
    expect(() => assertEveryCaseRegistered(empty)).toThrow(/never registered: lifecycle\.capabilities/);
  });


  describe('registration through createSuiteContext', () => {
    const ctx = createSuiteContext({ ...base, skip: { 'lifecycle.capabilities': 'self-test of the skip path' } });
    // Registered as it.skip with the reason in its title: it shows up as skipped in this package's output.
    ctx.test('lifecycle.capabilities', async () => undefined);
    let error: unknown;
    try {
      ctx.test('lifecycle.capabilities', async () => undefined);
    } catch (e) {
      error = e;
    }
    it('records the case and refuses to register it twice', () => {
      expect([...ctx.registered]).toEqual(['lifecycle.capabilities']);
      expect(String(error)).toMatch(/registered twice/);
    });
  });
});
