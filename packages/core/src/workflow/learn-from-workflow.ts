import {
  newId,
  newUuid,
  parseInput,
  tenantScope,
  ValidationError,
  validateWorkflowOutcome,
  workflowOutcomeSearchText,
  workflowResultSchema,
  type AntiPattern,
  type Heuristic,
  type WorkflowContext,
  type WorkflowOutcome,
} from '@alma/types';
import { z } from 'zod';
import { assertMayLearn } from '../learning/domain-scope.js';
import { optionalEmbedding, type LearningDeps, type LearningProtocol } from '../learning/protocol.js';
import type { WriteAction } from '../learning/types.js';

export const workflowLearnInputSchema = z
  .object({
    agent: z.string().min(1),
    result: workflowResultSchema,
    summary: z.string().min(1).max(100_000),
    strategiesUsed: z.array(z.string().min(1)).default([]),
    successfulPatterns: z.array(z.string().min(1)).default([]),
    failedPatterns: z.array(z.string().min(1)).default([]),
    durationSeconds: z.number().min(0).optional(),
    nodeCount: z.number().int().min(0).optional(),
    errorMessage: z.string().optional(),
    /** When set, checked against the agent's can_learn / cannot_learn. */
    domain: z.string().min(1).optional(),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type WorkflowLearnInput = z.input<typeof workflowLearnInputSchema>;

export interface WorkflowLearnResult {
  readonly workflowOutcome: WorkflowOutcome;
  readonly heuristics: ReadonlyArray<{ action: WriteAction; heuristic: Heuristic }>;
  readonly antiPatterns: ReadonlyArray<{ action: WriteAction; antiPattern: AntiPattern }>;
}

/** Confidence with a sample-size penalty: full weight from 20 observations on (ALMA's HeuristicExtractor). */
export const sampledConfidence = (successes: number, occurrences: number): number =>
  occurrences === 0 ? 0 : (successes / occurrences) * (0.5 + 0.5 * Math.min(occurrences / 20, 1));

/**
 * Saves the outcome of a finished workflow run (embedded for similarity search), turns its successful patterns into
 * heuristics (or strengthens existing ones), its failed patterns into anti-patterns, and — on a failed run — weakens
 * the heuristics whose strategies it used. Nothing is written when the input is invalid.
 */
export async function learnFromWorkflow(
  deps: LearningDeps,
  protocol: LearningProtocol,
  projectId: string,
  ctx: WorkflowContext,
  rawInput: WorkflowLearnInput,
): Promise<WorkflowLearnResult> {
  const input = parseInput(workflowLearnInputSchema, rawInput, 'learnFromWorkflow input');
  if (!ctx.workflowId || !ctx.runId) {
    throw new ValidationError('learnFromWorkflow needs context.workflowId and context.runId.', [
      { path: ctx.workflowId ? 'runId' : 'workflowId', message: 'required' },
    ]);
  }
  if (input.domain) assertMayLearn(deps.scopes, input.agent, input.domain);
  const scope = tenantScope({ tenantId: ctx.tenantId });
  const now = deps.now();
  const condition = `workflow: ${ctx.workflowId}`;
  const draft = {
    id: newUuid(),
    ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}),
    workflowId: ctx.workflowId,
    runId: ctx.runId,
    agent: input.agent,
    projectId,
    result: input.result,
    summary: input.summary,
    strategiesUsed: input.strategiesUsed,
    successfulPatterns: input.successfulPatterns,
    failedPatterns: input.failedPatterns,
    extractedHeuristics: [] as string[],
    extractedAntiPatterns: [] as string[],
    ...(input.durationSeconds !== undefined ? { durationSeconds: input.durationSeconds } : {}),
    ...(input.nodeCount !== undefined ? { nodeCount: input.nodeCount } : {}),
    ...(input.errorMessage !== undefined ? { errorMessage: input.errorMessage } : {}),
    metadata: input.metadata,
    createdAt: now,
  };
  // Validate the whole record before the first write, so a bad input writes nothing.
  validateWorkflowOutcome(draft);

  const heuristics: Array<{ action: WriteAction; heuristic: Heuristic }> = [];
  const owner = { agent: input.agent, projectId };
  for (const pattern of input.successfulPatterns) {
    const existing = await protocol.findHeuristic(owner, condition, pattern, scope);
    heuristics.push(await strengthen(deps, protocol, owner, { condition, strategy: pattern, success: true, existing }, scope));
  }
  if (input.result === 'failure' || input.result === 'timeout') {
    for (const strategy of input.strategiesUsed) {
      const existing = await protocol.findHeuristic(owner, condition, strategy, scope);
      if (existing) heuristics.push(await strengthen(deps, protocol, owner, { condition, strategy, success: false, existing }, scope));
    }
  }
  const antiPatterns: Array<{ action: WriteAction; antiPattern: AntiPattern }> = [];
  for (const pattern of input.failedPatterns) {
    const why = {
      ...(input.errorMessage !== undefined ? { error: input.errorMessage } : {}),
      fallback: `Reported as a failed pattern of workflow ${ctx.workflowId} (run ${ctx.runId}).`,
    };
    antiPatterns.push(await protocol.upsertAntiPattern(owner, pattern, why, scope, 1));
  }

  const workflowOutcome = validateWorkflowOutcome({
    ...draft,
    extractedHeuristics: heuristics.map((h) => h.heuristic.id),
    extractedAntiPatterns: antiPatterns.map((a) => a.antiPattern.id),
    ...optionalEmbedding(await protocol.embed(workflowOutcomeSearchText(draft))),
  });
  await deps.storage.saveWorkflowOutcome(workflowOutcome);
  return { workflowOutcome, heuristics, antiPatterns };
}

/** Counts one more observation of a workflow strategy on its heuristic, creating the heuristic when new. */
async function strengthen(
  deps: LearningDeps,
  protocol: LearningProtocol,
  owner: { agent: string; projectId: string },
  seen: { condition: string; strategy: string; success: boolean; existing: Heuristic | undefined },
  scope: { tenantId?: string },
): Promise<{ action: WriteAction; heuristic: Heuristic }> {
  const { condition, strategy, success, existing } = seen;
  const now = deps.now();
  if (existing) {
    const occurrenceCount = existing.occurrenceCount + 1;
    const successCount = existing.successCount + (success ? 1 : 0);
    const patch = { occurrenceCount, successCount, confidence: sampledConfidence(successCount, occurrenceCount), lastValidated: now };
    await deps.storage.updateMemory('heuristic', existing.id, patch, scope);
    return { action: 'updated', heuristic: { ...existing, ...patch } };
  }
  const heuristic: Heuristic = {
    id: newId('heur'),
    agent: owner.agent,
    projectId: owner.projectId,
    ...(scope.tenantId ? { tenantId: scope.tenantId } : {}),
    condition,
    strategy,
    confidence: sampledConfidence(success ? 1 : 0, 1),
    occurrenceCount: 1,
    successCount: success ? 1 : 0,
    lastValidated: now,
    createdAt: now,
    ...optionalEmbedding(await protocol.embed(`${condition} ${strategy}`)),
    metadata: { source: 'workflow' },
  };
  await deps.storage.saveMemory('heuristic', heuristic);
  return { action: 'created', heuristic };
}
