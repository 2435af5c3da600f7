import { scopeSql } from '@alma/storage-sql';

export { checkScope, type ScopeColumns } from '@alma/storage-sql';

/** The shared scope conditions (@alma/storage-sql); PostgreSQL's "matches no row" is `false`. */
export const { scopeConditions, tenantConditions } = scopeSql('false');
