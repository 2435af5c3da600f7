import { emptyCheckpoint, uuid6, type BaseCheckpointSaver, type Checkpoint } from '@langchain/langgraph-checkpoint';
import { makeState, type BenchState } from './payloads.js';
import { measure } from './stats.js';
import { STEPS_PER_RUN, type ScenarioContext } from './scenarios/types.js';
import { writeSlot } from './scenarios/checkpoint.js';

type Tick = Pick<ScenarioContext, 'ops' | 'warmup' | 'tick'>;
type Config = { configurable: { thread_id: string; checkpoint_ns: string; checkpoint_id?: string } };

/**
 * A LangGraph checkpoint holding `state` the way a StateGraph does: one channel per top-level key, each at the step
 * that last changed it. Channels whose value changed since `previous` (compared by reference: the bench states share
 * their unchanged parts) get version `step + 1` and are listed in `newVersions`, so a saver that stores channel
 * blobs (PostgresSaver) writes only those, as it would in a real graph.
 */
export function toLangGraphCheckpoint(
  state: BenchState,
  step: number,
  previous?: { state: BenchState; versions: Record<string, number> },
): { checkpoint: Checkpoint; versions: Record<string, number>; newVersions: Record<string, number> } {
  const versions: Record<string, number> = { ...(previous?.versions ?? {}) };
  const newVersions: Record<string, number> = {};
  for (const [key, value] of Object.entries(state)) {
    if (previous === undefined || previous.state[key] !== value) newVersions[key] = versions[key] = step + 1;
  }
  const checkpoint: Checkpoint = {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    ts: new Date().toISOString(),
    channel_values: { ...state },
    channel_versions: versions,
    versions_seen: { __input__: {} },
  };
  return { checkpoint, versions, newVersions };
}

/**
 * The ALMA checkpoint-write workload on a LangGraph checkpointer: `put` of the same `bytes`-sized states after each
 * node of runs (threads) of 20 nodes, each put chained to the previous checkpoint of its thread.
 */
export async function langGraphWrites(saver: BaseCheckpointSaver, c: Tick, bytes: number, prefix: string): Promise<number[]> {
  let parent: string | undefined;
  let previous: { state: BenchState; versions: Record<string, number> } | undefined;
  return measure(
    c.ops,
    c.warmup,
    async (i) => {
      const j = i + c.warmup;
      const { runId } = writeSlot(prefix, j);
      if (j % STEPS_PER_RUN === 0) {
        parent = undefined;
        previous = undefined;
      }
      const config: Config = { configurable: { thread_id: runId, checkpoint_ns: '', ...(parent ? { checkpoint_id: parent } : {}) } };
      const state = makeState(bytes, j);
      const { checkpoint, versions, newVersions } = toLangGraphCheckpoint(state, j, previous);
      const next = await saver.put(config, checkpoint, { source: 'loop', step: j % STEPS_PER_RUN, parents: {} }, newVersions);
      parent = next.configurable?.['checkpoint_id'] as string | undefined;
      previous = { state, versions };
    },
    c.tick,
  );
}

/** `getTuple` of each thread's latest checkpoint (LangGraph's resume read), round robin like the ALMA reads. */
export function langGraphReads(saver: BaseCheckpointSaver, c: Tick, prefix: string, runs: number): Promise<number[]> {
  return measure(
    c.ops,
    c.warmup,
    async (i) => {
      const threadId = `${prefix}-${(i + c.warmup) % runs}`;
      const tuple = await saver.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: '' } });
      if (tuple === undefined) throw new Error(`no checkpoint for thread ${threadId}`);
    },
    c.tick,
  );
}
