import { runMigrateCommand, type CliIo, type MigrateCommand } from '@alma/storage-sql';
import { migrateUp, migrationStatus } from './migrate.js';
import { connectionUrl, redactUrl } from './options.js';

export type { CliIo } from '@alma/storage-sql';

const COMMAND: MigrateCommand = {
  name: 'alma-pg',
  description: 'Schema migrations of an ALMA PostgreSQL schema: alma-pg migrate <status|up> [--url <url>] [--schema <name>] [--dim <n>] [--json]',
  options: [
    { flags: '--url <url>', description: 'postgres://user:pass@host:5432/db (default: $ALMA_PG_URL, else postgres://postgres@127.0.0.1:5432/test)' },
    { flags: '--schema <name>', description: 'the PostgreSQL schema holding ALMA tables (default: alma)' },
    { flags: '--dim <n>', description: 'embedding dimension of the vector columns, used when creating them (default: 384)' },
  ],
  target: (values) => {
    const schema = values['schema'] as string | undefined;
    const dimText = values['dim'] as string | undefined;
    const dim = dimText === undefined ? undefined : Number(dimText);
    if (dim !== undefined && !Number.isInteger(dim)) return `--dim must be an integer, got '${dimText}'.`;
    const url = connectionUrl({ url: values['url'] as string | undefined });
    const options = { url, ...(schema !== undefined ? { schema } : {}), ...(dim !== undefined ? { embeddingDim: dim } : {}) };
    const where = `${schema ?? 'alma'} @ ${redactUrl(url)}`;
    return { heading: `Schema: ${where}`, where, status: () => migrationStatus(options), up: () => migrateUp(options) };
  },
};

/** The `alma-pg` command. Returns the exit code: 0 ok, 1 failure, 2 usage error. Never throws. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runMigrateCommand(COMMAND, argv, io);
}
