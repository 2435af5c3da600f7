import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportToJsonl, type ExportSummary } from '@alma/core';
import { readConfig, resolvePath, withStorage } from '../config.js';
import { printJson, type CliIo } from '../io.js';
import { type CommonOptions, withGlobals } from '../options.js';
import { progressBar } from '../progress.js';
import { describeCounts } from './summary.js';

interface ExportOptions extends CommonOptions {
  out: string;
}

export function registerExport(program: Command, io: CliIo): void {
  const cmd = program
    .command('export')
    .description('write every record of the store as JSON Lines (to move it to another store with alma import)')
    .option('-o, --out <file>', "output file, or '-' for stdout", '-');
  cmd.action(async (_opts: unknown, command: Command) => {
    const opts = withGlobals<ExportOptions>(command);
    const loaded = readConfig(io, opts.config);
    const toStdout = opts.out === '-';
    const target = toStdout ? undefined : resolvePath(io, opts.out);
    const progress = progressBar(io, 'exporting', 'records');
    const onProgress = (p: { records: number }): void => progress.update({ done: p.records });
    let summary: ExportSummary;
    try {
      summary = await withStorage(loaded, async (store): Promise<ExportSummary> => {
        if (!target) return exportToJsonl(store, io.stdout, { onProgress });
        // Written beside the target and renamed at the end: a failed export never leaves a truncated file behind.
        const temp = `${target}.${process.pid}.partial`;
        // Opened synchronously so a bad path fails here; later write errors reach `drain` / `finished` below.
        let fd: number;
        try {
          fd = openSync(temp, 'w');
        } catch (error) {
          throw new Error(`cannot write ${target}: ${(error as Error).message.replace(temp, target)}`, { cause: error });
        }
        const file = createWriteStream(temp, { fd }).on('error', () => undefined);
        try {
          const result = await exportToJsonl(store, file, { onProgress });
          file.end();
          await finished(file);
          renameSync(temp, target);
          return result;
        } catch (error) {
          file.destroy();
          rmSync(temp, { force: true });
          throw error;
        }
      });
    } finally {
      progress.finish();
    }
    const report = { records: summary.records, counts: summary.counts, out: target ?? '-' };
    // stdout carries the data when it is the target: the summary then goes to stderr.
    const channel = toStdout ? { stdout: io.stderr } : io;
    if (opts.json) printJson(channel, report);
    else channel.stdout.write(`Exported ${describeCounts(summary.records, summary.counts)}${target ? ` to ${opts.out}` : ''}.\n`);
  });
}
