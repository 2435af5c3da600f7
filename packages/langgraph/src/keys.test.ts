import { describe, expect, it } from '@jest/globals';
import { idSchema, MAX_ID_LENGTH } from '@alma/types';
import {
  boundedId,
  checkpointBranchId,
  checkpointNodeId,
  checkpointRecordId,
  nextNonce,
  threadRegistryRecordId,
  threadRegistryRunId,
  threadRunId,
  writesNodeId,
  writesRecordId,
} from './keys.js';

const valid = (id: string) => idSchema.safeParse(id).success;

describe('boundedId', () => {
  it('keeps a short, printable id readable', () => {
    expect(boundedId('langgraph:', 'thread-1', 'langgraph#')).toBe('langgraph:thread-1');
  });

  it('hashes ids that would be too long or hold control characters, under the hash prefix', () => {
    const long = boundedId('p:', 'x'.repeat(MAX_ID_LENGTH), 'p#');
    const control = boundedId('p:', 'a\u0000b', 'p#');
    expect(long).toMatch(/^p#[0-9a-f]{64}$/);
    expect(control).toMatch(/^p#[0-9a-f]{64}$/);
    expect(long).not.toBe(control);
    expect(valid(long) && valid(control)).toBe(true);
  });

  it('hashes exactly past the ALMA id limit', () => {
    expect(boundedId('', 'y'.repeat(MAX_ID_LENGTH), '#')).toBe('y'.repeat(MAX_ID_LENGTH));
    expect(boundedId('', 'y'.repeat(MAX_ID_LENGTH + 1), '#')).toMatch(/^#/);
  });
});

describe('the LangGraph -> ALMA mapping', () => {
  it('gives every coordinate a valid ALMA id, however odd the input', () => {
    const odd = ['', '|', 'a:b|c:d', '"quoted"', '\n', 'ü'.repeat(300), '[', '#'];
    for (const s of odd) {
      for (const id of [
        threadRunId(s || 't'),
        checkpointNodeId(s),
        writesNodeId(s),
        checkpointBranchId(s, 'c'),
        checkpointRecordId(s || undefined, 't', s, 'c'),
        writesRecordId(undefined, 't', s, 'c', 'task', 'n'),
        threadRegistryRecordId(s || undefined, 't'),
      ]) {
        expect(valid(id)).toBe(true);
      }
    }
  });

  it('is injective where separators could be ambiguous', () => {
    expect(checkpointBranchId('a|b', 'c')).not.toBe(checkpointBranchId('a', 'b|c'));
    expect(checkpointBranchId('a","b', 'c')).not.toBe(checkpointBranchId('a', 'b","c'));
    expect(checkpointRecordId('t1', 'a', '', 'c')).not.toBe(checkpointRecordId(undefined, 'a', '', 'c'));
    expect(checkpointRecordId('t1', 'a', '', 'c')).not.toBe(checkpointRecordId('t2', 'a', '', 'c'));
  });

  it('keeps kinds of records apart', () => {
    expect(checkpointNodeId('x')).not.toBe(writesNodeId('x'));
    const runs = new Set([threadRunId('x'), threadRunId(''), threadRegistryRunId(undefined), threadRegistryRunId('x')]);
    expect(runs.size).toBe(4);
    expect(threadRegistryRunId('x'.repeat(300))).toMatch(/^langgraph~#[0-9a-f]{64}$/);
    const ids = new Set([
      checkpointRecordId(undefined, 't', 'n', 'c'),
      writesRecordId(undefined, 't', 'n', 'c', 'task', 'x'),
      threadRegistryRecordId(undefined, 't'),
    ]);
    expect(ids.size).toBe(3);
  });

  it('never repeats a nonce', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => nextNonce()));
    expect(nonces.size).toBe(1000);
  });
});
