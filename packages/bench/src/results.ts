import type { LatencyStats } from './stats.js';
import type { ScenarioSpec } from './scenarios/types.js';
import type { StoreName } from './stores.js';

export type RowStatus = 'ok' | 'not run' | 'failed';

/** One side of a LangGraph checkpointer comparison. */
export interface SaverResult {
  readonly label: string;
  readonly stats?: LatencyStats;
  /** Why it has no stats. */
  readonly reason?: string;
}

/**
 * The LangGraph counterpart of a checkpoint row: LangGraph's own saver, and the same LangGraph workload through
 * `AlmaCheckpointSaver` on the ALMA store of the row (the like-for-like comparison of the checkpointer API).
 */
export interface LangGraphResult extends SaverResult {
  readonly almaSaver?: SaverResult;
}

/** One cell row of the table: a scenario on a store. */
export interface ResultRow {
  readonly spec: ScenarioSpec;
  readonly store: StoreName;
  readonly storeLabel: string;
  status: RowStatus;
  stats?: LatencyStats;
  /** Why the row was not run or failed. */
  reason?: string;
  /** Why the row ran fewer calls than asked, shown as a footnote on its op count. */
  caveat?: string;
  /** Free-form remark (e.g. how many memories a retrieval returned). */
  note?: string;
  langgraph?: LangGraphResult;
}

/** Everything one bench run produced. */
export interface BenchResult {
  readonly rows: ResultRow[];
  readonly ops: number;
  readonly warmup: number;
  readonly sizes: readonly number[];
  readonly stores: readonly StoreName[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Store label -> database engine and version, for the stores that opened and could tell. */
  readonly engines: Record<string, string>;
  /** Lines worth keeping in the report (stores not run, limits applied). */
  readonly notes: string[];
}
