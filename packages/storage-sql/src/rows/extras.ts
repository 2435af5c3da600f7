import type { Entity, Relationship, SessionHandoff, WorkItem } from '@alma/types';
import { optTime, timeOrNull, type SqlCodec, type StorageForms, type StoredJson } from '../codec.js';
import { opt } from '../values.js';

type Json = Record<string, unknown>;

/** A session handoff row as read (every column but the keys may be NULL in legacy rows). */
export interface HandoffRow<F extends StorageForms> {
  readonly id: string;
  readonly projectId: string;
  readonly agent: string;
  readonly sessionId: string;
  readonly tenantId: string | null;
  readonly lastAction: string | null;
  readonly lastOutcome: string | null;
  readonly currentGoal: string | null;
  readonly keyDecisions: StoredJson<F, string[]> | null;
  readonly activeFiles: StoredJson<F, string[]> | null;
  readonly blockers: StoredJson<F, string[]> | null;
  readonly nextSteps: StoredJson<F, string[]> | null;
  readonly testStatus: StoredJson<F, Record<string, boolean>> | null;
  readonly confidenceLevel: number | null;
  readonly riskFlags: StoredJson<F, string[]> | null;
  readonly sessionStart: F['time'] | null;
  readonly sessionEnd: F['time'] | null;
  readonly durationMs: number | null;
  readonly metadata: StoredJson<F, Json> | null;
  readonly createdAt: F['time'] | null;
}

export interface WorkItemRow<F extends StorageForms> {
  readonly id: string;
  readonly projectId: string;
  readonly agent: string | null;
  readonly tenantId: string | null;
  readonly title: string;
  readonly description: string;
  readonly itemType: string;
  readonly status: string;
  readonly priority: number;
  readonly startedAt: F['time'] | null;
  readonly completedAt: F['time'] | null;
  readonly timeSpentMs: number;
  readonly attemptCount: number;
  readonly parentId: string | null;
  readonly blocks: StoredJson<F, string[]>;
  readonly blockedBy: StoredJson<F, string[]>;
  readonly tests: StoredJson<F, string[]>;
  readonly testsPassing: F['bool'];
  readonly acceptanceCriteria: StoredJson<F, string[]>;
  readonly metadata: StoredJson<F, Json>;
  readonly createdAt: F['time'];
  readonly updatedAt: F['time'];
}

export interface EntityRow<F extends StorageForms> {
  readonly id: string;
  readonly projectId: string;
  readonly tenantId: string | null;
  readonly name: string;
  readonly entityType: string;
  readonly properties: StoredJson<F, Json>;
  readonly createdAt: F['time'];
}

export interface RelationshipRow<F extends StorageForms> {
  readonly id: string;
  readonly projectId: string;
  readonly tenantId: string | null;
  readonly sourceId: string;
  readonly targetId: string;
  readonly relationType: string;
  readonly properties: StoredJson<F, Json>;
  readonly confidence: number;
  readonly validFrom: F['time'] | null;
  readonly validTo: F['time'] | null;
  readonly createdAt: F['time'];
}

/** The case-insensitive lookup key of an entity name (stored in name_lower). */
export const nameKey = (name: string): string => name.toLowerCase();

/** Row mappers of session handoffs, work items, graph entities and relationships over one store's column forms. */
export function extrasMappers<F extends StorageForms>(c: SqlCodec<F>) {
  const list = (value: StoredJson<F, string[]> | null) => c.readJson<string[]>(value, []);
  const json = (value: StoredJson<F, Json> | null) => c.readJson<Json>(value, {});
  return {
    handoffToRow: (h: SessionHandoff) => ({
      id: h.id,
      projectId: h.projectId,
      agent: h.agent,
      sessionId: h.sessionId,
      tenantId: h.tenantId ?? null,
      lastAction: h.lastAction,
      lastOutcome: h.lastOutcome,
      currentGoal: h.currentGoal,
      keyDecisions: c.json(h.keyDecisions, 'keyDecisions'),
      activeFiles: c.json(h.activeFiles, 'activeFiles'),
      blockers: c.json(h.blockers, 'blockers'),
      nextSteps: c.json(h.nextSteps, 'nextSteps'),
      testStatus: c.json(h.testStatus, 'testStatus'),
      confidenceLevel: h.confidenceLevel,
      riskFlags: c.json(h.riskFlags, 'riskFlags'),
      sessionStart: c.time(h.sessionStart),
      sessionEnd: timeOrNull(c, h.sessionEnd),
      durationMs: h.durationMs ?? null,
      metadata: c.json(h.metadata, 'metadata'),
      createdAt: c.time(h.createdAt),
    }),

    handoffFromRow: (row: HandoffRow<F>): SessionHandoff => ({
      id: row.id,
      projectId: row.projectId,
      agent: row.agent,
      sessionId: row.sessionId,
      ...opt('tenantId', row.tenantId),
      lastAction: row.lastAction ?? '',
      lastOutcome: (row.lastOutcome ?? 'unknown') as SessionHandoff['lastOutcome'],
      currentGoal: row.currentGoal ?? '',
      keyDecisions: list(row.keyDecisions),
      activeFiles: list(row.activeFiles),
      blockers: list(row.blockers),
      nextSteps: list(row.nextSteps),
      testStatus: c.readJson<Record<string, boolean>>(row.testStatus, {}),
      confidenceLevel: row.confidenceLevel ?? 0.5,
      riskFlags: list(row.riskFlags),
      sessionStart: c.readTime(row.sessionStart ?? row.createdAt),
      ...optTime(c, 'sessionEnd', row.sessionEnd),
      ...opt('durationMs', row.durationMs),
      metadata: json(row.metadata),
      createdAt: c.readTime(row.createdAt),
    }),

    workItemToRow: (w: WorkItem) => ({
      id: w.id,
      projectId: w.projectId,
      agent: w.agent ?? null,
      tenantId: w.tenantId ?? null,
      title: w.title,
      description: w.description,
      itemType: w.itemType,
      status: w.status,
      priority: w.priority,
      startedAt: timeOrNull(c, w.startedAt),
      completedAt: timeOrNull(c, w.completedAt),
      timeSpentMs: w.timeSpentMs,
      attemptCount: w.attemptCount,
      parentId: w.parentId ?? null,
      blocks: c.json(w.blocks, 'blocks'),
      blockedBy: c.json(w.blockedBy, 'blockedBy'),
      tests: c.json(w.tests, 'tests'),
      testsPassing: c.bool(w.testsPassing),
      acceptanceCriteria: c.json(w.acceptanceCriteria, 'acceptanceCriteria'),
      metadata: c.json(w.metadata, 'metadata'),
      createdAt: c.time(w.createdAt),
      updatedAt: c.time(w.updatedAt),
    }),

    workItemFromRow: (row: WorkItemRow<F>): WorkItem => ({
      id: row.id,
      projectId: row.projectId,
      ...opt('agent', row.agent),
      ...opt('tenantId', row.tenantId),
      title: row.title,
      description: row.description,
      itemType: row.itemType,
      status: row.status as WorkItem['status'],
      priority: row.priority,
      ...optTime(c, 'startedAt', row.startedAt),
      ...optTime(c, 'completedAt', row.completedAt),
      timeSpentMs: row.timeSpentMs,
      attemptCount: row.attemptCount,
      ...opt('parentId', row.parentId),
      blocks: list(row.blocks),
      blockedBy: list(row.blockedBy),
      tests: list(row.tests),
      testsPassing: c.readBool(row.testsPassing),
      acceptanceCriteria: list(row.acceptanceCriteria),
      metadata: json(row.metadata),
      createdAt: c.readTime(row.createdAt),
      updatedAt: c.readTime(row.updatedAt),
    }),

    entityToRow: (e: Entity) => ({
      id: e.id,
      projectId: e.projectId,
      tenantId: e.tenantId ?? null,
      name: e.name,
      nameLower: nameKey(e.name),
      entityType: e.entityType,
      properties: c.json(e.properties, 'properties'),
      createdAt: c.time(e.createdAt),
    }),

    entityFromRow: (row: EntityRow<F>): Entity => ({
      id: row.id,
      projectId: row.projectId,
      ...opt('tenantId', row.tenantId),
      name: row.name,
      entityType: row.entityType,
      properties: json(row.properties),
      createdAt: c.readTime(row.createdAt),
    }),

    relationshipToRow: (r: Relationship) => ({
      id: r.id,
      projectId: r.projectId,
      tenantId: r.tenantId ?? null,
      sourceId: r.sourceId,
      targetId: r.targetId,
      relationType: r.relationType,
      properties: c.json(r.properties, 'properties'),
      confidence: r.confidence,
      validFrom: timeOrNull(c, r.validFrom),
      validTo: timeOrNull(c, r.validTo),
      createdAt: c.time(r.createdAt),
    }),

    relationshipFromRow: (row: RelationshipRow<F>): Relationship => ({
      id: row.id,
      projectId: row.projectId,
      ...opt('tenantId', row.tenantId),
      sourceId: row.sourceId,
      targetId: row.targetId,
      relationType: row.relationType,
      properties: json(row.properties),
      confidence: row.confidence,
      ...optTime(c, 'validFrom', row.validFrom),
      ...optTime(c, 'validTo', row.validTo),
      createdAt: c.readTime(row.createdAt),
    }),
  };
}
