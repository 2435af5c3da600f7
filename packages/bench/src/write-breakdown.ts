import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { ALMA } from '@alma/core';
import { canonicalJson, sha256Hex } from '@alma/checkpoint';
import { SqliteStorage } from '@alma/storage-sqlite';
import { newId, type NewCheckpoint } from '@alma/types';
import { langGraphWrites } from './langgraph.js';
import { TENANT } from './memories.js';
import { makeState } from './payloads.js';
import { checkpointWrites, WORKFLOW_ID, writeSlot } from './scenarios/checkpoint.js';
import { KB } from './scenarios/types.js';
import { measure, summarize } from './stats.js';

/** The run catalog's filtered listing indexes: each write moves the run's entry in every one (its `last_at`). */
export const FILTERED_CATALOG_INDEXES = ['idx_runs_workflow', 'idx_runs_status', 'idx_runs_agent'] as const;
export const CREATED_INDEX = 'idx_checkpoints_created';

export interface BreakdownRow {
  readonly label: string;
  readonly p50: number;
  readonly note: string;
}

const noTick = (): void => undefined;

/** A migrated SqliteStorage file with `dropped` indexes removed (a store reopened on it does not recreate them). */
async function storeWithout(path: string, dropped: readonly string[]): Promise<SqliteStorage> {
  await new SqliteStorage({ path, embeddingDim: 8 }).close();
  const db = new Database(path);
  for (const index of dropped) db.exec(`DROP INDEX ${index}`); // names are this file's constants, not input
  db.close();
  return new SqliteStorage({ path, embeddingDim: 8 });
}

/** Index names a SQLite file holds (the test checks each variant really ran on the schema it names). */
export function indexNames(path: string): string[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`).all() as { name: string }[];
  db.close();
  return rows.map((r) => r.name);
}

async function almaWrites(path: string, dropped: readonly string[], ops: number, warmup: number): Promise<number> {
  const storage = await storeWithout(path, dropped);
  try {
    const alma = new ALMA({ storage, projectId: 'bench' });
    return summarize(await checkpointWrites({ alma, ops, warmup, tick: noTick }, KB, 'w')).p50;
  } finally {
    await storage.close();
  }
}

/** `saveCheckpoint` alone, of inputs shaped as the CheckpointManager sends them (serialised, hashed, chained). */
async function storeOnlyWrites(path: string, ops: number, warmup: number): Promise<number> {
  const storage = new SqliteStorage({ path, embeddingDim: 8 });
  try {
    const inputs: NewCheckpoint[] = [];
    let tip: string | null = null;
    for (let j = 0; j < ops + warmup; j++) {
      const { runId, nodeId } = writeSlot('s', j);
      if (nodeId === 'node-0') tip = null;
      const state = canonicalJson(makeState(KB, j));
      const id = newId('ckpt');
      inputs.push({
        id,
        tenantId: TENANT,
        workflowId: WORKFLOW_ID,
        runId,
        nodeId,
        state,
        stateHash: sha256Hex(state),
        stateSizeBytes: Buffer.byteLength(state),
        metadata: {},
        expectedLatestId: tip,
        ...(tip === null ? {} : { parentCheckpointId: tip }),
      });
      tip = id;
    }
    const samples = await measure(ops, warmup, (i) => storage.saveCheckpoint(inputs[i + warmup] as NewCheckpoint), noTick);
    return summarize(samples).p50;
  } finally {
    await storage.close();
  }
}

/** Canonical JSON + SHA-256 of a state (the change detection every write pays before touching the store). */
async function serialiseAndHash(bytes: number, ops: number, warmup: number): Promise<number> {
  const states = Array.from({ length: 20 }, (_, i) => makeState(bytes, i));
  const samples = await measure(ops, warmup, async (i) => void sha256Hex(canonicalJson(states[(i + warmup) % 20])), noTick);
  return summarize(samples).p50;
}

async function sqliteSaverWrites(path: string, ops: number, warmup: number): Promise<number> {
  const saver = SqliteSaver.fromConnString(path);
  try {
    return summarize(await langGraphWrites(saver, { ops, warmup, tick: noTick }, KB, 'lg')).p50;
  } finally {
    saver.db.close();
  }
}

/**
 * Where a 1 KB SQLite checkpoint write's time goes: the write as shipped, the same write on schemas without the
 * indexes it maintains beyond SqliteSaver's, the store call alone, the change detection alone, and SqliteSaver on the
 * same engine. Every store is a file in `dir` (WAL).
 */
export async function writeBreakdown(dir: string, ops: number): Promise<BreakdownRow[]> {
  const warmup = Math.max(5, Math.ceil(ops / 10));
  const full = join(dir, 'shipped.db');
  const noFiltered = join(dir, 'no-filtered-catalog-indexes.db');
  const noCreated = join(dir, 'no-created-index.db');
  await almaWrites(join(dir, 'warm-up.db'), [], ops, warmup); // the first pass also warms the JIT: not a row
  const shipped = await almaWrites(full, [], ops, warmup);
  const withoutFiltered = await almaWrites(noFiltered, FILTERED_CATALOG_INDEXES, ops, warmup);
  const withoutBoth = await almaWrites(noCreated, [...FILTERED_CATALOG_INDEXES, CREATED_INDEX], ops, warmup);
  const storeOnly = await storeOnlyWrites(join(dir, 'store-only.db'), ops, warmup);
  const hash1k = await serialiseAndHash(KB, ops, warmup);
  const hash100k = await serialiseAndHash(100 * KB, Math.max(5, Math.ceil(ops / 10)), warmup);
  const saver = await sqliteSaverWrites(join(dir, 'langgraph.db'), ops, warmup);
  return [
    { label: '`ALMA.checkpoint`, schema as shipped', p50: shipped, note: 'what `npm run bench` measures' },
    {
      label: `… without ${FILTERED_CATALOG_INDEXES.map((n) => `\`${n}\``).join(', ')}`,
      p50: withoutFiltered,
      note: `saves ${fmt(shipped - withoutFiltered)} ms; filtered \`listRuns\` would then sort every matching run`,
    },
    {
      label: `… and without \`${CREATED_INDEX}\``,
      p50: withoutBoth,
      note: `saves ${fmt(withoutFiltered - withoutBoth)} ms more; \`deleteCheckpointsOlderThan\` would scan every checkpoint`,
    },
    {
      label: '`SqliteStorage.saveCheckpoint` alone (shipped schema)',
      p50: storeOnly,
      note: `the store's transaction; the ${fmt(shipped - storeOnly)} ms above it are the CheckpointManager and the facade`,
    },
    { label: 'canonical JSON + SHA-256 of the 1 KB state', p50: hash1k, note: 'change detection, paid before the store' },
    { label: 'canonical JSON + SHA-256 of a 100 KB state', p50: hash100k, note: 'the same at 100 KB' },
    { label: 'SqliteSaver `put` of the same states', p50: saver, note: 'one row in one table, no catalog, no stale check' },
  ];
}

const fmt = (ms: number): string => ms.toFixed(3);

export function breakdownMarkdown(rows: readonly BreakdownRow[], header: string): string {
  const lines = [
    '# Where a SQLite checkpoint write goes',
    '',
    header,
    '',
    '| step | p50 ms | what it shows |',
    '|---|---:|---|',
    ...rows.map((r) => `| ${r.label} | ${fmt(r.p50)} | ${r.note} |`),
    '',
  ];
  return lines.join('\n');
}
