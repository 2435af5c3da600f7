import { Command } from 'commander';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerMcp } from './commands/mcp.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRetrieve } from './commands/retrieve.js';
import { registerRuns } from './commands/runs.js';
import { registerStats } from './commands/stats.js';
import { registerStudio } from './commands/studio.js';
import { reportError } from './errors.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/**
 * The `alma` command line as a commander program writing to `io`. Settings are made before the commands are added,
 * so every subcommand inherits them (output, exit override).
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('alma')
    .description('ALMA: persistent, scoped memory and a workflow layer for AI agents')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'print stack traces with errors', false)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Usage errors are one line like every other error: "alma: unknown option '--x'".
      outputError: (s, write) => write(`alma: ${s.replace(/^error: /, '')}`),
    });
  registerInit(program, io);
  registerMigrate(program, io);
  registerStats(program, io);
  registerRuns(program, io);
  registerRetrieve(program, io);
  registerMcp(program, io);
  registerStudio(program, io);
  registerExport(program, io);
  registerImport(program, io);
  return program;
}

/** Runs `alma <argv>` and resolves with the exit code: 0 ok, 1 error, 2 usage error. */
export async function runAlma(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true || argv.includes('--verbose');
    return reportError(io, error, verbose);
  }
}
