export { SqliteStorage } from './sqlite-storage.js';
export type { SqliteStorageOptions } from './options.js';
export { migrateUp, migrationStatus } from './migrate.js';
export type { MigrationResult, MigrationStatus, MigrationStatusEntry } from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { createStorage } from './create-storage.js';
