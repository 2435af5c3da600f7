import { parseArgs } from 'node:util';
import { migrateUp, migrationStatus, type MigrationResult, type MigrationStatus } from './migrate.js';
import { connectionUrl, redactUrl } from './options.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = [
  'Usage: alma-pg migrate <status|up> [--url <url>] [--schema <name>] [--dim <n>] [--json]',
  '',
  '  migrate status   list the schema migrations applied to / pending for the schema (reads only)',
  '  migrate up       apply every pending migration, each in its own transaction (creates the schema if missing)',
  '  --url <url>      postgres://user:pass@host:5432/db (default: $ALMA_PG_URL, else postgres://postgres@127.0.0.1:5432/test)',
  '  --schema <name>  the PostgreSQL schema holding ALMA tables (default: alma)',
  '  --dim <n>        embedding dimension of the vector columns, used when creating them (default: 384)',
  '  --json           print JSON instead of a table',
].join('\n');

const pad = (v: number): string => String(v).padStart(3, '0');

function statusTable(where: string, s: MigrationStatus): string[] {
  const width = Math.max(4, ...s.migrations.map((m) => m.name.length));
  const lines = [`Schema: ${where}`, `${'version'.padEnd(8)}${'name'.padEnd(width + 2)}${'status'.padEnd(9)}applied at`];
  for (const m of s.migrations) {
    const when = m.appliedAt ? m.appliedAt.toISOString() : '';
    lines.push(`${pad(m.version).padEnd(8)}${m.name.padEnd(width + 2)}${(m.applied ? 'applied' : 'pending').padEnd(9)}${when}`.trimEnd());
  }
  const current = s.currentVersion === null ? 'none' : pad(s.currentVersion);
  lines.push(`Current version: ${current} (latest ${pad(s.latestVersion)}), ${s.pending.length} pending.`);
  return lines;
}

function upLines(where: string, r: MigrationResult): string[] {
  if (r.applied.length === 0) return [`${where} is up to date at version ${pad(r.currentVersion)}.`];
  return [...r.applied.map((m) => `Applied ${pad(m.version)} ${m.name}`), `${where} is now at version ${pad(r.currentVersion)}.`];
}

/** The `alma-pg` command. Returns the exit code: 0 ok, 1 failure, 2 usage error. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        schema: { type: 'string' },
        dim: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`alma-pg: ${(error as Error).message}`);
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
    io.err(`alma-pg: unknown command '${positionals.join(' ')}'.`);
    io.err(USAGE);
    return 2;
  }
  const dim = values.dim === undefined ? undefined : Number(values.dim);
  if (dim !== undefined && !Number.isInteger(dim)) {
    io.err(`alma-pg: --dim must be an integer, got '${values.dim}'.`);
    return 2;
  }
  const url = connectionUrl({ url: values.url });
  const options = { url, ...(values.schema !== undefined ? { schema: values.schema } : {}), ...(dim !== undefined ? { embeddingDim: dim } : {}) };
  const where = `${values.schema ?? 'alma'} @ ${redactUrl(url)}`;
  try {
    const result = command === 'status' ? await migrationStatus(options) : await migrateUp(options);
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else {
      const lines = command === 'status' ? statusTable(where, result as MigrationStatus) : upLines(where, result as MigrationResult);
      for (const line of lines) io.out(line);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`alma-pg: ${message.split('\n')[0]}`);
    return 1;
  }
}
