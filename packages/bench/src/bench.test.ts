import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { StorageBackend } from '@alma/types';
import { runAndWrite } from './run.js';
import { runBench } from './harness.js';
import { renderConsoleTable, TABLE_HEADER } from './report.js';
import { renderSvg } from './svg.js';
import { STORE_OPENERS, type OpenedStore } from './stores.js';
import { fakeStream, isBalancedXml } from './test-support/fake-stream.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-bench-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The memory store with a seeding limit and a checkpoint write that always fails (failure paths). */
async function brokenMemory(): Promise<OpenedStore> {
  const store = await STORE_OPENERS.memory();
  const storage = new Proxy(store.storage, {
    get(target, key, receiver) {
      if (key === 'saveCheckpoint') return () => Promise.reject(new Error('disk full'));
      return Reflect.get(target, key, receiver) as unknown;
    },
  }) as StorageBackend;
  return {
    ...store,
    storage,
    maxMemories: 20,
    seedLimitReason: 'seeding limited to 20 memories here',
    retrievalOpsCap: 1,
    retrievalCapReason: 'one call only here',
    openLangGraph: () => Promise.reject(new Error('no saver')),
  };
}

describe('the bench harness (quick mode, tiny N)', () => {
  it('measures SQLite and the memory store, prints the table, writes markdown and SVG', async () => {
    const printed: string[] = [];
    const out = path.join(dir, 'docs', 'benchmarks.md');
    const svg = path.join(dir, 'docs', 'benchmarks.svg');
    const progress = fakeStream(false);
    const result = await runAndWrite({
      ops: 4,
      warmup: 1,
      stores: ['sqlite', 'memory', 'postgres'],
      sizes: [40, 20],
      openers: { postgres: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) },
      progress,
      out,
      svg,
      command: 'npm run bench -- --quick',
      print: (text) => printed.push(text),
    });

    const ran = result.rows.filter((r) => r.store !== 'postgres');
    expect(ran).toHaveLength(2 * 7);
    for (const row of ran) {
      expect(row.status).toBe('ok');
      expect(row.stats?.n).toBe(4);
      expect(row.stats?.p50).toBeGreaterThan(0);
    }
    const sqliteWrite = result.rows.find((r) => r.store === 'sqlite' && r.spec.id === 'write-1k');
    expect(sqliteWrite?.langgraph?.stats?.n).toBe(4);
    expect(sqliteWrite?.langgraph?.label).toContain('SqliteSaver');
    expect(sqliteWrite?.langgraph?.almaSaver?.stats?.n).toBe(4); // the same LangGraph workload through AlmaCheckpointSaver
    const sqliteRead = result.rows.find((r) => r.store === 'sqlite' && r.spec.id === 'read');
    expect(sqliteRead?.langgraph?.almaSaver?.stats?.n).toBe(4);
    expect(result.rows.find((r) => r.store === 'memory' && r.spec.id === 'write-1k')?.langgraph).toBeUndefined();
    expect(result.rows.find((r) => r.store === 'sqlite' && r.spec.id === 'retrieval-40')?.note).toMatch(/^[1-9]\d* memories returned$/);
    const pg = result.rows.filter((r) => r.store === 'postgres');
    expect(pg.every((r) => r.status === 'not run' && r.reason?.includes('ECONNREFUSED'))).toBe(true);
    expect(result.notes.join('\n')).toContain('PostgreSQL: not run — store unavailable: connect ECONNREFUSED');
    expect(progress.text()).toContain('[100%] done');

    const table = printed.join('\n');
    for (const h of TABLE_HEADER) expect(table).toContain(h);
    expect(table).toContain('scoped retrieval, 20 memories');
    expect(table).toContain('not run [1]');
    expect(table).toMatch(/SQLite file \(WAL\), checkpoint write, 1 KB state: ALMA [\d.]+ ms vs SqliteSaver/);

    const md = fs.readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Benchmarks\n/);
    expect(md).toContain('`npm run bench -- --quick`');
    expect(md).toContain('![p50 latency per operation and store, log scale](benchmarks.svg)');
    expect(md).toMatch(/- CPU: .+, \d+ cores; memory [\d.]+ GiB/);
    expect(md).toMatch(/- Node\.js v\d+\.\d+\.\d+, npm \S+/);
    expect(md).toContain('| @langchain/langgraph-checkpoint-sqlite |');
    expect(md).toContain('## ALMA vs LangGraph checkpointers');
    expect(md).toMatch(/SQLite file \(WAL\), checkpoint write, 1 KB state, LangGraph API: AlmaCheckpointSaver [0-9.]+ ms vs SqliteSaver/);
    expect(md).toMatch(/- SQLite file \(WAL\): checkpoints stored as (deltas|full states)/);
    const results = md.slice(md.indexOf('## Results\n\n') + 12);
    const tableLines = results.slice(0, results.indexOf('\n\n')).split('\n').filter((l) => !l.startsWith('|---'));
    expect(tableLines).toHaveLength(1 + result.rows.length);
    for (const line of tableLines) expect(line.split(' | ')).toHaveLength(TABLE_HEADER.length);

    const chart = fs.readFileSync(svg, 'utf8');
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(isBalancedXml(chart)).toBe(true);
    expect(chart.match(/<rect x="300"/g)?.length).toBe(2 * 7 + 3); // one bar per row that ran, + 3 LangGraph bars
    expect(chart).toContain('PostgreSQL: not run');
  }, 120_000);

  it('marks failed scenarios, seeding limits and a LangGraph side that cannot open, and keeps going', async () => {
    const result = await runBench({
      ops: 2,
      warmup: 1,
      stores: ['memory'],
      sizes: [10, 20, 40],
      openers: { memory: brokenMemory },
      progress: fakeStream(true),
    });
    const by = (id: string) => result.rows.find((r) => r.spec.id === id);
    expect(by('write-1k')).toMatchObject({ status: 'failed', reason: 'disk full' });
    expect(by('write-1k')?.langgraph?.reason).toContain('LangGraph checkpointer unavailable: no saver');
    expect(by('read')?.status).toBe('failed');
    expect(by('outcome')?.status).toBe('ok');
    expect(by('retrieval-20')).toMatchObject({ status: 'ok', caveat: 'one call only here', stats: { n: 1 } });
    expect(by('retrieval-40')).toMatchObject({ status: 'not run', reason: 'seeding limited to 20 memories here' });
    expect(result.notes.some((n) => n.includes('checkpoint write, 1 KB state: failed — disk full'))).toBe(true);
    const table = renderConsoleTable(result);
    expect(table).toContain('failed [');
    expect(table).toContain('seeding limited to 20 memories here');
    expect(table).toMatch(/scoped retrieval, 20 memories +in-memory reference store +1 \[\d\]/);
    expect(isBalancedXml(renderSvg(result))).toBe(true);
  }, 60_000);
});
