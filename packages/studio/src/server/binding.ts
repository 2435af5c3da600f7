import { ScopeViolationError, type ScopeFilter } from '@alma/types';
import { StudioError } from './errors.js';

/** What the server, never the URL, decides: the tenant, admin reads, writes. */
export interface Binding {
  /** The one tenant shown; undefined = tenant-less data (ignored in admin mode). */
  readonly tenantId: string | undefined;
  /** Every tenant visible; a `tenant` parameter picks one. */
  readonly admin: boolean;
  readonly allowWrites: boolean;
}

/** The `tenant` parameter value that means every tenant (admin only). */
export const ALL_TENANTS = '*';

const describe = (tenantId: string | undefined): string => (tenantId === undefined ? 'tenant-less data' : `tenant '${tenantId}'`);

/**
 * The tenant a request reads: the bound one; in admin mode the one its `tenant` parameter names, or every tenant
 * (`allTenants: true`, `tenant` absent or '*'). A bound studio refuses any other tenant with SCOPE_VIOLATION (403)
 * before anything is read.
 */
export function requestScope(binding: Binding, tenant: string | undefined): ScopeFilter {
  if (binding.admin) return tenant === undefined || tenant === ALL_TENANTS ? { allTenants: true } : { tenantId: tenant };
  if (tenant !== undefined && tenant !== binding.tenantId) {
    throw new ScopeViolationError(
      `This studio is bound to ${describe(binding.tenantId)}; it cannot show tenant '${tenant}'. ` +
        'Start `alma studio --tenant <id>` for another tenant, or `--all-tenants` as an admin.',
      { details: { boundTenant: binding.tenantId ?? null, requestedTenant: tenant } },
    );
  }
  return binding.tenantId === undefined ? {} : { tenantId: binding.tenantId };
}

/** The one tenant of a scope (for facade calls that need a context); undefined for tenant-less or every tenant. */
export const tenantOf = (scope: ScopeFilter): string | undefined => scope.tenantId;

/** Throws READ_ONLY (403) unless the studio was started with writes enabled. */
export function assertWritable(binding: Binding): void {
  if (!binding.allowWrites) {
    throw new StudioError(403, 'READ_ONLY', 'This studio is read-only: start `alma studio --allow-writes` to delete or forget memories.');
  }
}
