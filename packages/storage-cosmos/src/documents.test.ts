import { describe, expect, it } from '@jest/globals';
import { makeCheckpoint, makeEntity, makeHeuristic, unitVector } from '@alma/storage-conformance';
import { validateCheckpointInput, ValidationError } from '@alma/types';
import { assertFits, CODECS, fromDoc, MAX_DOCUMENT_BYTES, memoryCodec, partitionOf, toDoc } from './documents.js';
import { BATCH_MAX_OPERATIONS, chunkForBatches } from './memory-batch.js';

describe('documents', () => {
  it('stores dates as epoch ms, embeddings as arrays, the id encoded and the original in almaId', () => {
    const h = makeHeuristic({ id: 'heur/1', tenantId: 'tenant-a', embedding: unitVector(4, 1) });
    const doc = toDoc(memoryCodec('heuristic'), h);
    expect(doc).toMatchObject({ id: 'heur~2F1', almaId: 'heur/1', pk: 'tenant-a', lastValidated: h.lastValidated.getTime() });
    expect(doc['embedding']).toEqual([0, 1, 0, 0]);
    const back = fromDoc<typeof h>(memoryCodec('heuristic'), { ...doc, _etag: 'x', _ts: 1, _rid: 'r', _self: 's' });
    expect(back).toEqual(h);
    expect(back.embedding).toBeInstanceOf(Float32Array);
  });

  it('puts tenant-less records in the __none__ partition and keeps run / memory partitions as fields', () => {
    expect(toDoc(memoryCodec('outcome'), { id: 'o', agent: 'a' })['pk']).toBe('__none__');
    const ck = validateCheckpointInput(makeCheckpoint({ runId: 'run-9' }));
    const doc = toDoc(CODECS.checkpoint, { ...ck, seq: 1 });
    expect(doc['pk']).toBeUndefined();
    expect(partitionOf(CODECS.checkpoint, doc)).toBe('run-9');
    expect(partitionOf(CODECS.artifactLink, { memoryId: 'm1' })).toBe('m1');
  });

  it('adds derived query fields and drops them on read', () => {
    const e = makeEntity({ name: 'Billing Ünit' });
    const doc = toDoc(CODECS.entity, e);
    expect(doc['nameKey']).toBe('billing ünit');
    expect(fromDoc(CODECS.entity, doc)).toEqual(e);
  });

  it('rejects a document over the 2 MB item limit before any request, with a hint', () => {
    const state = JSON.stringify({ blob: 'x'.repeat(MAX_DOCUMENT_BYTES) });
    const doc = toDoc(CODECS.checkpoint, { ...makeCheckpoint({ state }), seq: 1 });
    let caught: unknown;
    try {
      assertFits(CODECS.checkpoint, doc);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).message).toMatch(/over the \d+-byte limit.*2 MB.*artifact/s);
    expect((caught as ValidationError).details['limitBytes']).toBe(MAX_DOCUMENT_BYTES);
    expect(() => assertFits(memoryCodec('heuristic'), toDoc(memoryCodec('heuristic'), makeHeuristic()))).not.toThrow();
    const big = toDoc(memoryCodec('heuristic'), makeHeuristic({ metadata: { blob: 'y'.repeat(MAX_DOCUMENT_BYTES) } }));
    expect(() => assertFits(memoryCodec('heuristic'), big)).toThrow(/Shorten the text or metadata/);
  });

  it('splits batches at 100 operations and at the payload limit', () => {
    const small = Array.from({ length: 250 }, (_, i) => ({ id: `d${i}` }));
    expect(chunkForBatches(small).map((c) => c.length)).toEqual([BATCH_MAX_OPERATIONS, BATCH_MAX_OPERATIONS, 50]);
    const large = Array.from({ length: 3 }, (_, i) => ({ id: `l${i}`, blob: 'z'.repeat(1_000_000) }));
    expect(chunkForBatches(large).map((c) => c.length)).toEqual([1, 1, 1]);
    expect(chunkForBatches([])).toEqual([]);
  });
});
