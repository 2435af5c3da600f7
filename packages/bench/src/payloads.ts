/** Deterministic workflow states of a given JSON size, shared by the ALMA and LangGraph checkpoint workloads. */

const WORDS = [
  'deploy', 'service', 'retry', 'timeout', 'cache', 'schema', 'migration', 'index', 'query', 'tenant', 'invoice',
  'customer', 'report', 'build', 'test', 'release', 'rollback', 'latency', 'queue', 'worker', 'token', 'budget',
  'review', 'branch', 'merge', 'conflict', 'parser', 'upload', 'archive', 'search',
];

/** Pseudo-random but reproducible sentence of `n` words, seeded by `seed`. */
export function sentence(seed: number, n: number): string {
  let x = (seed * 2654435761 + 97) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(WORDS[(x >>> 8) % WORDS.length] as string);
  }
  return out.join(' ');
}

export type BenchState = Record<string, unknown> & { step: number };

const bases = new Map<number, Record<string, unknown>>();

/** A state of about `bytes` bytes of JSON (a chat transcript, a plan, counters); `step` makes each one distinct. */
export function makeState(bytes: number, step: number): BenchState {
  let base = bases.get(bytes);
  if (base === undefined) {
    const messages: Array<{ role: string; content: string }> = [];
    base = { messages, plan: { goal: sentence(1, 8), done: [] as string[] }, tags: ['bench', 'checkpoint'] };
    const fixed = JSON.stringify({ ...base, step: 1_000_000, cost: 1234.5678 }).length;
    let size = fixed;
    for (let i = 0; size < bytes; i++) {
      const content = sentence(i + 7, 12);
      const msg = { role: i % 2 === 0 ? 'user' : 'assistant', content };
      size += JSON.stringify(msg).length + 1;
      messages.push(msg);
    }
    const last = messages[messages.length - 1];
    if (last && size > bytes) last.content = last.content.slice(0, Math.max(1, last.content.length - (size - bytes)));
    bases.set(bytes, base);
  }
  return { ...base, step, cost: Math.round(step * 1.37 * 100) / 100 };
}

/** JSON size of a state in bytes (UTF-8; the payloads are ASCII). */
export function stateBytes(state: object): number {
  return JSON.stringify(state).length;
}

/** A branch state for the 5-way merge: each branch appends messages, adds to a cost, and sets a few fields. */
export function branchState(branch: number, op: number): Record<string, unknown> {
  return {
    messages: [sentence(op * 5 + branch, 10), sentence(op * 5 + branch + 1, 10)],
    cost: branch + op / 1000,
    toolsUsed: [`tool-${branch}`, `tool-${(branch + 1) % 5}`],
    findings: { [`branch${branch}`]: sentence(branch, 6) },
    status: `branch ${branch} done`,
  };
}

/** Reducers of the merge scenario: append, sum, union, merge_dict and the default last_value. */
export const MERGE_REDUCERS = {
  fieldReducers: { messages: 'append', cost: 'sum', toolsUsed: 'union', findings: 'merge_dict' },
  defaultReducer: 'last_value',
};
