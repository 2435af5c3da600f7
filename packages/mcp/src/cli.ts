import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ALMA, loadConfigFile, optionsFromConfig } from '@alma/core';
import { isAlmaError } from '@alma/types';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { startHttpServer } from './http.js';
import { SERVER_VERSION, TOOL_GROUPS, type ToolGroup } from './options.js';
import { startStdioServer } from './stdio.js';

export interface CliOptions {
  config: string;
  tenant?: string;
  http: boolean;
  host: string;
  port: number;
  token?: string;
  tokensFile?: string;
  allowAdmin: boolean;
  tools?: ToolGroup[];
}

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

export interface RunningCli {
  readonly mode: 'stdio' | 'http';
  /** The MCP endpoint in HTTP mode. */
  readonly url?: URL;
  /** Stops serving and closes the store. */
  close(): Promise<void>;
}

/** Startup failed (bad arguments or configuration): the exit code; 2 for anything the user must fix. */
export type CliResult = { readonly exitCode: number } | { readonly running: RunningCli };

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be 0..65535.');
  return port;
};

const parseGroups = (value: string): ToolGroup[] => {
  const groups = value.split(',').map((g) => g.trim()).filter(Boolean);
  const unknown = groups.filter((g) => !(TOOL_GROUPS as readonly string[]).includes(g));
  if (groups.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`use a comma-separated list of ${TOOL_GROUPS.join(', ')}.`);
  return groups as ToolGroup[];
};

/** Parses the command line; throws CommanderError for usage errors and --help / --version. */
export function parseCli(args: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>): CliOptions {
  const program = new Command('alma-mcp')
    .description('MCP server for ALMA: persistent, scoped memory and a workflow layer for AI agents.')
    .version(SERVER_VERSION)
    .option('-c, --config <path>', 'ALMA config file', '.alma/config.yaml')
    .option('--tenant <id>', 'tenant every call is bound to (tools cannot change it)')
    .option('--http', 'serve Streamable HTTP instead of stdio', false)
    .option('--host <host>', 'HTTP interface to bind', '127.0.0.1')
    .option('--port <port>', 'HTTP port (0 = any free port)', parsePort, 8765)
    .option('--token <token>', 'HTTP bearer token (or env ALMA_MCP_TOKEN); requests without it get 401')
    .option('--tokens-file <path>', 'HTTP: JSON file mapping bearer tokens to tenants, {"<token>": "<tenant>"}')
    .option('--allow-admin', "allow retrieve scope 'global' (reads every tenant)", false)
    .option('--tools <groups>', `tool groups to offer (default all): ${TOOL_GROUPS.join(',')}`, parseGroups)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  program.parse([...args], { from: 'user' });
  return program.opts<CliOptions>();
}

/** The token -> tenant map for HTTP mode from --token / ALMA_MCP_TOKEN and --tokens-file. */
function readTokens(opts: CliOptions, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const tokens: Record<string, string | undefined> = {};
  const single = opts.token ?? env['ALMA_MCP_TOKEN'];
  if (single) tokens[single] = opts.tenant;
  if (opts.tokensFile) {
    const parsed: unknown = JSON.parse(readFileSync(opts.tokensFile, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${opts.tokensFile} must be a JSON object {"<token>": "<tenant>"}.`);
    }
    for (const [token, tenant] of Object.entries(parsed)) {
      if (tenant !== null && typeof tenant !== 'string') throw new Error(`${opts.tokensFile}: the tenant of a token must be a string.`);
      tokens[token] = tenant ?? opts.tenant;
    }
  }
  return tokens;
}

/**
 * `alma-mcp [--config .alma/config.yaml] [--tenant T] [--http --host H --port P --token X] [--allow-admin]`.
 * Problems the user must fix are one line on stderr and exit code 2. Nothing but protocol goes to stdout in stdio mode.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<CliResult> {
  const fail = (message: string): CliResult => {
    io.stderr.write(`alma-mcp: ${message}\n`);
    return { exitCode: 2 };
  };
  let opts: CliOptions;
  try {
    opts = parseCli(args, io);
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 2 };
    throw error;
  }
  if (!opts.http && (opts.token !== undefined || opts.tokensFile !== undefined)) {
    io.stderr.write('alma-mcp: --token / --tokens-file apply to --http only; ignored in stdio mode\n');
  }
  const configPath = resolve(opts.config);
  if (!existsSync(configPath)) return fail(`config file not found: ${configPath} (pass --config <path>)`);

  let alma: ALMA;
  let tokens: Record<string, string | undefined> = {};
  try {
    const config = loadConfigFile(configPath, io.env);
    if (opts.http) tokens = readTokens(opts, io.env);
    const everyTokenHasTenant = Object.keys(tokens).length > 0 && Object.values(tokens).every((t) => t !== undefined);
    if (config.require_tenant && opts.tenant === undefined && !everyTokenHasTenant) {
      return fail(`${configPath} sets require_tenant: true; pass --tenant <id>.`);
    }
    alma = new ALMA(await optionsFromConfig(config));
  } catch (error) {
    return fail(isAlmaError(error) || error instanceof Error ? error.message.replace(/^alma-mcp: /, '') : String(error));
  }

  const serverOptions = {
    ...(opts.tenant !== undefined ? { tenantId: opts.tenant } : {}),
    allowAdmin: opts.allowAdmin,
    ...(opts.tools ? { tools: opts.tools } : {}),
    onError: (error: unknown, where: string) =>
      void io.stderr.write(`alma-mcp: unexpected error in ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  };
  try {
    if (opts.http) {
      const http = await startHttpServer(alma, { ...serverOptions, host: opts.host, port: opts.port, tokens });
      io.stderr.write(`alma-mcp: listening on ${http.url.href}${Object.keys(tokens).length ? ' (bearer token required)' : ''}\n`);
      return { running: { mode: 'http', url: http.url, close: () => http.close().finally(() => alma.close()) } };
    }
    const stdio = await startStdioServer(alma, serverOptions, { stdin: io.stdin, stdout: io.stdout });
    return { running: { mode: 'stdio', close: () => stdio.close().finally(() => alma.close()) } };
  } catch (error) {
    await alma.close();
    return fail(error instanceof Error ? error.message.replace(/^alma-mcp: /, '') : String(error));
  }
}
