import { describe, expect, it } from '@jest/globals';
import { and, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { workflowOutcomeFilters } from './query-filters.js';

const wo = sqliteTable('wo', { projectId: text('project_id'), agent: text('agent'), workflowId: text('workflow_id'), result: text('result') });
const render = (parts: SQL[]) => new SQLiteSyncDialect().sqlToQuery(and(...parts) as SQL);

describe('workflowOutcomeFilters', () => {
  it('filters on the fields given, nothing for the others', () => {
    expect(workflowOutcomeFilters(wo, {})).toEqual([]);
    expect(render(workflowOutcomeFilters(wo, { projectId: 'p', agents: ['a', 'b'], workflowId: 'w', result: 'success' }))).toMatchObject({
      sql: '("wo"."project_id" = ? and "wo"."agent" in (?, ?) and "wo"."workflow_id" = ? and "wo"."result" = ?)',
      params: ['p', 'a', 'b', 'w', 'success'],
    });
  });

  it('an empty agent list matches no row', () => {
    expect(render(workflowOutcomeFilters(wo, { agents: [] })).sql).toBe('false');
  });
});
