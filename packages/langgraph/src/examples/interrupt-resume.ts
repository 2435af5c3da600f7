// A LangGraph.js graph that stops for a human decision (interrupt) and resumes later (Command({ resume })), with
// every checkpoint persisted in an ALMA SQLite store through AlmaCheckpointSaver. The resume opens a new store
// handle on the same file, as a second process would.
//
// Run: node --conditions=@alma/source --import tsx packages/langgraph/src/examples/interrupt-resume.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Annotation, Command, END, START, StateGraph, interrupt } from '@langchain/langgraph';
import { SqliteStorage } from '@alma/storage-sqlite';
import { AlmaCheckpointSaver } from '../saver.js';

const ApprovalState = Annotation.Root({
  topic: Annotation<string>(),
  draft: Annotation<string>(),
  decision: Annotation<string>(),
  published: Annotation<string>(),
});

/** The answer a reviewer gives when the graph asks for approval. */
export interface ReviewAnswer {
  readonly approved: boolean;
  readonly note?: string;
}

/** write_draft -> human_review (interrupts for a human) -> publish_post, compiled against the given checkpointer. */
export function buildApprovalGraph(checkpointer: AlmaCheckpointSaver) {
  return new StateGraph(ApprovalState)
    .addNode('write_draft', (state) => ({ draft: `A short post about ${state.topic}.` }))
    .addNode('human_review', (state) => {
      const answer = interrupt<{ question: string; draft: string }, ReviewAnswer>({
        question: 'Publish this draft?',
        draft: state.draft,
      });
      return { decision: answer.approved ? `approved${answer.note ? `: ${answer.note}` : ''}` : 'rejected' };
    })
    .addNode('publish_post', (state) => ({
      published: state.decision.startsWith('approved') ? state.draft : '(nothing published)',
    }))
    .addEdge(START, 'write_draft')
    .addEdge('write_draft', 'human_review')
    .addEdge('human_review', 'publish_post')
    .addEdge('publish_post', END)
    .compile({ checkpointer });
}

export interface ExampleResult {
  /** What the graph asked the human when it stopped. */
  readonly interruptValue: unknown;
  /** The nodes waiting to run while the graph is interrupted (read back from the store). */
  readonly nextWhileInterrupted: readonly string[];
  /** The final state after the resume. */
  readonly final: typeof ApprovalState.State;
  /** How many checkpoints the thread holds at the end. */
  readonly checkpointCount: number;
}

/** Runs the graph until it interrupts, then resumes it from a fresh store handle with the reviewer's answer. */
export async function runInterruptResumeExample(options: {
  readonly dbPath: string;
  readonly threadId?: string;
  readonly tenantId?: string;
  readonly answer?: ReviewAnswer;
}): Promise<ExampleResult> {
  const config = { configurable: { thread_id: options.threadId ?? 'approval-1' } };
  const tenant = options.tenantId === undefined ? {} : { tenantId: options.tenantId };

  // First "process": run until the graph asks for approval.
  const firstStore = new SqliteStorage({ path: options.dbPath });
  let interruptValue: unknown;
  try {
    const graph = buildApprovalGraph(new AlmaCheckpointSaver({ storage: firstStore, ...tenant }));
    const first = (await graph.invoke({ topic: 'persistent agent memory' }, config)) as Record<string, unknown>;
    const interrupts = first['__interrupt__'] as Array<{ value: unknown }> | undefined;
    interruptValue = interrupts?.[0]?.value;
  } finally {
    await firstStore.close();
  }

  // Second "process": a new handle on the same database resumes the thread with the human's answer.
  const secondStore = new SqliteStorage({ path: options.dbPath });
  try {
    const graph = buildApprovalGraph(new AlmaCheckpointSaver({ storage: secondStore, ...tenant }));
    const waiting = await graph.getState(config);
    const final = await graph.invoke(
      new Command({ resume: options.answer ?? { approved: true, note: 'ship it' } }),
      config
    );
    let checkpointCount = 0;
    for await (const _snapshot of graph.getStateHistory(config)) checkpointCount++;
    return { interruptValue, nextWhileInterrupted: waiting.next, final, checkpointCount };
  } finally {
    await secondStore.close();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-langgraph-example-'));
  try {
    const result = await runInterruptResumeExample({ dbPath: path.join(dir, 'alma.db') });
    console.log('interrupted with:', JSON.stringify(result.interruptValue));
    console.log('waiting on:', result.nextWhileInterrupted.join(', '));
    console.log('final state:', JSON.stringify(result.final));
    console.log('checkpoints in the thread:', result.checkpointCount);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('interrupt-resume.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
