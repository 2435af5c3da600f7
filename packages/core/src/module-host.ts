import {
  tenantScope,
  type MemorySlice,
  type ScopeFilter,
  type StorageBackend,
  type WorkflowContext,
  type WorkflowContextInit,
} from '@alma/types';

export type ModuleContextInput = WorkflowContext | WorkflowContextInit | undefined;

/**
 * What the ALMA facade lends its feature modules (forgetting, confidence, sessions, progress, extraction, graph):
 * the store, the project, the clock, context validation (hierarchy + `requireTenant`), cache invalidation after a
 * memory write, and retrieval. Modules never hold the facade's private state.
 */
export interface ModuleHost {
  readonly storage: StorageBackend;
  readonly projectId: string;
  now(): Date;
  /** Validates a call's context; throws ValidationError / TenantRequiredError. */
  context(ctx: ModuleContextInput, operation: string): WorkflowContext;
  /** Drops cached retrievals a memory write by `agent` (undefined = agent-less) in `ctx`'s tenant could affect. */
  invalidate(agent: string | undefined, ctx: WorkflowContext): void;
  retrieve(task: string, agent: string, ctx: WorkflowContext, topK: number): Promise<MemorySlice>;
}

/** The tenant part of a validated context: what session, progress and graph records are isolated by. */
export const scopeOfContext = (ctx: WorkflowContext): ScopeFilter => tenantScope({ tenantId: ctx.tenantId });

/** `{ tenantId }` when the context has one, for records created in it. */
export const tenantFieldOf = (ctx: WorkflowContext): { tenantId?: string } =>
  ctx.tenantId === undefined ? {} : { tenantId: ctx.tenantId };

export const DAY_MS = 86_400_000;

/** Whole and fractional days from `from` to `to` (never negative). */
export const daysBetween = (from: Date, to: Date): number => Math.max(0, (to.getTime() - from.getTime()) / DAY_MS);
