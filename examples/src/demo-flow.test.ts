import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from './demo-flow.js';

const script = join(__dirname, 'orchestrator-integration.ts');
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'alma-example-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('orchestrator integration example', () => {
  it('walks the whole flow: merge, crash + resume, learning visible to the next run', async () => {
    const result = await runDemo({ dir: tempDir(), workerScript: script });
    expect(result.before.heuristics).toHaveLength(0);
    expect(result.before.domainKnowledge.map((k) => k.agent)).toEqual(['tester']); // shared with the planner
    expect(result.merged).toMatchObject({
      findings: ['POST /orders lacks idempotency', 'pay button disabled on retry'],
      testsRun: 19,
    });
    expect(result.worker.signal).toBe('SIGKILL');
    expect(result.worker.lastReportedSeq).toBeGreaterThan(0);
    expect(result.resumedFrom).toEqual({ nodeId: 'report', seq: result.worker.lastReportedSeq });
    expect(result.finalSeq).toBe(result.worker.lastReportedSeq + 1);
    expect(result.heuristicAction).toBe('created');
    expect(result.antiPatternAction).toBe('created');
    expect(result.after.heuristics.map((h) => h.strategy)).toContain('send the same Idempotency-Key on every retry');
    expect(result.after.workflowOutcomes.length).toBeGreaterThan(0);
    expect(result.prompt).toContain('## Relevant Strategies');
  }, 60_000);

  it('runs as a script (what `npm start` does) and exits 0', () => {
    const run = spawnSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('resumed and finished');
    expect(run.stdout).toMatch(/Done: resumed from seq \d+/);
  }, 70_000);
});
