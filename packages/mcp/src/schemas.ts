import { z } from 'zod';

// Shared pieces of the tools' input and output schemas. Input schemas are strict (an unknown argument is an
// error, never silently ignored); output schemas describe exactly what `structuredContent` holds.

/** Longest free text a tool accepts (task descriptions, facts, summaries). */
export const MAX_TOOL_TEXT = 20_000;

export const id = (what: string): z.ZodString => z.string().min(1).max(256).describe(what);
export const text = (what: string): z.ZodString => z.string().trim().min(1).max(MAX_TOOL_TEXT).describe(what);
export const metadata = z.record(z.string(), z.unknown()).describe('Free-form JSON metadata stored with the record.');

const tenantId = id(
  "Optional, and only ever the server's own tenant: the tenant is bound by the server, a different value is refused.",
).optional();

/** Where in workflow -> run -> node/branch a call happens (the tenant comes from the server). */
export const contextInput = z
  .strictObject({
    tenantId,
    workflowId: id('Workflow id.').optional(),
    runId: id('Run id (needs workflowId).').optional(),
    nodeId: id('Node id (needs runId).').optional(),
    branchId: id('Branch id of a parallel section (needs runId).').optional(),
  })
  .describe('Workflow context of the call. Omit for plain agent memory.');

/** A context that names a run. */
export const runContextInput = z
  .strictObject({
    tenantId,
    workflowId: id('Workflow id.'),
    runId: id('Run id.'),
    branchId: id('Branch of a parallel section; omit for the main line.').optional(),
  })
  .describe('The run this call belongs to.');

// --- outputs ----------------------------------------------------------------------------------------

/** A stored record as JSON (embeddings removed, dates as ISO strings). */
export const record = z.looseObject({ id: z.string() });
export const writeAction = z.enum(['created', 'updated']);

/** A checkpoint without its state. */
export const checkpointSummary = z.looseObject({
  id: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  seq: z.number().int(),
  stateHash: z.string(),
  stateSizeBytes: z.number().int(),
  createdAt: z.string(),
});

/** A checkpoint without its state: id, run, node, branch, seq, hash, size, parent, time, metadata. */
export function summarizeCheckpoint(c: {
  id: string; runId: string; nodeId: string; seq: number; stateHash: string; stateSizeBytes: number; createdAt: Date;
  workflowId?: string | undefined; branchId?: string | undefined; parentCheckpointId?: string | undefined;
  metadata?: Record<string, unknown>; state?: unknown;
}, includeState = false): Record<string, unknown> {
  return {
    id: c.id,
    runId: c.runId,
    ...(c.workflowId !== undefined ? { workflowId: c.workflowId } : {}),
    nodeId: c.nodeId,
    ...(c.branchId !== undefined ? { branchId: c.branchId } : {}),
    seq: c.seq,
    stateHash: c.stateHash,
    stateSizeBytes: c.stateSizeBytes,
    ...(c.parentCheckpointId !== undefined ? { parentCheckpointId: c.parentCheckpointId } : {}),
    createdAt: c.createdAt,
    metadata: c.metadata ?? {},
    ...(includeState ? { state: c.state } : {}),
  };
}
