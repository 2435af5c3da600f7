import { z } from 'zod';
import { idSchema } from './primitives.js';

/**
 * Where a record sits in the tenant -> workflow -> run -> node hierarchy. All optional: a record with no
 * tenantId belongs to single-tenant (tenant-less) data.
 */
export const scopeFieldsSchema = z.object({
  tenantId: idSchema.optional(),
  workflowId: idSchema.optional(),
  runId: idSchema.optional(),
  nodeId: idSchema.optional(),
});
export type ScopeFields = z.infer<typeof scopeFieldsSchema>;

/**
 * The filter every storage read takes. Built from a RetrievalScope + WorkflowContext (see `scopeFilterFor`).
 *
 * - `allTenants: true` — admin read across every tenant (GLOBAL scope, explicit admin only).
 * - otherwise `tenantId` set — only that tenant's records; `tenantId` absent — only tenant-less records.
 * - `workflowId` / `runId` / `nodeId` narrow further by equality when present.
 * - `branchId` narrows checkpoint reads.
 */
export interface ScopeFilter {
  readonly tenantId?: string;
  readonly workflowId?: string;
  readonly runId?: string;
  readonly nodeId?: string;
  readonly branchId?: string;
  readonly allTenants?: boolean;
}

export const scopeFilterSchema = z
  .object({
    tenantId: idSchema.optional(),
    workflowId: idSchema.optional(),
    runId: idSchema.optional(),
    nodeId: idSchema.optional(),
    branchId: idSchema.optional(),
    allTenants: z.boolean().optional(),
  })
  .strict()
  .refine((f) => !(f.allTenants && f.tenantId !== undefined), 'allTenants and tenantId are mutually exclusive');

/** The filter that sees only tenant-less data at the broadest level. */
export const SINGLE_TENANT: ScopeFilter = Object.freeze({});

/** Admin-only filter across every tenant. Never build this from user input. */
export const ADMIN_ALL_TENANTS: ScopeFilter = Object.freeze({ allTenants: true });

/**
 * The executable definition of scope matching. In-memory stores call it directly; SQL/NoSQL adapters translate
 * the same rules into their query language, and the conformance suite checks they agree.
 */
export function matchesScope(record: ScopeFields & { branchId?: string }, filter: ScopeFilter): boolean {
  if (!filter.allTenants && (record.tenantId ?? undefined) !== (filter.tenantId ?? undefined)) return false;
  if (filter.workflowId !== undefined && record.workflowId !== filter.workflowId) return false;
  if (filter.runId !== undefined && record.runId !== filter.runId) return false;
  if (filter.nodeId !== undefined && record.nodeId !== filter.nodeId) return false;
  if (filter.branchId !== undefined && record.branchId !== filter.branchId) return false;
  return true;
}

/**
 * The part of a filter that applies to records that do not sit in the workflow hierarchy (artifact links, session
 * handoffs, work items, graph entities and relationships): tenant isolation only.
 */
export function tenantScope(filter: ScopeFilter): ScopeFilter {
  if (filter.allTenants) return ADMIN_ALL_TENANTS;
  return filter.tenantId === undefined ? SINGLE_TENANT : { tenantId: filter.tenantId };
}
