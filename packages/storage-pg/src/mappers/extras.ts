import type { Entity, Relationship, SessionHandoff, WorkItem } from '@alma/types';
import type { AlmaTables } from '../schema/index.js';
import { json, opt, toDate } from './values.js';

type HandoffRow = AlmaTables['sessionHandoffs']['$inferSelect'];
type WorkItemRow = AlmaTables['workItems']['$inferSelect'];
type EntityRow = AlmaTables['graphEntities']['$inferSelect'];
type RelationshipRow = AlmaTables['graphRelationships']['$inferSelect'];

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
    keyDecisions: h.keyDecisions,
    activeFiles: h.activeFiles,
    blockers: h.blockers,
    nextSteps: h.nextSteps,
    testStatus: json(h.testStatus, 'testStatus'),
    confidenceLevel: h.confidenceLevel,
    riskFlags: h.riskFlags,
    sessionStart: h.sessionStart,
    sessionEnd: h.sessionEnd ?? null,
    durationMs: h.durationMs ?? null,
    metadata: json(h.metadata, 'metadata'),
    createdAt: h.createdAt,
  };
}

export function handoffFromRow(row: HandoffRow): SessionHandoff {
  return {
    id: row.id,
    projectId: row.projectId,
    agent: row.agent,
    sessionId: row.sessionId,
    ...opt('tenantId', row.tenantId),
    lastAction: row.lastAction,
    lastOutcome: row.lastOutcome as SessionHandoff['lastOutcome'],
    currentGoal: row.currentGoal,
    keyDecisions: row.keyDecisions,
    activeFiles: row.activeFiles,
    blockers: row.blockers,
    nextSteps: row.nextSteps,
    testStatus: row.testStatus,
    confidenceLevel: row.confidenceLevel,
    riskFlags: row.riskFlags,
    sessionStart: toDate(row.sessionStart),
    ...opt('sessionEnd', row.sessionEnd),
    ...opt('durationMs', row.durationMs),
    metadata: row.metadata,
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
    startedAt: w.startedAt ?? null,
    completedAt: w.completedAt ?? null,
    timeSpentMs: w.timeSpentMs,
    attemptCount: w.attemptCount,
    parentId: w.parentId ?? null,
    blocks: w.blocks,
    blockedBy: w.blockedBy,
    tests: w.tests,
    testsPassing: w.testsPassing,
    acceptanceCriteria: w.acceptanceCriteria,
    metadata: json(w.metadata, 'metadata'),
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
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
    ...opt('startedAt', row.startedAt),
    ...opt('completedAt', row.completedAt),
    timeSpentMs: row.timeSpentMs,
    attemptCount: row.attemptCount,
    ...opt('parentId', row.parentId),
    blocks: row.blocks,
    blockedBy: row.blockedBy,
    tests: row.tests,
    testsPassing: row.testsPassing,
    acceptanceCriteria: row.acceptanceCriteria,
    metadata: row.metadata,
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
    createdAt: e.createdAt,
  };
}

export function entityFromRow(row: EntityRow): Entity {
  return {
    id: row.id,
    projectId: row.projectId,
    ...opt('tenantId', row.tenantId),
    name: row.name,
    entityType: row.entityType,
    properties: row.properties,
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
    validFrom: r.validFrom ?? null,
    validTo: r.validTo ?? null,
    createdAt: r.createdAt,
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
    properties: row.properties,
    confidence: row.confidence,
    ...opt('validFrom', row.validFrom),
    ...opt('validTo', row.validTo),
    createdAt: toDate(row.createdAt),
  };
}
