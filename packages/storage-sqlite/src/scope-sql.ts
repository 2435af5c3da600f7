import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { scopeSql, type ScopeColumns as SqlScopeColumns } from '@alma/storage-sql';

export { checkScope, scopeParams, scopeShape } from '@alma/storage-sql';

/** The scope columns a table has; a field the table lacks is absent. */
export type ScopeColumns = SqlScopeColumns<SQLiteColumn>;

/** The shared scope conditions (@alma/storage-sql); SQLite's "matches no row" is `0`. */
export const { scopeConditions, scopePlaceholderConditions, tenantConditions } = scopeSql('0');
