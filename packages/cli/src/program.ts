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
import { jsonErrorLine, reportError } from './errors.js';
import type { CliIo } from './io.js';
import { addGlobalOptions } from './options.js';
import { VERSION } from './version.js';

/**
 * The `alma` command line as a commander program writing to `io`. Settings are made before the commands are added,
 * so every subcommand inherits them (output, exit override). `json`: usage errors as JSON lines, as every other
 * error is with `--json` (decided from the raw arguments, since a usage error stops parsing).
 */
export function buildProgram(io: CliIo, json = false): Command {
  const program = addGlobalOptions(
    new Command('alma')
      .description('ALMA: persistent, scoped memory and a workflow layer for AI agents')
      .version(VERSION, '-V, --version'),
  )
    .exitOverride()
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Usage errors are one line like every other error: "alma: unknown option '--x'".
      outputError: (s, write) => {
        const message = s.replace(/^error: /, '').trimEnd();
        write(json ? jsonErrorLine('USAGE', message, 2) : `alma: ${message}\n`);
      },
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
  const json = argv.includes('--json');
  const program = buildProgram(io, json);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true || argv.includes('--verbose');
    return reportError(io, error, verbose, json);
  }
}
