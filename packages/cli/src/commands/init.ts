import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '@alma/types';
import { resolvePath } from '../config.js';
import { configTemplate, projectIdFor } from '../config-template.js';
import { println, type CliIo } from '../io.js';
import { type CommonOptions, withGlobals } from '../options.js';

export function registerInit(program: Command, io: CliIo): void {
  const cmd = program
    .command('init')
    .description('write a commented .alma/config.yaml for a SQLite store')
    .option('-f, --force', 'overwrite an existing config file', false);
  cmd.action((_opts: unknown, command: Command) => {
    const opts = withGlobals<CommonOptions & { force: boolean }>(command);
    const path = resolvePath(io, opts.config);
    if (existsSync(path) && !opts.force) throw new ConfigError(`${path} already exists; pass --force to overwrite it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, configTemplate(projectIdFor(io.cwd)));
    const shown = relative(io.cwd, path) || path;
    println(io, `Wrote ${shown} (SQLite store at .alma/alma.db, example agent 'helper').`);
    println(io, `Next: alma migrate up${opts.config === '.alma/config.yaml' ? '' : ` --config ${opts.config}`}`);
  });
}
