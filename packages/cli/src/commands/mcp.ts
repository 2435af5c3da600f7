import type { Readable, Writable } from 'node:stream';
import { Writable as WritableStream } from 'node:stream';
import type { Command } from 'commander';
import { ConfigError } from '@alma/types';
import { readConfig } from '../config.js';
import { ExitCodeError } from '../errors.js';
import type { CliIo, RunningServer } from '../io.js';
import { type CommonOptions, withGlobals } from '../options.js';
import { serveUntilShutdown } from '../serve.js';

/** The part of @alma/mcp this command uses: its own command line, `alma-mcp`, started in-process. */
interface McpModule {
  runCli(
    args: readonly string[],
    io: { stdin: Readable; stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv },
  ): Promise<{ readonly exitCode: number } | { readonly running: RunningServer }>;
}

/**
 * @alma/mcp is loaded by name when `alma mcp` runs, the way storage adapters are: app packages do not import each
 * other (module boundaries), and the other commands do not pay for the MCP SDK.
 */
const MCP_PACKAGE = '@alma/mcp';

export async function loadMcp(importer = (s: string): Promise<unknown> => import(s)): Promise<McpModule> {
  let mod: Partial<McpModule> | undefined;
  try {
    mod = (await importer(MCP_PACKAGE)) as Partial<McpModule>;
  } catch (error) {
    throw new ConfigError(`alma mcp needs the package ${MCP_PACKAGE} (${(error as Error).message}): run \`npm install ${MCP_PACKAGE}\``, { cause: error });
  }
  if (typeof mod?.runCli !== 'function') throw new ConfigError(`${MCP_PACKAGE} does not export runCli(); upgrade it`);
  return mod as McpModule;
}

/** stderr of the MCP server with its `alma-mcp: ` (and commander's `error: `) prefix said as `alma: `. */
function renamed(stderr: Writable): Writable {
  return new WritableStream({
    write(chunk: Buffer | string, _encoding, done) {
      stderr.write(chunk.toString().replace(/^(alma-mcp|error): /gm, 'alma: '), () => done());
    },
  });
}

export function registerMcp(program: Command, io: CliIo): void {
  const cmd = program
    .command('mcp')
    .description('start the MCP server on the same config (stdio by default; every alma-mcp option works, see alma mcp --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments();
  cmd.action(async (_opts: unknown, command: Command) => {
    const opts = withGlobals<CommonOptions>(command);
    const loaded = readConfig(io, opts.config); // config problems fail here, as `alma: ...` with exit code 1
    const { runCli } = await loadMcp();
    const result = await runCli(['--config', loaded.path, ...command.args], { ...io, stderr: renamed(io.stderr) });
    if ('exitCode' in result) {
      if (result.exitCode !== 0) throw new ExitCodeError(result.exitCode);
      return;
    }
    await (io.serve ?? ((running) => serveUntilShutdown(running, io.stdin)))(result.running);
  });
}
