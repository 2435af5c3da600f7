import { createHash } from 'node:crypto';
import type { PortableStorage } from '@alma/core';
import type { MemoryType } from '@alma/types';

// A store with one or more of every kind of record: all five memory types (embeddings, tenants, workflow scope,
// awkward text), workflow outcomes, artifact links, session handoffs, work items, a small graph, and checkpoints of
// three runs (main line and branches, full and delta encodings, a tenant, 150 checkpoints in one run) with statuses.

export const T0 = new Date('2026-03-01T08:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const emb = (seed: number): number[] => Array.from({ length: 8 }, (_, i) => Math.fround(Math.sin(seed * 7 + i) / (i + 1)));
const AWKWARD = `it's "quoted" \\ back'slash; DROP TABLE x; -- ☃ 𝄞 ${'\u00e9'}`;

export interface SeedCounts {
  readonly memory: number;
  readonly checkpoint: number;
  readonly run: number;
  readonly total: number;
}

export async function seedStore(store: PortableStorage, projectId = 'shop'): Promise<SeedCounts> {
  const base = { projectId, metadata: { source: AWKWARD, n: 1 } };
  const tenants = [{}, { tenantId: 'acme' }, { tenantId: 'acme', workflowId: 'wf-a', runId: 'run-a' }];
  let memories = 0;
  const save = async (type: MemoryType, record: Record<string, unknown>): Promise<void> => {
    await store.saveMemory(type, record as never);
    memories++;
  };
  for (let i = 0; i < 12; i++) {
    const scope = tenants[i % tenants.length];
    const agent = i % 2 ? 'helper' : 'reviewer';
    await save('heuristic', {
      ...base, ...scope, id: `heur-${i}`, agent, condition: `when ${i}`, strategy: `${AWKWARD} ${i}`, confidence: 0.5 + i / 100,
      occurrenceCount: i + 1, successCount: i, lastValidated: at(i), createdAt: at(-i), embedding: emb(i),
    });
    await save('outcome', {
      ...base, ...scope, id: `out-${i}`, agent, taskType: 'forms', taskDescription: `task ${i}`, success: i % 3 !== 0,
      strategyUsed: 'fill', timestamp: at(i), ...(i % 4 === 0 ? { durationMs: 1000 + i, errorMessage: 'boom', userFeedback: 'meh' } : {}),
      ...(i % 2 ? { embedding: emb(100 + i) } : {}),
    });
    await save('domain_knowledge', {
      ...base, ...scope, id: `dk-${i}`, agent, domain: 'testing', fact: `fact ${i}`, source: 'user_stated', confidence: 1,
      lastVerified: at(i), embedding: emb(200 + i),
    });
    await save('anti_pattern', {
      ...base, ...scope, id: `anti-${i}`, agent, pattern: `bad ${i}`, whyBad: '', betterAlternative: 'better', occurrenceCount: 2,
      lastSeen: at(i), createdAt: at(i - 1),
    });
    await save('user_preference', {
      ...base, ...(i % 2 ? { tenantId: 'acme' } : {}), id: `pref-${i}`, userId: `user-${i % 3}`, category: 'style',
      preference: `prefers ${i}`, source: 'explicit_instruction', confidence: 1, timestamp: at(i),
    });
  }
  const simple = { metadata: {}, createdAt: T0 };
  await store.saveWorkflowOutcome({
    ...simple, id: 'wo-1', workflowId: 'wf-a', runId: 'run-a', agent: 'helper', projectId, result: 'success', summary: AWKWARD,
    strategiesUsed: ['plan', 'split'], successfulPatterns: ['split'], failedPatterns: [], extractedHeuristics: ['heur-1'],
    extractedAntiPatterns: [], durationSeconds: 12.5, nodeCount: 4, embedding: Float32Array.from(emb(300)),
  });
  await store.saveWorkflowOutcome({
    ...simple, id: 'wo-2', tenantId: 'acme', workflowId: 'wf-b', runId: 'run-b', agent: 'reviewer', projectId, result: 'timeout',
    summary: 'slow', strategiesUsed: [], successfulPatterns: [], failedPatterns: ['wait'], extractedHeuristics: [],
    extractedAntiPatterns: [], errorMessage: 'timed out',
  });
  await store.saveArtifactLink({ ...simple, id: 'art-1', memoryId: 'heur-0', artifactType: 'log', storageUrl: 's3://bucket/a.log', filename: 'a.log', mimeType: 'text/plain', sizeBytes: 12, checksum: 'abc' });
  await store.saveArtifactLink({ ...simple, id: 'art-2', memoryId: 'wo-1', artifactType: 'report', storageUrl: 'file:///r.html' });
  await store.saveSessionHandoff({
    ...simple, id: 'sess-1', projectId, agent: 'helper', sessionId: 's1', lastAction: 'ran tests', lastOutcome: 'failure',
    currentGoal: AWKWARD, keyDecisions: ['a'], activeFiles: ['src/x.ts'], blockers: ['b'], nextSteps: ['c'], testStatus: { unit: true, e2e: false },
    confidenceLevel: 0.4, riskFlags: ['r'], sessionStart: at(-30), sessionEnd: at(-1), durationMs: 29 * 60_000,
  });
  await store.saveSessionHandoff({
    ...simple, id: 'sess-2', tenantId: 'acme', projectId, agent: 'reviewer', sessionId: 's2', lastAction: '', lastOutcome: 'unknown',
    currentGoal: '', keyDecisions: [], activeFiles: [], blockers: [], nextSteps: [], testStatus: {}, confidenceLevel: 0.5,
    riskFlags: [], sessionStart: at(-5),
  });
  const item = { ...simple, projectId, description: '', itemType: 'task', timeSpentMs: 0, attemptCount: 0, blocks: [], tests: [], testsPassing: false, acceptanceCriteria: [], updatedAt: T0 };
  await store.saveWorkItem({ ...item, id: 'wi-1', title: 'parent', status: 'in_progress', priority: 90, agent: 'helper', startedAt: at(1), blockedBy: [] });
  await store.saveWorkItem({ ...item, id: 'wi-2', title: 'child', status: 'blocked', priority: 10, parentId: 'wi-1', blockedBy: ['wi-1'], tests: ['t1'], acceptanceCriteria: ['ok'], tenantId: 'acme' });
  await store.saveEntity({ ...simple, id: 'ent-1', projectId, name: 'Alice', entityType: 'person', properties: { role: 'dev' } });
  await store.saveEntity({ ...simple, id: 'ent-2', projectId, name: 'Acme', entityType: 'org', properties: {} });
  await store.saveEntity({ ...simple, id: 'ent-3', projectId, tenantId: 'acme', name: 'Bob', entityType: 'person', properties: {} });
  await store.saveRelationship({ ...simple, id: 'rel-1', projectId, sourceId: 'ent-1', targetId: 'ent-2', relationType: 'works_at', properties: { since: 2020 }, confidence: 0.9, validFrom: at(-100), validTo: at(100) });
  await store.saveRelationship({ ...simple, id: 'rel-2', projectId, sourceId: 'ent-2', targetId: 'ent-1', relationType: 'employs', properties: {}, confidence: 1 });

  let checkpoints = 0;
  const cp = async (runId: string, nodeId: string, minutes: number, extra: Record<string, unknown> = {}): Promise<string> => {
    const state = JSON.stringify({ node: nodeId, step: minutes, text: AWKWARD });
    const id = `${runId}-${checkpoints}`;
    await store.saveCheckpoint({ id, runId, nodeId, state, stateHash: sha(state), stateSizeBytes: Buffer.byteLength(state), metadata: { m: minutes }, createdAt: at(minutes), ...extra } as never);
    checkpoints++;
    return id;
  };
  const plan = await cp('run-a', 'plan', 1, { workflowId: 'wf-a' });
  const left = await cp('run-a', 'left', 2, { workflowId: 'wf-a', branchId: 'L', parentCheckpointId: plan });
  await cp('run-a', 'left2', 3, { workflowId: 'wf-a', branchId: 'L', parentCheckpointId: left, encoding: 'delta', stateSizeBytes: 500 });
  await cp('run-a', 'right', 4, { workflowId: 'wf-a', branchId: 'R', parentCheckpointId: plan });
  await cp('run-a', 'join', 5, { workflowId: 'wf-a' });
  await cp('run-b', 'only', 6, { workflowId: 'wf-b', tenantId: 'acme', nodeId: 'only' });
  for (let i = 0; i < 150; i++) await cp('run-c', `step-${i}`, 10 + i, { workflowId: 'wf-c' });
  const updateRun = store.updateRun?.bind(store);
  if (!updateRun) throw new Error(`${store.capabilities.name} has no updateRun`);
  await updateRun('run-a', { status: 'completed', agent: 'helper', metadata: { ticket: 'T-1', note: AWKWARD } }, {});
  await updateRun('run-b', { status: 'failed', metadata: { attempt: 2 } }, { tenantId: 'acme' });
  return { memory: memories, checkpoint: checkpoints, run: 3, total: memories + 2 + 2 + 2 + 2 + 3 + 2 + checkpoints + 3 };
}
