import type { SuiteContext } from '../context.js';
import { tenantIsolationReadsSuite } from './tenant-isolation-reads.js';
import { tenantIsolationRecordsSuite } from './tenant-isolation-records.js';
import { tenantIsolationWritesSuite } from './tenant-isolation-writes.js';

/**
 * Tenant isolation: the same-shaped data under tenant A, tenant B and tenant-less; every read and every scoped
 * update/delete of the contract, at every scope level. B never sees or changes A's data; tenant-less reads see only
 * tenant-less data; `{ allTenants: true }` sees all.
 */
export function tenantIsolationSuite(ctx: SuiteContext): void {
  tenantIsolationReadsSuite(ctx);
  tenantIsolationRecordsSuite(ctx);
  tenantIsolationWritesSuite(ctx);
}
