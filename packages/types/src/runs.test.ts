import { describe, expect, it } from '@jest/globals';
import { ValidationError } from './errors.js';
import { decodeRunCursor, encodeRunCursor, isAfterRunCursor, matchesRunMetadata, runPatchSchema } from './runs.js';

describe('run catalog helpers', () => {
  it('round-trips a cursor and rejects a tampered one', () => {
    const cursor = { lastAt: new Date('2026-01-02T03:04:05.678Z'), runId: 'run/ü "x"' };
    const text = encodeRunCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeRunCursor(text)).toEqual(cursor);
    expect(() => decodeRunCursor('not-a-cursor')).toThrow(ValidationError);
    expect(() => decodeRunCursor(Buffer.from('["x",1]').toString('base64url'))).toThrow(/Invalid run cursor/);
  });

  it('orders runs newest first, then by runId', () => {
    const c = { lastAt: new Date(1000), runId: 'm' };
    expect(isAfterRunCursor({ lastAt: new Date(999), runId: 'a' }, c)).toBe(true);
    expect(isAfterRunCursor({ lastAt: new Date(1000), runId: 'n' }, c)).toBe(true);
    expect(isAfterRunCursor({ lastAt: new Date(1000), runId: 'm' }, c)).toBe(false);
    expect(isAfterRunCursor({ lastAt: new Date(1001), runId: 'z' }, c)).toBe(false);
  });

  it('matches metadata by strict equality on every filter key', () => {
    expect(matchesRunMetadata({ a: 1, b: 'x' }, { a: 1 })).toBe(true);
    expect(matchesRunMetadata({ a: '1' }, { a: 1 })).toBe(false);
    expect(matchesRunMetadata({}, undefined)).toBe(true);
  });

  it('validates run patches strictly', () => {
    expect(runPatchSchema.safeParse({ status: 'completed' }).success).toBe(true);
    expect(runPatchSchema.safeParse({ status: 'done' }).success).toBe(false);
    expect(runPatchSchema.safeParse({ other: 1 }).success).toBe(false);
  });
});
