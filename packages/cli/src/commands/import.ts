import { createReadStream, existsSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { importFromJsonl, type ConflictPolicy, type ImportResult } from '@alma/core';
import { readConfig, resolvePath, withStorage } from '../config.js';
import { printJson, println, warn, type CliIo } from '../io.js';
import { type CommonOptions, intIn, withGlobals } from '../options.js';
import { progressBar } from '../progress.js';
import { describeCounts } from './summary.js';

interface ImportOptions extends CommonOptions {
  onConflict: ConflictPolicy;
  maxErrors: number;
}

function report(io: CliIo, result: ImportResult, opts: ImportOptions, verbose: boolean): void {
  if (opts.json) printJson(io, result);
  else {
    const skipped = result.skipped ? `, skipped ${result.skipped} that already existed` : '';
    println(io, `Imported ${describeCounts(result.imported, result.counts)}${skipped}.`);
  }
  for (const w of result.warnings) warn(io, `line ${w.line}: ${w.message}`);
  if (result.errors.length === 0) return;
  if (verbose) for (const e of result.errors) io.stderr.write(`alma: line ${e.line}: ${e.message}\n`);
  const first = result.errors[0];
  const more = verbose || result.errors.length === 1 ? '' : '; --verbose lists them all';
  const stopped = result.stopped ? ` (stopped after ${result.errors.length} errors)` : '';
  throw new Error(`import had ${result.errors.length} error(s)${stopped}, first at line ${first?.line}: ${first?.message}${more}`);
}

export function registerImport(program: Command, io: CliIo): void {
  const cmd = program
    .command('import')
    .description('read an alma export (JSON Lines) into the store the config names')
    .argument('<file>', "export file, or '-' for stdin")
    .addOption(new Option('--on-conflict <policy>', 'a record that already exists: error or skip').choices(['error', 'skip']).default('error'))
    .option('--max-errors <n>', 'stop after this many bad records', intIn(1, 1_000_000), 100);
  cmd.action(async (file: string, _opts: unknown, command: Command) => {
    const opts = withGlobals<ImportOptions>(command);
    const loaded = readConfig(io, opts.config);
    const path = file === '-' ? undefined : resolvePath(io, file);
    if (path && !existsSync(path)) throw new Error(`file not found: ${path}`);
    const total = path ? statSync(path).size : undefined;
    const input = path ? createReadStream(path) : io.stdin;
    const progress = progressBar(io, 'importing', 'bytes');
    let result: ImportResult;
    try {
      result = await withStorage(loaded, (store) =>
        importFromJsonl(store, input, {
          onConflict: opts.onConflict,
          maxErrors: opts.maxErrors,
          onProgress: (p) => progress.update({ done: p.bytes, ...(total !== undefined ? { total } : {}), records: p.records, skipped: p.skipped }),
        }),
      );
    } finally {
      progress.finish();
      if (path) input.destroy();
    }
    report(io, result, opts, command.optsWithGlobals<{ verbose?: boolean }>().verbose === true);
  });
}
