import { join } from 'node:path';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ALMA, type AlmaOptions } from '@alma/core';
import { HashingEmbedder } from '@alma/retrieval';
import { SqliteStorage } from '@alma/storage-sqlite';
import { AGENT, PROJECT_ID, queryAt, seedMemories, TENANT } from './memories.js';
import { measure, summarize } from './stats.js';

/** The three ways ALMA runs: telemetry off, the API with no SDK (OpenTelemetry "disabled"), an SDK recording spans. */
export const TELEMETRY_MODES = ['off', 'api-no-sdk', 'recording'] as const;
export type TelemetryMode = (typeof TELEMETRY_MODES)[number];

export interface OverheadRow {
  readonly operation: string;
  /** p50 in ms per mode. */
  readonly p50: Readonly<Record<TelemetryMode, number>>;
}

interface Subject {
  readonly mode: TelemetryMode;
  readonly alma: ALMA;
  readonly storage: SqliteStorage;
  readonly exporter?: InMemorySpanExporter;
}

async function open(dir: string, mode: TelemetryMode, memories: number): Promise<Subject> {
  const storage = new SqliteStorage({ path: join(dir, `${mode}.db`), embeddingDim: 384 });
  await seedMemories(storage, new HashingEmbedder({ dimension: 384 }), { from: 0, to: memories, now: new Date() });
  const exporter = mode === 'recording' ? new InMemorySpanExporter() : undefined;
  const telemetry: AlmaOptions['telemetry'] =
    mode === 'off' ? false : exporter ? { tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }) } : {};
  // Retrieval cache off, so every retrieve does the full work; no write guard, so every learn writes.
  const alma = new ALMA({ storage, projectId: PROJECT_ID, telemetry, retrieval: { cacheTtlSeconds: 0 }, learning: { antiPatternWriteGuard: false } });
  return { mode, alma, storage, ...(exporter ? { exporter } : {}) };
}

const ctx = (i: number) => ({ tenantId: TENANT, workflowId: 'wf-telemetry', runId: `run-${Math.floor(i / 50)}` });

const OPERATIONS: ReadonlyArray<[string, (s: Subject, i: number) => Promise<unknown>]> = [
  [`retrieve (cache off)`, (s, i) => s.alma.retrieve({ task: queryAt(i), agent: AGENT, context: { tenantId: TENANT } })],
  ['checkpoint (1 KB state)', (s, i) => s.alma.checkpoint(ctx(i), `node-${i % 7}`, { step: i, notes: 'x'.repeat(1000) })],
  ['learn', (s, i) => s.alma.learn({ agent: AGENT, task: queryAt(i), outcome: i % 3 ? 'success' : 'failure', strategyUsed: `strategy ${i % 11}`, context: { tenantId: TENANT } })],
];

/**
 * p50 of each operation in each mode, measured in `rounds` alternating slices of `ops` calls per mode, on three
 * identical SQLite files seeded with `memories` memories, in one process: the ratio recording / off and
 * api-no-sdk / off is what ALMA's instrumentation costs.
 */
export async function telemetryOverhead(dir: string, ops: number, memories = 1000, rounds = 5): Promise<OverheadRow[]> {
  const subjects: Subject[] = [];
  try {
    for (const mode of TELEMETRY_MODES) subjects.push(await open(dir, mode, memories));
    const rows: OverheadRow[] = [];
    const per = Math.max(1, Math.ceil(ops / rounds));
    for (const [operation, op] of OPERATIONS) {
      const samples = new Map<TelemetryMode, number[]>(TELEMETRY_MODES.map((m) => [m, []]));
      for (let round = 0; round < rounds; round++) {
        for (const s of subjects) {
          const offset = round * per;
          samples.get(s.mode)?.push(...(await measure(per, round === 0 ? Math.min(20, per) : 0, (i) => op(s, offset + Math.max(0, i)))));
          s.exporter?.reset();
        }
      }
      const p50 = Object.fromEntries(TELEMETRY_MODES.map((m) => [m, summarize(samples.get(m) ?? []).p50])) as Record<TelemetryMode, number>;
      rows.push({ operation, p50 });
    }
    return rows;
  } finally {
    for (const s of subjects) await s.alma.close();
  }
}

/** The rows as a markdown table with the ratios to "off". */
export function overheadMarkdown(rows: readonly OverheadRow[], header: string): string {
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(3)}×` : 'n/a');
  return [
    '# Telemetry overhead (SQLite)',
    '',
    header,
    '',
    '| operation | off: p50 ms | API, no SDK: p50 ms | ratio | SDK recording: p50 ms | ratio |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.operation} | ${r.p50.off.toFixed(3)} | ${r.p50['api-no-sdk'].toFixed(3)} | ${ratio(r.p50['api-no-sdk'], r.p50.off)} | ${r.p50.recording.toFixed(3)} | ${ratio(r.p50.recording, r.p50.off)} |`),
    '',
  ].join('\n');
}
