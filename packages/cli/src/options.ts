import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_CONFIG } from './config.js';

/**
 * The options every command shares, defined once on the program: commander reads a program option wherever it
 * stands, so `alma -c x.yaml stats --json` and `alma stats --json -c x.yaml` are the same call.
 */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(new Option('-c, --config <path>', 'ALMA config file').default(DEFAULT_CONFIG))
    .option('--json', 'print JSON (for scripts); errors too, as JSON on stderr', false)
    .option('--verbose', 'print stack traces with errors', false);
}

/** A command's own options merged with the program's global ones. */
export const withGlobals = <T extends object>(command: Command): T & GlobalOptions => command.optsWithGlobals<T & GlobalOptions>();

/** An integer option value in [min, max]. */
export const intIn =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };

/** The program's global options. */
export interface GlobalOptions {
  config: string;
  json?: boolean;
  verbose?: boolean;
}

/** Options every command gets (the global ones). */
export type CommonOptions = GlobalOptions;
