// Median latency of 1,000 sequential put / getTuple calls: AlmaCheckpointSaver on ALMA's SQLite store next to
// LangGraph's SqliteSaver on the same engine (and, with `--pg`, on PostgreSQL next to PostgresSaver).
// Run: npm run bench -w @alma/langgraph [-- --pg]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyCheckpoint, uuid6, type BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { RunnableConfig } from '@langchain/core/runnables';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import postgres from 'postgres';
import { PostgresStorage } from '@alma/storage-pg';
import { SqliteStorage } from '@alma/storage-sqlite';
import { AlmaCheckpointSaver } from '../saver.js';

const N = 1000;
const WARMUP = 200;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

function checkpointAt(i: number) {
  const checkpoint = emptyCheckpoint();
  checkpoint.id = uuid6(i);
  checkpoint.channel_values = { messages: [`message ${i}`, 'a reply'], counter: i };
  checkpoint.channel_versions = { messages: i + 1, counter: i + 1 };
  checkpoint.versions_seen = { agent: { messages: i } };
  return checkpoint;
}

export interface BenchResult {
  readonly put: number;
  readonly getTuple: number;
  readonly getTupleLatest: number;
}

/** Puts N checkpoints on one thread (each the child of the previous), then reads each back, then the latest. */
export async function benchSaver(saver: BaseCheckpointSaver, threadId: string): Promise<BenchResult> {
  const timed = async (fn: () => Promise<unknown>, into: number[]) => {
    const start = process.hrtime.bigint();
    await fn();
    into.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  let config: RunnableConfig = { configurable: { thread_id: `${threadId}-warmup`, checkpoint_ns: '' } };
  for (let i = 0; i < WARMUP; i++)
    config = await saver.put(config, checkpointAt(i), { source: 'loop', step: i, parents: {} }, { counter: i + 1 });
  for (let i = 0; i < WARMUP; i++) await saver.getTuple(config);
  const puts: number[] = [];
  const gets: number[] = [];
  const latest: number[] = [];
  const configs: RunnableConfig[] = [];
  config = { configurable: { thread_id: threadId, checkpoint_ns: '' } };
  for (let i = 0; i < N; i++) {
    const parent = config;
    await timed(async () => {
      config = await saver.put(parent, checkpointAt(i), { source: 'loop', step: i, parents: {} }, { counter: i + 1 });
    }, puts);
    configs.push(config);
  }
  for (const c of configs) await timed(() => saver.getTuple(c), gets);
  const head = { configurable: { thread_id: threadId, checkpoint_ns: '' } };
  for (let i = 0; i < N; i++) await timed(() => saver.getTuple(head), latest);
  return { put: median(puts), getTuple: median(gets), getTupleLatest: median(latest) };
}

const fmt = (r: BenchResult) =>
  `put ${r.put.toFixed(3)} ms | getTuple ${r.getTuple.toFixed(3)} ms | getTuple latest ${r.getTupleLatest.toFixed(
    3
  )} ms`;

/** Both savers on PostgreSQL (ALMA_PG_URL or the local default), each in a schema of its own, dropped after. */
async function benchPostgres(): Promise<Array<[string, BenchResult]>> {
  const url = process.env['ALMA_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `alma_lg_bench_${process.pid}`;
  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  const rows: Array<[string, BenchResult]> = [];
  try {
    const storage = await PostgresStorage.open({ url, schema, embeddingDim: 8, poolSize: 2 });
    rows.push(['AlmaCheckpointSaver, PostgreSQL', await benchSaver(new AlmaCheckpointSaver({ storage }), 't')]);
    await storage.close();
    const langgraph = PostgresSaver.fromConnString(url, { schema: `${schema}_lg` });
    await langgraph.setup();
    rows.push(['PostgresSaver', await benchSaver(langgraph, 't')]);
    await langgraph.end();
  } finally {
    await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
    await sql`DROP SCHEMA IF EXISTS ${sql(`${schema}_lg`)} CASCADE`;
    await sql.end();
  }
  return rows;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-langgraph-bench-'));
  try {
    const rows: Array<[string, BenchResult]> = [];
    const almaMemory = new SqliteStorage({ path: ':memory:' });
    rows.push([
      'AlmaCheckpointSaver, SQLite :memory:',
      await benchSaver(new AlmaCheckpointSaver({ storage: almaMemory }), 't'),
    ]);
    await almaMemory.close();
    rows.push(['SqliteSaver, :memory:', await benchSaver(SqliteSaver.fromConnString(':memory:'), 't')]);
    const almaFile = new SqliteStorage({ path: path.join(dir, 'alma.db') });
    rows.push([
      'AlmaCheckpointSaver, SQLite file (WAL)',
      await benchSaver(new AlmaCheckpointSaver({ storage: almaFile }), 't'),
    ]);
    await almaFile.close();
    rows.push(['SqliteSaver, file (WAL)', await benchSaver(SqliteSaver.fromConnString(path.join(dir, 'lg.db')), 't')]);
    if (process.argv.includes('--pg')) rows.push(...(await benchPostgres()));
    for (const [name, result] of rows) console.log(`${name.padEnd(40)} ${fmt(result)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
