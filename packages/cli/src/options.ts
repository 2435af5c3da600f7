import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_CONFIG } from './config.js';

/** `-c, --config <path>` on every command that reads the config. */
export const addConfigOption = (cmd: Command): Command =>
  cmd.addOption(new Option('-c, --config <path>', 'ALMA config file').default(DEFAULT_CONFIG));

export const addJsonOption = (cmd: Command): Command => cmd.option('--json', 'print JSON (for scripts)', false);

/** An integer option value in [min, max]. */
export const intIn =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };

/** Options every command gets, plus the program's global `--verbose`. */
export interface CommonOptions {
  config: string;
  json?: boolean;
}
