import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { isAlmaError, type MemoryType, type PortableRecord, type RunSummary } from '@alma/types';
import { checkHeader, decodeRecord } from './codec.js';
import { idOf, replayRecord, replayRun } from './replay.js';
import { emptyCounts, requireMethod, type KindCounts, type PortableKind, type PortableStorage } from './types.js';

export type ConflictPolicy = 'error' | 'skip';

export interface ImportProgress {
  /** Lines read so far, the header included. */
  readonly line: number;
  /** Bytes read so far (UTF-8, line ends counted as one byte). */
  readonly bytes: number;
  /** Records imported so far. */
  readonly records: number;
  /** Records left out so far because they already existed (onConflict 'skip'). */
  readonly skipped: number;
}

/** Memories written per `saveMemories` call (one transaction) by default. */
export const DEFAULT_IMPORT_BATCH = 500;

export interface ImportOptions {
  /** A record whose id (or checkpoint seq) already exists: 'error' reports it, 'skip' keeps the stored one. @default 'error' */
  onConflict?: ConflictPolicy;
  /** Called after every line. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stop reading after this many errors. @default 100 */
  maxErrors?: number;
  /**
   * Consecutive memories of one type are written with one `saveMemories` call, one transaction, this many at a time
   * (on stores with `capabilities.transactions`; others get one call per record). A batch that fails is rolled back
   * and replayed record by record, so conflicts and errors are still reported per line. 1 = one call per record.
   * @default DEFAULT_IMPORT_BATCH (500)
   */
  batchSize?: number;
}

type MemoryItem = Extract<PortableRecord, { kind: 'memory' }>;

/** A problem with one line of the input, by 1-based line number. */
export interface ImportIssue {
  readonly line: number;
  readonly message: string;
  readonly kind?: PortableKind;
  readonly id?: string;
}

export interface ImportResult {
  /** Records imported, per kind. */
  readonly counts: KindCounts;
  readonly imported: number;
  /** Records left out because they already existed (onConflict 'skip'). */
  readonly skipped: number;
  readonly errors: ImportIssue[];
  /** Records that imported nothing without being wrong, e.g. a run without checkpoints in the target. */
  readonly warnings: ImportIssue[];
  /** Lines read, the header included. */
  readonly lines: number;
  /** Reading stopped early because `maxErrors` was reached. */
  readonly stopped: boolean;
}

const isConflict = (error: unknown): boolean => isAlmaError(error) && error.code === 'CONFLICT';
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Reads an export written by `exportToJsonl` line by line and replays it into `store` in order: memories, workflow
 * outcomes, artifact links, session handoffs, work items, entities, relationships through their `save*` methods,
 * checkpoints through `restoreCheckpoint` (ids, seqs and times kept), run statuses through `updateRun`. Every line is
 * validated with the @alma/types schemas first; a bad line is an error naming its line number and the import goes
 * on. Throws only when the input is not an export (no header) or the store lacks a method the input needs.
 *
 * What a run summary derives from its checkpoints (counts, sizes, branches, first/last time) is recomputed by the
 * target from the restored checkpoints; a run without any checkpoint in the target keeps no status (a warning).
 */
export async function importFromJsonl(store: PortableStorage, input: Readable, options: ImportOptions = {}): Promise<ImportResult> {
  const onConflict = options.onConflict ?? 'error';
  const maxErrors = options.maxErrors ?? 100;
  const counts = emptyCounts();
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  /** What happened to each run's checkpoints: a run's status is restored only when one of them was. */
  const runCheckpoints = new Map<string, 'restored' | 'skipped' | 'failed'>();
  let line = 0;
  let bytes = 0;
  let imported = 0;
  let skipped = 0;
  let stopped = false;

  const mark = (item: PortableRecord, state: 'restored' | 'skipped' | 'failed'): void => {
    if (item.kind !== 'checkpoint' || runCheckpoints.get(item.record.runId) === 'restored') return;
    runCheckpoints.set(item.record.runId, state);
  };

  const restoreRun = async (run: RunSummary, where: Omit<ImportIssue, 'message'>): Promise<void> => {
    const state = runCheckpoints.get(run.runId);
    if (state === 'skipped') skipped++;
    else if (state === 'failed') errors.push({ ...where, message: `run '${run.runId}' not restored: its checkpoints failed to import` });
    else if (await replayRun(store, run)) {
      counts.run++;
      imported++;
    } else {
      warnings.push({ ...where, message: `run '${run.runId}' has no checkpoints in the target store; its status was not restored` });
    }
  };

  const apply = async (item: PortableRecord, at: number): Promise<void> => {
    // A store without a contract v2 method fails the whole import, not each line.
    if (item.kind === 'checkpoint') requireMethod(store, 'restoreCheckpoint', 'import checkpoints');
    if (item.kind === 'run') requireMethod(store, 'updateRun', 'import run statuses');
    const where = { line: at, kind: item.kind, id: idOf(item) };
    try {
      if (item.kind === 'run') return await restoreRun(item.record, where);
      await replayRecord(store, item);
      counts[item.kind]++;
      imported++;
      mark(item, 'restored');
    } catch (error) {
      if (onConflict === 'skip' && isConflict(error)) {
        skipped++;
        mark(item, 'skipped');
      } else {
        errors.push({ ...where, message: messageOf(error) });
        mark(item, 'failed');
      }
    }
  };

  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_IMPORT_BATCH));
  const batching = batchSize > 1 && store.capabilities.transactions;
  let batch: { type: MemoryType; items: Array<{ item: MemoryItem; line: number }> } | undefined;

  /** Writes the pending memories in one transaction; on failure (rolled back) one by one, reporting each line. */
  const flush = async (): Promise<void> => {
    if (!batch) return;
    const { type, items } = batch;
    batch = undefined;
    try {
      await store.saveMemories(type, items.map(({ item }) => item.record));
      counts.memory += items.length;
      imported += items.length;
    } catch {
      for (const { item, line: at } of items) {
        if (errors.length >= maxErrors) {
          stopped = true;
          break;
        }
        await apply(item, at);
      }
    }
  };

  /** Memories wait in the batch (flushed when full or the type changes); any other record flushes it first. */
  const take = async (item: PortableRecord, at: number): Promise<void> => {
    if (!batching || item.kind !== 'memory') {
      await flush();
      return apply(item, at);
    }
    if (batch && batch.type !== item.type) await flush();
    batch ??= { type: item.type, items: [] };
    batch.items.push({ item, line: at });
    if (batch.items.length >= batchSize) await flush();
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      bytes += Buffer.byteLength(text, 'utf8') + 1;
      if (line === 1) checkHeader(text);
      else if (text.trim() !== '') {
        let item: PortableRecord | undefined;
        try {
          item = decodeRecord(text);
        } catch (error) {
          errors.push({ line, message: messageOf(error) });
        }
        if (item) await take(item, line);
      }
      options.onProgress?.({ line, bytes, records: imported, skipped });
      if (errors.length >= maxErrors) {
        stopped = true;
        break;
      }
    }
    // The lines read before a stop were valid up to it: write what is still waiting in the batch.
    await flush();
    options.onProgress?.({ line, bytes, records: imported, skipped });
  } finally {
    lines.close();
  }
  if (line === 0) checkHeader('');
  return { counts, imported, skipped, errors, warnings, lines: line, stopped };
}
