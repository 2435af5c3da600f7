import { describe, expect, it } from '@jest/globals';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { walkGraph, type Entity, type GraphTraversalQuery, type Relationship } from '@alma/types';
import { openConnection, type Connection } from '../connection.js';
import { applyPending } from '../migrations/runner.js';
import { saveEntity, saveRelationship, getEntity, queryRelationships } from './graph.js';
import { traverseGraph } from './graph-traverse.js';

/** A migrated in-memory database whose drizzle instance records every statement (no statistics: the worst case). */
function recordingConnection() {
  const base = openConnection(':memory:', 1000);
  applyPending(base.client);
  const log: Array<{ sql: string; params: unknown[] }> = [];
  const db = drizzle({ client: base.client, logger: { logQuery: (sql, params) => log.push({ sql, params }) } });
  const conn: Connection = { ...base, db, prepared: (_key, build) => build() };
  const plan = (s: { sql: string; params: unknown[] }): string =>
    (conn.client.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.params as never[])) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');
  return { conn, log, plan };
}

const T = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));

/** A pseudo-random graph: 300 entities (a few in another tenant), 900 edges of two types, some expired or future. */
function seedRandomGraph(conn: Connection): void {
  let seed = 7;
  const next = (n: number) => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * n);
  const id = (i: number) => `ent-${String(i).padStart(4, '0')}`;
  conn.client.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const entity: Entity = { id: id(i), projectId: 'p', name: `n${i}`, entityType: 't', properties: {}, createdAt: T(0) };
      saveEntity(conn, i % 50 === 49 ? { ...entity, tenantId: 'other' } : entity);
    }
    for (let i = 0; i < 900; i++) {
      const r: Relationship = {
        id: `rel-${String(i).padStart(4, '0')}`, projectId: 'p', sourceId: id(next(300)), targetId: id(next(300)),
        relationType: i % 3 === 0 ? 'uses' : 'knows', properties: {}, confidence: 1, createdAt: T(next(1000)),
        ...(i % 7 === 0 ? { validTo: T(100) } : {}), ...(i % 11 === 0 && i % 7 !== 0 ? { validFrom: T(500) } : {}),
      };
      saveRelationship(conn, r);
    }
  })();
}

describe('traverseGraph on SQLite', () => {
  const rec = recordingConnection();
  seedRandomGraph(rec.conn);
  const walkStore = {
    getEntity: async (id: string, scope: GraphTraversalQuery['scope']) => getEntity(rec.conn, id, scope),
    queryRelationships: async (q: Parameters<typeof queryRelationships>[1]) => queryRelationships(rec.conn, q),
  };

  it.each([
    { direction: 'out', hops: 3, asOf: T(200), maxEntities: 1000 },
    { direction: 'in', hops: 4, relationTypes: ['knows'], maxEntities: 1000 },
    { direction: 'both', hops: 2, asOf: T(600), maxEntities: 1000 },
    { direction: 'both', hops: 5, relationTypes: ['knows', 'uses'], maxEntities: 40 },
    { direction: 'out', hops: 10, maxEntities: 7 },
  ] as const)('gives the answer of walkGraph on a random graph: %j', async (extra) => {
    let reached = 0;
    for (const rootId of ['ent-0000', 'ent-0123', 'ent-0049', 'ent-0298']) {
      const query: GraphTraversalQuery = { scope: {}, projectId: 'p', rootId, ...extra };
      const native = traverseGraph(rec.conn, query);
      expect(native).toEqual(await walkGraph(walkStore, query));
      reached += native?.entities.length ?? 0;
    }
    expect(reached).toBeGreaterThan(3);
  });

  it.each(['out', 'in', 'both'] as const)(
    "seeks source_id / target_id per reached entity (%s), never scans the tenant's relationships",
    (direction) => {
      rec.log.length = 0;
      traverseGraph(rec.conn, { scope: { tenantId: 't' }, projectId: 'p', rootId: "x'); --", hops: 3, direction, relationTypes: ['a', 'b'], asOf: T(0), maxEntities: 10 });
      traverseGraph(rec.conn, { scope: {}, projectId: 'p', rootId: 'ent-0000', hops: 3, direction, maxEntities: 10 });
      const [reach, , ...edges] = rec.log;
      expect(reach?.sql).toMatch(/WITH RECURSIVE/);
      expect(reach?.params).toContain("x'); --");
      expect(reach?.sql).not.toContain("x'); --");
      const recursive = rec.plan(reach as { sql: string; params: unknown[] });
      if (direction !== 'in') expect(recursive).toMatch(/SEARCH graph_relationships USING INDEX idx_graph_relationships_source \(source_id=\?\)/);
      if (direction !== 'out') expect(recursive).toMatch(/SEARCH graph_relationships USING INDEX idx_graph_relationships_target \(target_id=\?\)/);
      expect(recursive).toMatch(/SEARCH graph_entities USING INDEX sqlite_autoindex_graph_entities_1 \(id=\?\)/);
      expect(edges).toHaveLength(direction === 'both' ? 2 : 1);
      const list = edges.map((s) => rec.plan(s)).join('\n');
      expect(list).toMatch(/SEARCH graph_relationships USING INDEX idx_graph_relationships_(source|target) \((source|target)_id=\?\)/);
      for (const p of [recursive, list]) expect(p).not.toMatch(/SCAN graph_(relationships|entities)\b/);
    },
  );
});
