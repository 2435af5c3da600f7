import { describe, expect, it } from '@jest/globals';
import { and, type Column, type SQL } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { MEMORY_TYPES, type MemoryRecord, type MemoryType } from '@alma/types';
import { nativeCodec, textCodec, type NativeForms, type TextForms } from './codec.js';
import { memorySpecs, minConfidenceCondition } from './memory-specs.js';
import { antiPattern, domainKnowledge, heuristic, outcome, preference } from './test-support/fixtures.js';
import { pgTables, sqliteTables } from './test-support/tables.js';

const sqlite = memorySpecs<TextForms, SQLiteTable, SQLiteColumn>(textCodec, sqliteTables);
const pg = memorySpecs<NativeForms, PgTable, Column>(nativeCodec, pgTables);
const records: Record<MemoryType, MemoryRecord> = {
  heuristic: heuristic({ tenantId: 't', runId: 'r' }),
  outcome: outcome({ workflowId: 'w', nodeId: 'n', durationMs: undefined }),
  user_preference: preference({ tenantId: 't' }),
  domain_knowledge: domainKnowledge(),
  anti_pattern: antiPattern(),
};
const sqliteSql = (parts: SQL[]) => new SQLiteSyncDialect().sqlToQuery(and(...parts) as SQL);
const pgSql = (parts: SQL[]) => new PgDialect().sqlToQuery(and(...parts) as SQL);

describe('memorySpecs', () => {
  it('name each type, its columns and the filters that apply', () => {
    expect(MEMORY_TYPES.map((t) => sqlite[t].kind)).toEqual(['heuristic', 'outcome', 'user preference', 'domain knowledge record', 'anti-pattern']);
    expect(sqlite.user_preference.agent).toBeUndefined();
    expect(sqlite.heuristic.time).toBe(sqliteTables.heuristics.lastValidated);
    expect(sqlite.anti_pattern.confidence).toBeUndefined();
    expect(sqlite.outcome.scope.nodeId).toBe(sqliteTables.outcomes.nodeId);
    expect(MEMORY_TYPES.filter((t) => sqlite[t].embedding)).toEqual([]);
    expect(MEMORY_TYPES.filter((t) => pg[t].embedding)).toEqual(['heuristic', 'outcome', 'domain_knowledge', 'anti_pattern']);
  });

  it.each(MEMORY_TYPES)('%s: a record round-trips through both forms, with and without an embedding', (type) => {
    const record = records[type];
    expect(sqlite[type].fromRow(sqlite[type].toRow(record), undefined)).toEqual(record);
    expect(pg[type].fromRow(pg[type].toRow(record))).toEqual(record);
    if (type === 'user_preference') return;
    const embedding = Float32Array.from([0.5, 1]);
    const embedded = { ...record, embedding } as MemoryRecord;
    // Out of the row (SQLite keeps vectors in their own table): toRow leaves it out, fromRow takes it as an argument.
    expect(sqlite[type].toRow(embedded)).not.toHaveProperty('embedding');
    expect(sqlite[type].fromRow(sqlite[type].toRow(embedded), embedding)).toEqual(embedded);
    // In the row (pgvector): written and read as the row's own column.
    expect(pg[type].toRow(embedded)['embedding']).toBe(embedding);
    expect(pg[type].toRow(record)['embedding']).toBeNull();
    expect(pg[type].fromRow(pg[type].toRow(embedded))).toEqual(embedded);
  });

  it('write each dialect’s forms', () => {
    expect(sqlite.outcome.toRow(outcome({ success: false }))).toMatchObject({ success: 0, timestamp: '2024-01-15T12:00:00.000Z', workflowId: null });
    expect(pg.outcome.toRow(outcome({ success: false }))).toMatchObject({ success: false, timestamp: new Date('2024-01-15T12:00:00.000Z') });
    expect(typeof sqlite.heuristic.toRow(heuristic())['metadata']).toBe('string');
  });

  it('read legacy rows with the contract defaults', () => {
    const row = { id: 'h', agent: 'a', projectId: 'p', tenantId: null, workflowId: null, runId: null, nodeId: null, condition: 'c',
      strategy: 's', confidence: null, occurrenceCount: null, successCount: null, lastValidated: '2024-01-01T00:00:00.000Z', createdAt: null, metadata: null };
    expect(sqlite.heuristic.fromRow(row)).toEqual({ id: 'h', agent: 'a', projectId: 'p', condition: 'c', strategy: 's', confidence: 0,
      occurrenceCount: 0, successCount: 0, lastValidated: new Date('2024-01-01T00:00:00.000Z'), createdAt: new Date('2024-01-01T00:00:00.000Z'), metadata: {} });
    const pref = { id: 'p', tenantId: null, projectId: null, userId: 'u', category: null, preference: 'x', source: null, confidence: null, timestamp: null, metadata: null };
    expect(sqlite.user_preference.fromRow(pref)).toEqual({ id: 'p', projectId: '', userId: 'u', category: '', preference: 'x', source: '', confidence: 1,
      timestamp: new Date(0), metadata: {} });
  });

  it('filter by the type’s own query fields, in the dialect’s boolean', () => {
    expect(sqliteSql(sqlite.outcome.filters({ taskType: 'forms', successOnly: true } as never))).toMatchObject({
      sql: '("outcomes"."task_type" = ? and "outcomes"."success" = ?)', params: ['forms', 1] });
    expect(pgSql(pg.outcome.filters({ successOnly: true } as never)).params).toEqual([true]);
    expect(sqliteSql(sqlite.user_preference.filters({ userId: 'u', category: 'c' } as never)).params).toEqual(['u', 'c']);
    expect(sqliteSql(sqlite.domain_knowledge.filters({ domain: 'auth' } as never)).params).toEqual(['auth']);
    for (const type of MEMORY_TYPES) expect(sqlite[type].filters({} as never)).toEqual([]);
  });

  it('minConfidenceCondition applies to types with a confidence only', () => {
    expect(minConfidenceCondition(sqlite.anti_pattern, 0.5)).toEqual([]);
    expect(minConfidenceCondition(sqlite.heuristic, undefined)).toEqual([]);
    expect(sqliteSql(minConfidenceCondition(sqlite.heuristic, 0.5))).toMatchObject({ sql: '"heuristics"."confidence" >= ?', params: [0.5] });
  });
});
