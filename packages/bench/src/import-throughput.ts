import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { exportToJsonl, importFromJsonl, type ImportResult } from '@alma/core';
import { HashingEmbedder } from '@alma/retrieval';
import { SqliteStorage } from '@alma/storage-sqlite';
import { seedMemories } from './memories.js';

/** One import of the export file into a fresh SQLite file. */
export interface ImportRun {
  readonly label: string;
  readonly batchSize: number;
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Records per second of this process's CPU time (user + system): what a core of its own would do. */
  readonly recordsPerCpuSecond: number;
}

const DIM = 384;

/** Writes `count` memories (384-dim embeddings, the bench's type mix) to a SQLite file and exports it as JSON Lines. */
export async function writeExport(dir: string, count: number): Promise<string> {
  const source = new SqliteStorage({ path: join(dir, 'source.db'), embeddingDim: DIM });
  const file = join(dir, 'export.jsonl');
  try {
    await seedMemories(source, new HashingEmbedder({ dimension: DIM }), { from: 0, to: count, now: new Date('2026-06-01T00:00:00Z') });
    const out = createWriteStream(file);
    await exportToJsonl(source, out);
    out.end();
    await finished(out);
  } finally {
    await source.close();
  }
  return file;
}

/** `alma import` of `file` into a new SQLite file, timed from open to close. */
export async function timeImport(dir: string, file: string, batchSize: number, label: string, run: number): Promise<ImportRun> {
  const path = join(dir, `target-${batchSize}-${run}.db`);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const target = new SqliteStorage({ path, embeddingDim: DIM });
  let result: ImportResult;
  try {
    result = await importFromJsonl(target, createReadStream(file), { batchSize });
  } finally {
    await target.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  rmSync(path, { force: true });
  if (result.errors.length > 0) throw new Error(`import had ${result.errors.length} errors, first: ${result.errors[0]?.message}`);
  return {
    label, batchSize, records: result.imported, seconds, recordsPerSecond: result.imported / seconds,
    recordsPerCpuSecond: result.imported / Math.max(cpuSeconds, 1e-6),
  };
}

/**
 * The import as shipped (memories in batches of `batchSize`, one transaction each) and record by record (the
 * import before batching: one `saveMemory` call and transaction per record), alternated `rounds` times on the same
 * export file and disk, so both see the same machine load. Returns every run.
 */
export async function importThroughput(dir: string, count: number, rounds = 2, batchSize = 500): Promise<ImportRun[]> {
  const file = await writeExport(dir, count);
  const runs: ImportRun[] = [];
  for (let round = 0; round < rounds; round++) {
    runs.push(await timeImport(dir, file, batchSize, `batched (${batchSize} per transaction)`, round));
    runs.push(await timeImport(dir, file, 1, 'record by record (one transaction each)', round));
  }
  return runs;
}

/** Median records/s per label, and the ratio batched / record by record, as a markdown report. */
export function importMarkdown(runs: readonly ImportRun[], header: string): string {
  const labels = [...new Set(runs.map((r) => r.label))];
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  };
  const rows = labels.map((label) => {
    const mine = runs.filter((r) => r.label === label);
    return {
      label, records: mine[0]?.records ?? 0, rate: median(mine.map((r) => r.recordsPerSecond)), seconds: median(mine.map((r) => r.seconds)),
      cpuRate: median(mine.map((r) => r.recordsPerCpuSecond)),
    };
  });
  const [batched, single] = rows;
  const ratio = batched && single && single.rate > 0 ? batched.rate / single.rate : NaN;
  return [
    '# Import throughput (SQLite)',
    '',
    header,
    '',
    '| import | records | median s | median records/s | median records per CPU second |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.records.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${Math.round(r.rate).toLocaleString('en-US')} | ${Math.round(r.cpuRate).toLocaleString('en-US')} |`,
    ),
    '',
    `Batched vs record by record: **${ratio.toFixed(1)}×** the records per second. Records per CPU second count this ` +
      "process's user + system time, so they read what one free core does when the machine is shared (load average " +
      `${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores at the end of this run).`,
    '',
  ].join('\n');
}
