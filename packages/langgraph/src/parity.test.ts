// Real LangGraph graphs run once on LangGraph's MemorySaver and once on AlmaCheckpointSaver: every observable
// result (outputs, interrupts, state, history, forks) must be the same.
import { afterAll, describe, expect, it } from '@jest/globals';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import {
  Annotation,
  Command,
  DeltaChannel,
  END,
  MemorySaver,
  MessagesAnnotation,
  START,
  Send,
  StateGraph,
  interrupt,
} from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { BLOB_MIN_BYTES } from './blobs.js';
import { blobRunId } from './keys.js';
import { memoryStore, saverOn } from './test-support/fixtures.js';

const stores = [memoryStore(), memoryStore(), memoryStore(), memoryStore()];
afterAll(async () => Promise.all(stores.map((s) => s.close())));
const concat = { reducer: (a: string[], b: string[]) => a.concat(b), default: () => [] as string[] };

const Sub = Annotation.Root({ items: Annotation<string[]>(concat), ask: Annotation<string>() });
const subgraph = new StateGraph(Sub)
  .addNode('sub_work', () => ({ items: ['sub_work'] }))
  .addNode('sub_ask', () => ({ ask: interrupt('sub question') as string }))
  .addEdge(START, 'sub_work')
  .addEdge('sub_work', 'sub_ask')
  .addEdge('sub_ask', END)
  .compile();

const Main = Annotation.Root({
  ...MessagesAnnotation.spec,
  items: Annotation<string[]>(concat),
  ask: Annotation<string>(),
  total: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
});

/** Send fan-out, parallel nodes joining, a subgraph that interrupts, messages. */
function mainGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(Main)
    .addNode('start', () => ({ messages: [new AIMessage('hello')], items: ['start'] }))
    .addNode('worker', (s: { n?: number }) => ({ total: s.n ?? 0, items: [`w${s.n}`] }))
    .addNode('left', () => ({ items: ['left'] }))
    .addNode('right', () => ({ items: ['right'] }))
    .addNode('inner', subgraph)
    .addEdge(START, 'start')
    .addConditionalEdges('start', () => [1, 2, 3].map((n) => new Send('worker', { n })))
    .addEdge('worker', 'left')
    .addEdge('worker', 'right')
    .addEdge(['left', 'right'], 'inner')
    .addEdge('inner', END)
    .compile({ checkpointer });
}

/** Messages get random ids from the reducer: compare their type and content only. */
const withoutIds = (values: Record<string, unknown>) => ({
  ...values,
  messages: ((values['messages'] ?? []) as BaseMessage[]).map((m) => [m.getType(), m.content]),
});

const interruptsOf = (result: object) =>
  ((result as { __interrupt__?: Array<{ value: unknown }> }).__interrupt__ ?? []).map((i) => i.value);

async function mainScenario(checkpointer: BaseCheckpointSaver, durability: 'sync' | 'exit') {
  const graph = mainGraph(checkpointer);
  const config = { configurable: { thread_id: 'x' }, durability };
  const seen: unknown[] = [];
  const first = await graph.invoke({ messages: [new HumanMessage('hi')] }, config);
  seen.push(interruptsOf(first));
  const waiting = await graph.getState(config, { subgraphs: true });
  seen.push(
    waiting.next,
    waiting.tasks.map((t) => t.name)
  );
  const done = await graph.invoke(new Command({ resume: 'answer' }), config);
  seen.push(withoutIds(done));
  const history = [];
  for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
  seen.push(
    history.map((s) => [s.metadata?.source, s.metadata?.step, s.next, withoutIds(s.values as Record<string, unknown>)])
  );
  const beforeJoin = history.find((s) => s.next.includes('left'));
  if (beforeJoin) {
    const forked = await graph.updateState(beforeJoin.config, { items: ['forked'] });
    const rerun = await graph.invoke(null, { ...forked, durability });
    seen.push(interruptsOf(rerun), rerun.items);
  }
  return seen;
}

/** A DeltaChannel field: the saver's getDeltaChannelHistory rebuilds it from ancestor writes. */
async function deltaScenario(checkpointer: BaseCheckpointSaver) {
  const State = Annotation.Root({
    log: () =>
      new DeltaChannel<string[], string>((s, w) => [...s, ...w], {
        snapshotFrequency: 3,
        initialValueFactory: () => [],
      }),
    n: Annotation<number>(),
  });
  const graph = new StateGraph(State)
    .addNode('step', (s) => ({ log: `step ${s.n}`, n: s.n + 1 }))
    .addEdge(START, 'step')
    .addConditionalEdges('step', (s) => (s.n < 7 ? 'step' : END))
    .compile({ checkpointer });
  const config = { configurable: { thread_id: 'd' } };
  const seen: unknown[] = [await graph.invoke({ n: 0 }, config), await graph.invoke({ n: 4 }, config)];
  for await (const snapshot of graph.getStateHistory(config)) seen.push(snapshot.values);
  return seen;
}

/** A large document of about twice the blob size, different per label. */
const bigDoc = (label: string) => `${label}: `.padEnd(2 * BLOB_MIN_BYTES, label);

/**
 * A large `doc` channel that stays unchanged for several steps and changes at n = 3. A fork just before that step
 * sets another document: it gets the same channel version the original line gave its change (LangGraph numbers
 * versions by step), with another value. A put continuing the original line afterwards must name the original
 * line's blob, not the fork's (the saver keys what it remembers by parent checkpoint, never by thread).
 */
async function blobScenario(checkpointer: BaseCheckpointSaver) {
  const State = Annotation.Root({ doc: Annotation<string>(), n: Annotation<number>() });
  const graph = new StateGraph(State)
    .addNode('step', (s) => ({ n: s.n + 1, ...(s.n === 3 && s.doc.startsWith('first') ? { doc: bigDoc('second') } : {}) }))
    .addEdge(START, 'step')
    .addConditionalEdges('step', (s) => (s.n < 6 ? 'step' : END))
    .compile({ checkpointer });
  const config = { configurable: { thread_id: 'b' } };
  const brief = (values: Record<string, unknown>) => [String(values['doc']).slice(0, 8), values['n']];
  const seen: unknown[] = [brief(await graph.invoke({ doc: bigDoc('first'), n: 0 }, config))];
  const history = async () => {
    const out = [];
    for await (const snapshot of graph.getStateHistory(config)) out.push(snapshot);
    return out;
  };
  const original = await history();
  const atThree = original.find((s) => s.values['n'] === 3 && s.next.length > 0);
  const atFive = original.find((s) => s.values['n'] === 5 && s.next.length > 0);
  const forked = await graph.updateState(atThree?.config ?? config, { doc: bigDoc('third') });
  seen.push(brief(await graph.invoke(null, forked)));
  const again = await graph.updateState(atFive?.config ?? config, { n: 5 });
  seen.push(brief(await graph.invoke(null, again)));
  seen.push((await history()).map((s) => brief(s.values)));
  return seen;
}

describe('AlmaCheckpointSaver behaves like MemorySaver in real graphs', () => {
  it.each(['sync', 'exit'] as const)(
    'subgraphs, Send, parallel joins, interrupts and forks (durability %s)',
    async (durability) => {
      const expected = await mainScenario(new MemorySaver(), durability);
      const store = durability === 'sync' ? stores[0] : stores[1];
      const actual = await mainScenario(saverOn(store as (typeof stores)[number], 'acme'), durability);
      expect(actual).toEqual(expected);
      expect(JSON.stringify(actual)).toContain('sub question');
    }
  );

  it('large unchanged channels kept in blobs, across forks that reuse channel versions', async () => {
    const expected = await blobScenario(new MemorySaver());
    const store = stores[3] as (typeof stores)[number];
    expect(await blobScenario(saverOn(store))).toEqual(expected);
    expect((await store.listCheckpoints(blobRunId('b'), {})).length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(expected)).toContain('third');
  });

  it('DeltaChannel state rebuilt from ancestor writes', async () => {
    const expected = await deltaScenario(new MemorySaver());
    expect(await deltaScenario(saverOn(stores[2] as (typeof stores)[number]))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
  });
});
