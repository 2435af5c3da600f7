export { buildProgram, runAlma } from './program.js';
export type { CliIo } from './io.js';
export { configTemplate } from './config-template.js';
export { runMigrations, type MigrationReport } from './migrations.js';
export { VERSION } from './version.js';
