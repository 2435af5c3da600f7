import type { Entity, Relationship, SessionHandoff, WorkItem } from '@alma/types';
import { graphEntities, graphRelationships, sessionHandoffs, workItems } from '../schema/index.js';
import { iso, isoOrNull, json, opt, optDate, parseJson, toDate } from './values.js';

type HandoffRow = typeof sessionHandoffs.$inferSelect;
type WorkItemRow = typeof workItems.$inferSelect;
type EntityRow = typeof graphEntities.$inferSelect;
type RelationshipRow = typeof graphRelationships.$inferSelect;

export function handoffToRow(h: SessionHandoff): HandoffRow {
  return {
    id: h.id,
    projectId: h.projectId,
    agent: h.agent,
    sessionId: h.sessionId,
    tenantId: h.tenantId ?? null,
    lastAction: h.lastAction,
    lastOutcome: h.lastOutcome,
    currentGoal: h.currentGoal,
    keyDecisions: json(h.keyDecisions, 'keyDecisions'),
    activeFiles: json(h.activeFiles, 'activeFiles'),
    blockers: json(h.blockers, 'blockers'),
    nextSteps: json(h.nextSteps, 'nextSteps'),
    testStatus: json(h.testStatus, 'testStatus'),
    confidenceLevel: h.confidenceLevel,
    riskFlags: json(h.riskFlags, 'riskFlags'),
    sessionStart: iso(h.sessionStart),
    sessionEnd: isoOrNull(h.sessionEnd),
    durationMs: h.durationMs ?? null,
    metadata: json(h.metadata, 'metadata'),
    createdAt: iso(h.createdAt),
  };
}

export function handoffFromRow(row: HandoffRow): SessionHandoff {
  return {
    id: row.id,
    projectId: row.projectId,
    agent: row.agent,
    sessionId: row.sessionId,
    ...opt('tenantId', row.tenantId),
    lastAction: row.lastAction ?? '',
    lastOutcome: (row.lastOutcome ?? 'unknown') as SessionHandoff['lastOutcome'],
    currentGoal: row.currentGoal ?? '',
    keyDecisions: parseJson(row.keyDecisions, []),
    activeFiles: parseJson(row.activeFiles, []),
    blockers: parseJson(row.blockers, []),
    nextSteps: parseJson(row.nextSteps, []),
    testStatus: parseJson(row.testStatus, {}),
    confidenceLevel: row.confidenceLevel ?? 0.5,
    riskFlags: parseJson(row.riskFlags, []),
    sessionStart: toDate(row.sessionStart ?? row.createdAt),
    ...optDate('sessionEnd', row.sessionEnd),
    ...opt('durationMs', row.durationMs),
    metadata: parseJson(row.metadata, {}),
    createdAt: toDate(row.createdAt),
  };
}

export function workItemToRow(w: WorkItem): WorkItemRow {
  return {
    id: w.id,
    projectId: w.projectId,
    agent: w.agent ?? null,
    tenantId: w.tenantId ?? null,
    title: w.title,
    description: w.description,
    itemType: w.itemType,
    status: w.status,
    priority: w.priority,
    startedAt: isoOrNull(w.startedAt),
    completedAt: isoOrNull(w.completedAt),
    timeSpentMs: w.timeSpentMs,
    attemptCount: w.attemptCount,
    parentId: w.parentId ?? null,
    blocks: json(w.blocks, 'blocks'),
    blockedBy: json(w.blockedBy, 'blockedBy'),
    tests: json(w.tests, 'tests'),
    testsPassing: w.testsPassing ? 1 : 0,
    acceptanceCriteria: json(w.acceptanceCriteria, 'acceptanceCriteria'),
    metadata: json(w.metadata, 'metadata'),
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  };
}

export function workItemFromRow(row: WorkItemRow): WorkItem {
  return {
    id: row.id,
    projectId: row.projectId,
    ...opt('agent', row.agent),
    ...opt('tenantId', row.tenantId),
    title: row.title,
    description: row.description,
    itemType: row.itemType,
    status: row.status as WorkItem['status'],
    priority: row.priority,
    ...optDate('startedAt', row.startedAt),
    ...optDate('completedAt', row.completedAt),
    timeSpentMs: row.timeSpentMs,
    attemptCount: row.attemptCount,
    ...opt('parentId', row.parentId),
    blocks: parseJson(row.blocks, []),
    blockedBy: parseJson(row.blockedBy, []),
    tests: parseJson(row.tests, []),
    testsPassing: row.testsPassing === 1,
    acceptanceCriteria: parseJson(row.acceptanceCriteria, []),
    metadata: parseJson(row.metadata, {}),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  };
}

/** The case-insensitive lookup key of an entity name (stored in name_lower). */
export const nameKey = (name: string): string => name.toLowerCase();

export function entityToRow(e: Entity): EntityRow {
  return {
    id: e.id,
    projectId: e.projectId,
    tenantId: e.tenantId ?? null,
    name: e.name,
    nameLower: nameKey(e.name),
    entityType: e.entityType,
    properties: json(e.properties, 'properties'),
    createdAt: iso(e.createdAt),
  };
}

export function entityFromRow(row: EntityRow): Entity {
  return {
    id: row.id,
    projectId: row.projectId,
    ...opt('tenantId', row.tenantId),
    name: row.name,
    entityType: row.entityType,
    properties: parseJson(row.properties, {}),
    createdAt: toDate(row.createdAt),
  };
}

export function relationshipToRow(r: Relationship): RelationshipRow {
  return {
    id: r.id,
    projectId: r.projectId,
    tenantId: r.tenantId ?? null,
    sourceId: r.sourceId,
    targetId: r.targetId,
    relationType: r.relationType,
    properties: json(r.properties, 'properties'),
    confidence: r.confidence,
    validFrom: isoOrNull(r.validFrom),
    validTo: isoOrNull(r.validTo),
    createdAt: iso(r.createdAt),
  };
}

export function relationshipFromRow(row: RelationshipRow): Relationship {
  return {
    id: row.id,
    projectId: row.projectId,
    ...opt('tenantId', row.tenantId),
    sourceId: row.sourceId,
    targetId: row.targetId,
    relationType: row.relationType,
    properties: parseJson(row.properties, {}),
    confidence: row.confidence,
    ...optDate('validFrom', row.validFrom),
    ...optDate('validTo', row.validTo),
    createdAt: toDate(row.createdAt),
  };
}
