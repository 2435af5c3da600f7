import { z } from 'zod';
import { ScopeViolationError, TenantRequiredError, ValidationError } from './errors.js';
import { dateSchema, idSchema, metadataSchema, type Metadata } from './primitives.js';
import type { RetrievalScope } from './retrieval-scope.js';
import type { ScopeFilter } from './scope-fields.js';
import { parseInput } from './validate.js';

export const workflowContextSchema = z
  .object({
    tenantId: idSchema.optional(),
    workflowId: idSchema.optional(),
    runId: idSchema.optional(),
    nodeId: idSchema.optional(),
    branchId: idSchema.optional(),
    metadata: metadataSchema.default({}),
    createdAt: dateSchema.optional(),
  })
  .strict();
export type WorkflowContextInit = z.input<typeof workflowContextSchema>;

export interface ValidateContextOptions {
  /** Reject a context without tenantId (multi-tenant deployments). */
  requireTenant?: boolean;
  /** Name of the calling operation, used in error messages. */
  operation?: string;
}

/**
 * Where in tenant -> workflow -> run -> node/branch a call happens. Immutable; `withNode` / `withBranch` return
 * copies. Construct from a plain object with `WorkflowContext.from(...)` (validates field types).
 */
export class WorkflowContext {
  readonly tenantId: string | undefined;
  readonly workflowId: string | undefined;
  readonly runId: string | undefined;
  readonly nodeId: string | undefined;
  readonly branchId: string | undefined;
  readonly metadata: Readonly<Metadata>;
  readonly createdAt: Date;

  private constructor(init: z.output<typeof workflowContextSchema>) {
    this.tenantId = init.tenantId;
    this.workflowId = init.workflowId;
    this.runId = init.runId;
    this.nodeId = init.nodeId;
    this.branchId = init.branchId;
    this.metadata = Object.freeze({ ...init.metadata });
    this.createdAt = init.createdAt ?? new Date();
    Object.freeze(this);
  }

  /** Accepts a WorkflowContext (returned as is) or a plain object (validated). */
  static from(input: WorkflowContext | WorkflowContextInit | undefined): WorkflowContext {
    if (input instanceof WorkflowContext) return input;
    return new WorkflowContext(parseInput(workflowContextSchema, input ?? {}, 'WorkflowContext'));
  }

  /**
   * Checks the hierarchy: nodeId and branchId need a runId, runId needs a workflowId; tenantId when required.
   * Returns `this` so calls chain.
   */
  validate(options: ValidateContextOptions = {}): this {
    const issues: Array<{ path: string; message: string }> = [];
    if (this.nodeId !== undefined && this.runId === undefined) issues.push({ path: 'nodeId', message: 'needs runId' });
    if (this.branchId !== undefined && this.runId === undefined) issues.push({ path: 'branchId', message: 'needs runId' });
    if (this.runId !== undefined && this.workflowId === undefined) issues.push({ path: 'runId', message: 'needs workflowId' });
    if (issues.length > 0) {
      throw new ValidationError(
        `Invalid WorkflowContext: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        issues,
      );
    }
    if (options.requireTenant && this.tenantId === undefined) {
      throw new TenantRequiredError(options.operation ?? 'This operation');
    }
    return this;
  }

  /**
   * The storage filter for a retrieval at `scope`. GLOBAL needs `admin: true` (it sees every tenant); a narrow
   * scope needs the ids it narrows by (RUN needs runId ...), otherwise the filter would silently widen.
   */
  scopeFilter(scope: RetrievalScope, options: { admin?: boolean } = {}): ScopeFilter {
    if (scope === 'global') {
      if (!options.admin) {
        throw new ScopeViolationError('GLOBAL scope reads across every tenant and is reserved for admin callers.');
      }
      return { allTenants: true };
    }
    const need = (field: 'workflowId' | 'runId' | 'nodeId'): string => {
      const value = this[field];
      if (value === undefined) {
        throw new ValidationError(`Retrieval scope '${scope}' needs context.${field}.`, [
          { path: field, message: `required for scope ${scope}` },
        ]);
      }
      return value;
    };
    const tenant = this.tenantId === undefined ? {} : { tenantId: this.tenantId };
    switch (scope) {
      case 'tenant':
      case 'agent':
        return tenant;
      case 'workflow':
        return { ...tenant, workflowId: need('workflowId') };
      case 'run':
        return { ...tenant, workflowId: need('workflowId'), runId: need('runId') };
      default:
        return { ...tenant, workflowId: need('workflowId'), runId: need('runId'), nodeId: need('nodeId') };
    }
  }

  withNode(nodeId: string): WorkflowContext {
    return WorkflowContext.from({ ...this.toJSON(), nodeId });
  }

  withBranch(branchId: string): WorkflowContext {
    return WorkflowContext.from({ ...this.toJSON(), branchId });
  }

  /** Plain object without undefined fields; createdAt as ISO string. */
  toJSON(): WorkflowContextInit & { createdAt: string } {
    const out: Record<string, unknown> = {};
    for (const key of ['tenantId', 'workflowId', 'runId', 'nodeId', 'branchId'] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    out['metadata'] = { ...this.metadata };
    out['createdAt'] = this.createdAt.toISOString();
    return out as WorkflowContextInit & { createdAt: string };
  }
}
