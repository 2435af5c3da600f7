import { ScopeViolationError, type RetrievalScope, type WorkflowContextInit } from '@alma/types';

/** The part of a WorkflowContext a tool argument may carry. */
export interface ToolContext {
  tenantId?: string | undefined;
  workflowId?: string | undefined;
  runId?: string | undefined;
  nodeId?: string | undefined;
  branchId?: string | undefined;
}

/** What the server, not the model, decides: the tenant and whether admin reads are allowed. */
export interface Binding {
  readonly tenantId: string | undefined;
  readonly allowAdmin: boolean;
}

const describeTenant = (tenantId: string | undefined): string =>
  tenantId === undefined ? 'tenant-less data' : `tenant '${tenantId}'`;

/**
 * The context a call runs in: the tool's workflow ids with the server's tenant. A tool argument naming another
 * tenant is refused (SCOPE_VIOLATION) before anything is read or written.
 */
export function bindContext(binding: Binding, ctx: ToolContext = {}): WorkflowContextInit {
  if (ctx.tenantId !== undefined && ctx.tenantId !== binding.tenantId) {
    throw new ScopeViolationError(
      `This server is bound to ${describeTenant(binding.tenantId)}; a tool call cannot name tenant ` +
        `'${ctx.tenantId}'. Omit context.tenantId.`,
      { details: { boundTenant: binding.tenantId, requestedTenant: ctx.tenantId } },
    );
  }
  const out: WorkflowContextInit = {};
  if (binding.tenantId !== undefined) out.tenantId = binding.tenantId;
  for (const key of ['workflowId', 'runId', 'nodeId', 'branchId'] as const) {
    const value = ctx[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** GLOBAL reads every tenant: only a server started with --allow-admin offers it. */
export function assertScopeAllowed(binding: Binding, scope: RetrievalScope | undefined): void {
  if (scope === 'global' && !binding.allowAdmin) {
    throw new ScopeViolationError(
      "Retrieval scope 'global' reads every tenant and is disabled on this server (start alma-mcp with --allow-admin).",
    );
  }
}
