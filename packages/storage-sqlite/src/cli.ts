import { runMigrateCommand, type CliIo, type MigrateCommand } from '@alma/storage-sql';
import { migrateUp, migrationStatus } from './migrate.js';

export type { CliIo } from '@alma/storage-sql';

export const USAGE = [
  'Usage: alma-sqlite migrate <status|up> --db <path> [--json]',
  '',
  '  migrate status   list the schema migrations applied to / pending for the database (reads only)',
  '  migrate up       apply every pending migration, each in its own transaction (creates the file if missing)',
  '  --db <path>      the SQLite database file',
  '  --json           print JSON instead of a table',
].join('\n');

const COMMAND: MigrateCommand = {
  name: 'alma-sqlite',
  usage: USAGE,
  options: { db: { type: 'string' } },
  target: ({ db }) => {
    if (typeof db !== 'string' || !db) return '--db <path> is required.';
    return { heading: `Database: ${db}`, where: db, status: () => migrationStatus(db), up: () => migrateUp(db) };
  },
};

/** The `alma-sqlite` command. Returns the exit code: 0 ok, 1 failure, 2 usage error. Never throws. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runMigrateCommand(COMMAND, argv, io);
}
