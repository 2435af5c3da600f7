import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ALMA } from '@alma/core';
import { SqliteStorage } from '@alma/storage-sqlite';
import type { MemorySlice } from '@alma/types';

// The orchestrator flow of ALMA, end to end on the embedded SQLite store:
// retrieve before the run -> checkpoint after each node -> parallel branches merged at the join ->
// a worker process killed mid-run and resumed from its checkpoint -> learn -> the next run retrieves what was learned.

export const WORKFLOW = 'checkout-qa';
export const TENANT = 'acme';

export function openAlma(dbPath: string): ALMA {
  return new ALMA({
    storage: new SqliteStorage({ path: dbPath }),
    projectId: 'demo-shop',
    agents: {
      tester: { canLearn: ['testing', 'api_testing', 'form_testing', 'ui_testing'], shareWith: ['planner'], minOccurrencesForHeuristic: 3 },
      planner: {},
    },
  });
}

export interface DemoOptions {
  /** Directory for the demo database. */
  dir: string;
  /** Path of orchestrator-integration.ts, spawned as the worker that crashes. */
  workerScript: string;
  log?: (line: string) => void;
}

export interface DemoResult {
  before: MemorySlice;
  after: MemorySlice;
  merged: Record<string, unknown>;
  worker: { code: number | null; signal: NodeJS.Signals | null; lastReportedSeq: number };
  resumedFrom: { nodeId: string; seq: number };
  finalSeq: number;
  heuristicAction: string | undefined;
  antiPatternAction: string | undefined;
  prompt: string;
}

const summary = (s: MemorySlice): string =>
  `${s.heuristics.length} heuristics, ${s.antiPatterns.length} anti-patterns, ${s.domainKnowledge.length} facts, ` +
  `${s.outcomes.length} outcomes, ${s.workflowOutcomes.length} past runs`;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const dbPath = join(options.dir, 'alma.db');
  const alma = openAlma(dbPath);
  const run1 = { tenantId: TENANT, workflowId: WORKFLOW, runId: 'run-1' };
  try {
    log('1. Before the run: what does the planner know about checkout testing?');
    await alma.addDomainKnowledge({
      agent: 'tester', domain: 'api_testing', fact: 'The checkout API needs an Idempotency-Key header on POST', context: { tenantId: TENANT },
    });
    const before = await alma.retrieve({ task: 'Test the checkout API', agent: 'planner', context: run1, includeWorkflowOutcomes: true });
    log(`   retrieved ${summary(before)}`);
    for (const k of before.domainKnowledge) log(`   - fact (shared by ${k.agent}): ${k.fact}`);

    log('2. Node "plan" runs and checkpoints its state');
    const plan = await alma.checkpoint(run1, 'plan', { tasks: ['api', 'ui'], findings: [], testsRun: 0 });
    log(`   checkpoint seq ${plan.checkpoint.seq} (${plan.checkpoint.stateSizeBytes} bytes)`);

    log('3. Two branches run in parallel, then merge at the join');
    const api = await alma.checkpoint(run1, 'test-api', { findings: ['POST /orders lacks idempotency'], testsRun: 12, status: 'api done' }, { branchId: 'api' });
    const ui = await alma.checkpoint(run1, 'test-ui', { findings: ['pay button disabled on retry'], testsRun: 7, status: 'ui done' }, { branchId: 'ui' });
    const join = await alma.mergeStates(run1, [api.checkpoint, ui.checkpoint], { fieldReducers: { findings: 'append', testsRun: 'sum' } });
    const merged = join.checkpoint.state;
    log(`   merged: ${JSON.stringify(merged)} (seq ${join.checkpoint.seq})`);

    log('4. A worker continues the run and is killed mid-run (SIGKILL)');
    const worker = await runWorker(options.workerScript, dbPath, 'run-1');
    log(`   worker exited with signal ${worker.signal}; it had committed up to seq ${worker.lastReportedSeq}`);
    const resume = await alma.getResumePoint(run1.runId, run1);
    if (!resume) throw new Error('no resume point after the crash');
    log(`   resume point: node "${resume.nodeId}", seq ${resume.seq}, branches ${resume.branches.length}`);
    const publish = await alma.checkpoint(run1, 'publish', { ...resume.state, published: true });
    log(`   resumed and finished: node "publish" at seq ${publish.checkpoint.seq}`);

    log('5. Learn from the run');
    let heuristicAction: string | undefined;
    for (const n of [1, 2, 3]) {
      const r = await alma.learn({
        agent: 'tester', task: `Test the checkout API retry case ${n}`, outcome: 'success',
        strategyUsed: 'send the same Idempotency-Key on every retry', context: run1,
      });
      heuristicAction = r.heuristic?.action ?? heuristicAction;
    }
    let antiPatternAction: string | undefined;
    for (const n of [1, 2]) {
      const r = await alma.learn({
        agent: 'tester', task: `Test the cart UI flow ${n}`, outcome: 'failure', strategyUsed: 'reuse one cart across tests',
        errorMessage: 'stale cart state', context: run1,
      });
      antiPatternAction = r.antiPattern?.action ?? antiPatternAction;
    }
    const learned = await alma.learnFromWorkflow(run1, {
      agent: 'tester', result: 'success', summary: 'Checkout QA passed after adding idempotency keys',
      strategiesUsed: ['send the same Idempotency-Key on every retry'], successfulPatterns: ['test api and ui branches in parallel'],
      failedPatterns: ['reuse one cart across tests'], nodeCount: 5,
    });
    log(`   heuristic ${heuristicAction}, anti-pattern ${antiPatternAction}, workflow outcome saved; ` +
      `${learned.checkpointsDeleted} checkpoints of the finished run cleaned up`);

    log('6. The next run retrieves what was learned');
    const run2 = { ...run1, runId: 'run-2' };
    const after = await alma.retrieve({ task: 'Test the checkout API', agent: 'planner', context: run2, includeWorkflowOutcomes: true });
    log(`   retrieved ${summary(after)}`);
    const prompt = alma.toPrompt(after);
    for (const line of prompt.split('\n')) log(`   | ${line}`);
    return {
      before, after, merged, worker, resumedFrom: { nodeId: resume.nodeId, seq: resume.seq }, finalSeq: publish.checkpoint.seq,
      heuristicAction, antiPatternAction, prompt,
    };
  } finally {
    await alma.close();
  }
}

/** Spawns the worker; it prints `committed <seq>` after each checkpoint and is killed before it finishes. */
function runWorker(
  script: string,
  dbPath: string,
  runId: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; lastReportedSeq: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', script, '--worker', dbPath, runId], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastReportedSeq = 0;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const match of buffer.matchAll(/committed (\d+)/g)) lastReportedSeq = Number(match[1]);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, lastReportedSeq }));
  });
}

/** The worker side: resume the run, do one node, commit it, report it, then die like a killed pod. */
export async function workerMain(dbPath: string, runId: string): Promise<void> {
  const alma = openAlma(dbPath);
  const ctx = { tenantId: TENANT, workflowId: WORKFLOW, runId };
  const resume = await alma.getResumePoint(runId, ctx);
  const report = await alma.checkpoint(ctx, 'report', { ...(resume?.state ?? {}), report: 'findings summarised' });
  process.stdout.write(`committed ${report.checkpoint.seq}\n`);
  process.kill(process.pid, 'SIGKILL');
}
