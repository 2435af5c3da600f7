export { PostgresStorage } from './postgres-storage.js';
export { DEFAULT_PG_URL, MAX_INDEXED_DIM, type PostgresStorageOptions } from './options.js';
export { migrateUp, migrationStatus, type MigrateOptions } from './migrate.js';
export type { MigrationResult, MigrationStatus, MigrationStatusEntry } from './migrate.js';
export { MIGRATIONS, type Migration, type MigrationContext } from './migrations/index.js';
export { createStorage } from './create-storage.js';
