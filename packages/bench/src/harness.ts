import { ALMA } from '@alma/core';
import { AlmaCheckpointSaver } from '@alma/langgraph';
import { langGraphReads, langGraphWrites } from './langgraph.js';
import { AGENT, PROJECT_ID, seedMemories, TENANT } from './memories.js';
import { Progress, type ProgressStream } from './progress.js';
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { BenchResult, LangGraphResult, ResultRow, SaverResult } from './results.js';
import { checkpointWrites, resumeReads, runCount } from './scenarios/checkpoint.js';
import { mergeFiveBranches } from './scenarios/merge.js';
import { workflowOutcomes } from './scenarios/outcome.js';
import { scopedRetrieval } from './scenarios/retrieval.js';
import { RETRIEVAL_WARMUP, scenarioSpecs, type ScenarioContext, type ScenarioSpec } from './scenarios/types.js';
import { summarize, warmupCount } from './stats.js';
import { describeError, preloadStores, STORE_LABELS, STORE_OPENERS, type LangGraphSide, type OpenedStore, type StoreName, type StoreOpener } from './stores.js';

export interface BenchOptions {
  /** Measured calls per scenario. @default 1000 */
  readonly ops?: number;
  /** Unmeasured calls before them. @default 10 % of ops, 5..100 */
  readonly warmup?: number;
  /** @default ['sqlite', 'postgres', 'cosmos'] */
  readonly stores?: readonly StoreName[];
  /** Memories in the store for the retrieval rows. @default [1000, 10000, 100000] */
  readonly sizes?: readonly number[];
  /** Run the LangGraph checkpointers side by side. @default true */
  readonly langgraph?: boolean;
  /** Replaces openers (tests). */
  readonly openers?: Partial<Record<StoreName, StoreOpener>>;
  /** Where the progress bar goes. @default process.stderr */
  readonly progress?: ProgressStream;
}

const SEED_UNIT = 100; // seeded records per progress unit

/** Runs every scenario on every store, one store at a time; a store that fails to open only marks its rows. */
export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const ops = options.ops ?? 1000;
  const warmup = options.warmup ?? warmupCount(ops);
  const stores = options.stores ?? ['sqlite', 'postgres', 'cosmos'];
  const sizes = [...(options.sizes ?? [1000, 10_000, 100_000])].sort((a, b) => a - b);
  const specs = scenarioSpecs(sizes);
  const perCall = ops + warmup;
  const unitsPerStore = specs.length * perCall + 3 * perCall + Math.ceil((sizes[sizes.length - 1] ?? 0) / SEED_UNIT);
  const progress = new Progress(unitsPerStore * stores.length, options.progress);
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  const engines: Record<string, string> = {};
  const startedAt = new Date();
  await preloadStores(stores.filter((name) => options.openers?.[name] === undefined));

  for (const name of stores) {
    const storeRows = specs.map((spec): ResultRow => ({ spec, store: name, storeLabel: STORE_LABELS[name], status: 'not run' }));
    rows.push(...storeRows);
    const before = progress.doneUnits;
    progress.phase(`${name}: opening`);
    let store: OpenedStore;
    try {
      store = await (options.openers?.[name] ?? STORE_OPENERS[name])();
    } catch (error) {
      const reason = `store unavailable: ${describeError(error)}`;
      for (const row of storeRows) row.reason = reason;
      notes.push(`${STORE_LABELS[name]}: not run — ${reason}`);
      progress.note(`${name}: not run — ${reason}`);
      progress.skip(unitsPerStore);
      continue;
    }
    engines[store.label] = [store.engine, checkpointLayout(store)].filter(Boolean).join('; ');
    try {
      await runStore(store, storeRows, { ops, warmup, langgraph: options.langgraph ?? true, progress, notes });
    } finally {
      await store.close().catch((error: unknown) => progress.note(`${name}: cleanup failed — ${describeError(error)}`));
      progress.skip(Math.max(0, before + unitsPerStore - progress.doneUnits));
    }
  }
  progress.finish();
  return { rows, ops, warmup, sizes, stores, startedAt, finishedAt: new Date(), engines, notes };
}

interface StoreRun {
  readonly ops: number;
  readonly warmup: number;
  readonly langgraph: boolean;
  readonly progress: Progress;
  readonly notes: string[];
}

async function runStore(store: OpenedStore, rows: ResultRow[], run: StoreRun): Promise<void> {
  const { progress } = run;
  const alma = new ALMA({ storage: store.storage, projectId: PROJECT_ID, agents: { [AGENT]: {}, reviewer: {} } });
  const ctx: ScenarioContext = { alma, ops: run.ops, warmup: run.warmup, tick: () => progress.advance() };
  let side: LangGraphSide | undefined;
  let sideReason: string | undefined; // set when a LangGraph checkpointer exists but could not be opened
  if (run.langgraph && store.openLangGraph) {
    try {
      side = await store.openLangGraph();
    } catch (error) {
      sideReason = `LangGraph checkpointer unavailable: ${describeError(error)}`;
      run.notes.push(`${store.label}: ${sideReason}`);
    }
  }
  // The same LangGraph workload through ALMA's own checkpointer on this store, beside LangGraph's saver.
  const almaSaver = new AlmaCheckpointSaver({ storage: store.storage, tenantId: TENANT });
  const runs = runCount(run.ops, run.warmup);
  let seeded = 0;
  try {
    for (const row of rows) {
      const { spec } = row;
      progress.phase(`${store.name}: ${spec.label}`);
      try {
        if (spec.kind === 'retrieval') {
          const size = spec.size as number;
          if (store.maxMemories !== undefined && size > store.maxMemories) {
            row.reason = store.seedLimitReason ?? `seeding limited to ${store.maxMemories} memories`;
            continue;
          }
          progress.phase(`${store.name}: seeding ${size.toLocaleString('en-US')} memories`);
          await seedMemories(alma.storage, alma.embedder, { from: seeded, to: size, now: new Date() }, (n) =>
            progress.advance(n / SEED_UNIT),
          );
          seeded = size;
          progress.phase(`${store.name}: ${spec.label}`);
          const cap = store.retrievalOpsCap;
          const capped = cap !== undefined && cap < run.ops;
          if (capped) row.caveat = store.retrievalCapReason ?? `capped at ${cap} calls`;
          // Retrieval calls are slow; 20 warm-up calls are enough to warm the JIT and the store's caches.
          const warmup = Math.min(run.warmup, RETRIEVAL_WARMUP, capped ? Math.max(1, Math.ceil(cap / 10)) : Infinity);
          const c = { ...ctx, ops: capped ? cap : run.ops, warmup };
          const { samples, firstHits } = await scopedRetrieval(c);
          row.stats = summarize(samples);
          row.note = `${firstHits} memories returned`;
        } else {
          row.stats = summarize(await runScenario(spec, ctx, runs));
        }
        row.status = 'ok';
      } catch (error) {
        row.status = 'failed';
        row.reason = describeError(error);
        run.notes.push(`${store.label}, ${spec.label}: failed — ${row.reason}`);
        progress.note(`${store.name}: ${spec.label} failed — ${row.reason}`);
      }
      if ((spec.kind === 'write' || spec.kind === 'read') && (side || sideReason)) {
        const lg = await runLangGraph(spec, side, sideReason, ctx, runs);
        row.langgraph = { ...lg, almaSaver: await runSaver(spec, almaSaver, 'AlmaCheckpointSaver', 'as', ctx, runs) };
      }
    }
  } finally {
    await side?.close().catch(() => undefined);
  }
}

function runScenario(spec: ScenarioSpec, ctx: ScenarioContext, runs: number): Promise<number[]> {
  switch (spec.kind) {
    case 'write':
      return checkpointWrites(ctx, spec.stateBytes as number, `alma-${spec.id}`);
    case 'read':
      return resumeReads(ctx, 'alma-write-1k', runs);
    case 'merge':
      return mergeFiveBranches(ctx);
    default:
      return workflowOutcomes(ctx);
  }
}

async function runLangGraph(
  spec: ScenarioSpec,
  side: LangGraphSide | undefined,
  reason: string | undefined,
  ctx: ScenarioContext,
  runs: number,
): Promise<LangGraphResult> {
  if (side === undefined) return { label: 'LangGraph', reason: reason ?? 'not run' };
  return runSaver(spec, side.saver, side.label, 'lg', ctx, runs);
}

/** The LangGraph workload of a checkpoint row (`put` chains or `getTuple`) on one saver; threads named `<prefix>-…`. */
async function runSaver(
  spec: ScenarioSpec,
  saver: BaseCheckpointSaver,
  label: string,
  prefix: string,
  ctx: ScenarioContext,
  runs: number,
): Promise<SaverResult> {
  try {
    const samples =
      spec.kind === 'write'
        ? await langGraphWrites(saver, ctx, spec.stateBytes as number, `${prefix}-${spec.id}`)
        : await langGraphReads(saver, ctx, `${prefix}-write-1k`, runs);
    return { label, stats: summarize(samples) };
  } catch (error) {
    return { label, reason: `failed: ${describeError(error)}` };
  }
}

/** How the store keeps checkpoints: the CheckpointManager writes deltas to a store with the v2 run catalog. */
export function checkpointLayout(store: Pick<OpenedStore, 'storage'>): string {
  const methods = store.storage as unknown as Record<string, unknown>;
  const v2 = ['listRuns', 'getRun', 'updateRun'].every((m) => typeof methods[m] === 'function');
  return v2 ? 'checkpoints stored as deltas + snapshots (storage contract v2)' : 'checkpoints stored as full states (storage contract v1)';
}
