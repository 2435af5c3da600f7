import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { ALMA, optionsFromConfig } from '@alma/core';
import { ConfigError } from '@alma/types';
import type { LoadedConfig } from '../config.js';
import { readConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { println, warn, type CliIo } from '../io.js';
import { runMigrations } from '../migrations.js';
import { intIn, withGlobals } from '../options.js';
import { serveUntilShutdown } from '../serve.js';

/** The part of @alma/studio this command uses. */
interface StudioModule {
  startStudio(
    alma: ALMA,
    options: Record<string, unknown>,
  ): Promise<{ readonly url: URL; readonly pageBuilt: boolean; close(): Promise<void> }>;
}

/** Loaded by name when `alma studio` runs, like @alma/mcp: the other commands do not pay for the web server. */
const STUDIO_PACKAGE = '@alma/studio';

export async function loadStudio(importer = (s: string): Promise<unknown> => import(s)): Promise<StudioModule> {
  let mod: Partial<StudioModule> | undefined;
  try {
    mod = (await importer(STUDIO_PACKAGE)) as Partial<StudioModule>;
  } catch (error) {
    throw new ConfigError(`alma studio needs the package ${STUDIO_PACKAGE} (${(error as Error).message}): run \`npm install ${STUDIO_PACKAGE}\``, { cause: error });
  }
  if (typeof mod?.startStudio !== 'function') throw new ConfigError(`${STUDIO_PACKAGE} does not export startStudio(); upgrade it`);
  return mod as StudioModule;
}

interface StudioOptions {
  config: string;
  tenant?: string;
  allTenants: boolean;
  allowWrites: boolean;
  host: string;
  port: number;
  token?: string;
}

/** Adapter, target and bytes on disk of a file store (SQLite with its WAL, a persisted memory store). */
export function storeInfo(loaded: LoadedConfig): { adapter: string; target?: string; sizeBytes?: number } {
  const { adapter } = loaded.config.storage;
  const options = loaded.config.storage.options as Record<string, unknown>;
  const file = [options['path'], options['persistPath']].find((v): v is string => typeof v === 'string' && v !== '' && v !== ':memory:');
  if (!file) return { adapter };
  const sizeBytes = [file, `${file}-wal`, `${file}-shm`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
  return { adapter, target: file, sizeBytes };
}

export function registerStudio(program: Command, io: CliIo): void {
  const cmd = program
    .command('studio')
    .description('a local web page over the store: memories, retrieval playground, runs and checkpoint graphs, learning timeline, health')
    .option('--tenant <id>', 'the one tenant the page shows (default: the single-tenant data)')
    .option('--all-tenants', 'admin: show every tenant, with a tenant filter', false)
    .option('--allow-writes', 'enable deleting and forgetting memories (each asks for confirmation)', false)
    .option('--host <host>', 'interface to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', intIn(0, 65_535), 8780)
    .option('--token <token>', 'bearer token (or env ALMA_STUDIO_TOKEN); the printed URL carries it');
  cmd.action(async (_opts: unknown, command: Command) => {
    const opts = withGlobals<StudioOptions>(command);
    if (opts.tenant !== undefined && opts.allTenants) throw new UsageError('--tenant and --all-tenants exclude each other.');
    const loaded = readConfig(io, opts.config);
    if (loaded.config.require_tenant && opts.tenant === undefined && !opts.allTenants) {
      throw new UsageError(`${loaded.path} sets require_tenant: true; pass --tenant <id> (or --all-tenants as an admin).`);
    }
    const { startStudio } = await loadStudio();
    const alma = new ALMA(await optionsFromConfig(loaded.config));
    const token = opts.token ?? io.env['ALMA_STUDIO_TOKEN'];
    let running: Awaited<ReturnType<StudioModule['startStudio']>>;
    try {
      running = await startStudio(alma, {
        ...(opts.tenant !== undefined ? { tenantId: opts.tenant } : {}),
        allTenants: opts.allTenants, allowWrites: opts.allowWrites, host: opts.host, port: opts.port,
        ...(token ? { token } : {}),
        migrationStatus: () => runMigrations(loaded, 'status'),
        storeInfo: async () => storeInfo(loaded),
        onError: (error: unknown, where: string) =>
          warn(io, `unexpected error in ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      });
    } catch (error) {
      await alma.close();
      throw error;
    }
    if (!running.pageBuilt) warn(io, 'the page of @alma/studio is not built: run `npm run build -w @alma/studio` (the API still answers)');
    println(io, `alma studio: ${running.url.href}`);
    const close = () => running.close().finally(() => alma.close());
    await (io.serve ?? ((r) => serveUntilShutdown(r, io.stdin)))({ mode: 'http', url: running.url, close });
  });
}
