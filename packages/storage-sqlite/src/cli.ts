import { parseArgs } from 'node:util';
import { isAlmaError } from '@alma/types';
import { migrateUp, migrationStatus, type MigrationResult, type MigrationStatus } from './migrate.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = [
  'Usage: alma-sqlite migrate <status|up> --db <path> [--json]',
  '',
  '  migrate status   list the schema migrations applied to / pending for the database (reads only)',
  '  migrate up       apply every pending migration, each in its own transaction (creates the file if missing)',
  '  --db <path>      the SQLite database file',
  '  --json           print JSON instead of a table',
].join('\n');

const pad = (v: number): string => String(v).padStart(3, '0');

function statusTable(path: string, s: MigrationStatus): string[] {
  const width = Math.max(4, ...s.migrations.map((m) => m.name.length));
  const lines = [`Database: ${path}`, `${'version'.padEnd(8)}${'name'.padEnd(width + 2)}${'status'.padEnd(9)}applied at`];
  for (const m of s.migrations) {
    const when = m.appliedAt ? m.appliedAt.toISOString() : '';
    lines.push(`${pad(m.version).padEnd(8)}${m.name.padEnd(width + 2)}${(m.applied ? 'applied' : 'pending').padEnd(9)}${when}`.trimEnd());
  }
  const current = s.currentVersion === null ? 'none' : pad(s.currentVersion);
  lines.push(`Current version: ${current} (latest ${pad(s.latestVersion)}), ${s.pending.length} pending.`);
  return lines;
}

function upLines(path: string, r: MigrationResult): string[] {
  if (r.applied.length === 0) return [`${path} is up to date at version ${pad(r.currentVersion)}.`];
  return [
    ...r.applied.map((m) => `Applied ${pad(m.version)} ${m.name}`),
    `${path} is now at version ${pad(r.currentVersion)}.`,
  ];
}

/** The `alma-sqlite` command. Returns the exit code: 0 ok, 1 failure, 2 usage error. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`alma-sqlite: ${(error as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [group, command, ...extra] = positionals;
  if (group !== 'migrate' || (command !== 'status' && command !== 'up') || extra.length > 0) {
    io.err(`alma-sqlite: unknown command '${positionals.join(' ')}'.`);
    io.err(USAGE);
    return 2;
  }
  const db = values.db;
  if (!db) {
    io.err('alma-sqlite: --db <path> is required.');
    return 2;
  }
  try {
    const result = command === 'status' ? await migrationStatus(db) : await migrateUp(db);
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
    } else {
      const lines = command === 'status' ? statusTable(db, result as MigrationStatus) : upLines(db, result as MigrationResult);
      for (const line of lines) io.out(line);
    }
    return 0;
  } catch (error) {
    const message = isAlmaError(error) || error instanceof Error ? error.message : String(error);
    io.err(`alma-sqlite: ${message.split('\n')[0]}`);
    return 1;
  }
}
