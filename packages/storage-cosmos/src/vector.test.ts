import { describe, expect, it } from '@jest/globals';
import type { SqlQuerySpec } from '@azure/cosmos';
import { StorageError } from '@alma/types';
import type { Queryable } from './collection.js';
import { scopeWhere } from './sql.js';
import {
  candidateQuery,
  nativeVectorQuery,
  probeVectorDistance,
  rankInProcess,
  rankNativeResults,
  TIE_SLACK,
  vectorSearch,
  type FilterBuilder,
} from './vector.js';

const q = Float32Array.from([1, 0, 0, 0]);
const tenantFilter: FilterBuilder = (sql) => {
  const pk = scopeWhere(sql, { tenantId: 'tenant-a' }, true);
  sql.eq('projectId', 'proj');
  return pk;
};

type Call = { spec: SqlQuerySpec; pk?: string };

/** A Queryable answering each query with the next canned result, recording what it was asked. */
function fakeCollection(...answers: Array<unknown[] | Error>): Queryable & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async queryAll<T>(spec: SqlQuerySpec, pk?: string): Promise<T[]> {
      calls.push({ spec, ...(pk === undefined ? {} : { pk }) });
      const answer = answers.shift() ?? [];
      if (answer instanceof Error) throw answer;
      return answer as T[];
    },
  };
}

const doc = (id: string, pk = 'tenant-a') => ({ id, pk, almaId: id, projectId: 'proj' });

describe('native vector search (VectorDistance), mocked service', () => {
  it('builds a parameterised, partition-scoped TOP query ordered by VectorDistance', () => {
    const { spec, partitionKey } = nativeVectorQuery(tenantFilter, q, 3);
    expect(partitionKey).toBe('tenant-a');
    expect(spec.query).toBe(
      'SELECT TOP @p5 c.id, c.pk, c.almaId, VectorDistance(c.embedding, @p4) AS similarity FROM c ' +
        'WHERE c.pk = @p0 AND c.tenantId = @p1 AND c.projectId = @p2 AND IS_ARRAY(c.embedding) ' +
        'AND ARRAY_LENGTH(c.embedding) = @p3 ORDER BY VectorDistance(c.embedding, @p4)',
    );
    expect(spec.parameters).toEqual([
      { name: '@p0', value: 'tenant-a' },
      { name: '@p1', value: 'tenant-a' },
      { name: '@p2', value: 'proj' },
      { name: '@p3', value: 4 },
      { name: '@p4', value: [1, 0, 0, 0] },
      { name: '@p5', value: 3 + TIE_SLACK },
    ]);
  });

  it('maps the service results: similarity kept, ties by id, cut at topK, junk rows dropped', () => {
    const rows = [
      { id: 'c', pk: 't', almaId: 'c', similarity: 0.9 },
      { id: 'a', pk: 't', almaId: 'a', similarity: 0.9 },
      { id: 'best', pk: 't', almaId: 'best', similarity: 0.99 },
      { id: 'b', pk: 't', almaId: 'b', similarity: 0.9 },
      { id: 'broken' },
    ];
    expect(rankNativeResults(rows, 3).map((r) => [r.id, r.similarity])).toEqual([
      ['best', 0.99],
      ['a', 0.9],
      ['b', 0.9],
    ]);
  });

  it('runs the native query, then fetches the winners in the same partition, in rank order', async () => {
    const coll = fakeCollection(
      [
        { id: 'x', pk: 'tenant-a', almaId: 'x', similarity: 0.5 },
        { id: 'y', pk: 'tenant-a', almaId: 'y', similarity: 0.8 },
      ],
      [doc('x'), doc('y')],
    );
    const hits = await vectorSearch(coll, 'native', tenantFilter, q, 5);
    expect(hits.map((h) => [h.doc.id, h.similarity])).toEqual([
      ['y', 0.8],
      ['x', 0.5],
    ]);
    expect(coll.calls).toHaveLength(2);
    expect(coll.calls[0]?.spec.query).toContain('VectorDistance(c.embedding, @p4)');
    expect(coll.calls.map((c) => c.pk)).toEqual(['tenant-a', 'tenant-a']);
    expect(coll.calls[1]?.spec.query).toBe(
      'SELECT * FROM c WHERE c.pk = @p0 AND c.tenantId = @p1 AND c.projectId = @p2 AND ARRAY_CONTAINS(@p3, c.id)',
    );
    expect(coll.calls[1]?.spec.parameters?.[3]?.value).toEqual(['y', 'x']);
  });

  it('asks nothing more when nothing ranks', async () => {
    const coll = fakeCollection([]);
    expect(await vectorSearch(coll, 'native', tenantFilter, q, 5)).toEqual([]);
    expect(coll.calls).toHaveLength(1);
  });
});

describe('in-process vector search (the fallback)', () => {
  it('selects only ids and embeddings of the right dimension', () => {
    const { spec, partitionKey } = candidateQuery(tenantFilter, 4);
    expect(partitionKey).toBe('tenant-a');
    expect(spec.query).toBe(
      'SELECT c.id, c.pk, c.almaId, c.embedding FROM c WHERE c.pk = @p0 AND c.tenantId = @p1 AND c.projectId = @p2 ' +
        'AND IS_ARRAY(c.embedding) AND ARRAY_LENGTH(c.embedding) = @p3',
    );
  });

  it('ranks by exact cosine (not dot product), ties by id', () => {
    const rows = [
      { id: 'long', almaId: 'long', embedding: [10, 10, 0, 0] },
      { id: 'b', almaId: 'b', embedding: [0.1, 0, 0, 0] },
      { id: 'a', almaId: 'a', embedding: [5, 0, 0, 0] },
      { id: 'opposite', almaId: 'opposite', embedding: [-1, 0, 0, 0] },
    ];
    const ranked = rankInProcess(rows, q, 3);
    expect(ranked.map((r) => r.id)).toEqual(['a', 'b', 'long']);
    expect(ranked[2]?.similarity).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('keeps documents of different partitions apart (admin reads across tenants)', async () => {
    const coll = fakeCollection(
      [
        { id: 'same', pk: 't1', almaId: 'same', embedding: [1, 0, 0, 0] },
        { id: 'same', pk: 't2', almaId: 'same', embedding: [0, 1, 0, 0] },
      ],
      [doc('same', 't2'), doc('same', 't1')],
    );
    const hits = await vectorSearch(coll, 'in-process', (sql) => scopeWhere(sql, { allTenants: true }, true), q, 5);
    expect(hits.map((h) => [h.doc['pk'], h.similarity])).toEqual([
      ['t1', 1],
      ['t2', 0],
    ]);
    expect(coll.calls.map((c) => c.pk)).toEqual([undefined, undefined]);
  });
});

describe('probeVectorDistance', () => {
  it('reports support once per client and caches the answer', async () => {
    const client = {};
    const coll = fakeCollection([1]);
    expect(await probeVectorDistance(client, coll)).toBe(true);
    expect(await probeVectorDistance(client, coll)).toBe(true);
    expect(coll.calls).toHaveLength(1);
    expect(coll.calls[0]?.spec.query).toBe('SELECT VALUE VectorDistance(@v, @v, true)');
  });

  it('treats a 400 (unknown function, feature off) as unsupported', async () => {
    const bad = new StorageError('cosmos', 'query failed', { cause: Object.assign(new Error('VECTORDISTANCE is not a function'), { code: 400 }) });
    expect(await probeVectorDistance({}, fakeCollection(bad))).toBe(false);
  });

  it('surfaces other failures as StorageError and probes again next time', async () => {
    const client = {};
    const down = Object.assign(new Error('unauthorized'), { code: 401 });
    await expect(probeVectorDistance(client, fakeCollection(down))).rejects.toThrow(/probing VectorDistance support failed/);
    expect(await probeVectorDistance(client, fakeCollection([1]))).toBe(true);
  });
});
