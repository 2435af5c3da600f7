import { runMigrateCommand, type CliIo, type MigrateCommand } from '@alma/storage-sql';
import { migrateUp, migrationStatus } from './migrate.js';

export type { CliIo } from '@alma/storage-sql';

const COMMAND: MigrateCommand = {
  name: 'alma-sqlite',
  description: 'Schema migrations of an ALMA SQLite database: alma-sqlite migrate <status|up> --db <path> [--json]',
  options: [{ flags: '--db <path>', description: 'the SQLite database file' }],
  target: ({ db }) => {
    if (typeof db !== 'string' || !db) return '--db <path> is required.';
    return { heading: `Database: ${db}`, where: db, status: () => migrationStatus(db), up: () => migrateUp(db) };
  },
};

/** The `alma-sqlite` command. Returns the exit code: 0 ok, 1 failure, 2 usage error. Never throws. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runMigrateCommand(COMMAND, argv, io);
}
