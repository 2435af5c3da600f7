import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { boolean, doublePrecision, pgTable, text as pgText, timestamp } from 'drizzle-orm/pg-core';

// Minimal tables of both dialects: enough columns for the specs to name (nothing here touches a database).
const sqliteScope = () => ({ tenantId: text('tenant_id'), workflowId: text('workflow_id'), runId: text('run_id'), nodeId: text('node_id') });
const pgScope = () => ({ tenantId: pgText('tenant_id'), workflowId: pgText('workflow_id'), runId: pgText('run_id'), nodeId: pgText('node_id') });

export const sqliteTables = {
  heuristics: sqliteTable('heuristics', { id: text('id'), agent: text('agent'), projectId: text('project_id'), lastValidated: text('last_validated'), confidence: real('confidence'), ...sqliteScope() }),
  outcomes: sqliteTable('outcomes', { id: text('id'), agent: text('agent'), projectId: text('project_id'), timestamp: text('timestamp'), taskType: text('task_type'), success: integer('success'), ...sqliteScope() }),
  preferences: sqliteTable('preferences', { id: text('id'), projectId: text('project_id'), timestamp: text('timestamp'), confidence: real('confidence'), userId: text('user_id'), category: text('category'), ...sqliteScope() }),
  domainKnowledge: sqliteTable('domain_knowledge', { id: text('id'), agent: text('agent'), projectId: text('project_id'), lastVerified: text('last_verified'), confidence: real('confidence'), domain: text('domain'), ...sqliteScope() }),
  antiPatterns: sqliteTable('anti_patterns', { id: text('id'), agent: text('agent'), projectId: text('project_id'), lastSeen: text('last_seen'), ...sqliteScope() }),
};

const time = (name: string) => timestamp(name, { withTimezone: true });
export const pgTables = {
  heuristics: pgTable('h', { id: pgText('id'), agent: pgText('agent'), projectId: pgText('project_id'), lastValidated: time('last_validated'), confidence: doublePrecision('confidence'), embedding: pgText('embedding'), ...pgScope() }),
  outcomes: pgTable('o', { id: pgText('id'), agent: pgText('agent'), projectId: pgText('project_id'), timestamp: time('timestamp'), taskType: pgText('task_type'), success: boolean('success'), embedding: pgText('embedding'), ...pgScope() }),
  preferences: pgTable('p', { id: pgText('id'), projectId: pgText('project_id'), timestamp: time('timestamp'), confidence: doublePrecision('confidence'), userId: pgText('user_id'), category: pgText('category'), ...pgScope() }),
  domainKnowledge: pgTable('d', { id: pgText('id'), agent: pgText('agent'), projectId: pgText('project_id'), lastVerified: time('last_verified'), confidence: doublePrecision('confidence'), domain: pgText('domain'), embedding: pgText('embedding'), ...pgScope() }),
  antiPatterns: pgTable('a', { id: pgText('id'), agent: pgText('agent'), projectId: pgText('project_id'), lastSeen: time('last_seen'), embedding: pgText('embedding'), ...pgScope() }),
};
