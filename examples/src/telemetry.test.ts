import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { tracedTurn } from './telemetry-flow.js';

describe('telemetry example', () => {
  it('traces retrieve, checkpoint and learn with the store calls nested under each', async () => {
    const { spans, logs } = await tracedTurn();
    const roots = spans.filter((l) => !l.startsWith(' ')).map((l) => l.split('  ')[0]);
    expect(roots).toEqual(['alma.retrieve', 'alma.checkpoint', 'alma.learn', 'alma.retrieve', 'alma.store.close']);
    expect(spans[0]).toBe('alma.retrieve  alma.tenant=acme alma.agent=tester alma.cache.hit=false alma.retrieve.items=0');
    expect(spans).toContainEqual(expect.stringMatching(/^ {2}alma\.store\.queryMemories {2}alma\.tenant=acme alma\.memory_type=heuristic$/));
    expect(spans).toContainEqual(expect.stringMatching(/^ {2}alma\.store\.saveCheckpoint {2}alma\.tenant=acme alma\.checkpoint\.bytes=\d+$/));
    expect(logs).toEqual([expect.stringMatching(/^alma learn \{.*"alma.agent":"tester".*"outcomeId":"/)]);
  });

  it('runs as a script and prints the spans', () => {
    const run = spawnSync(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', join(__dirname, 'telemetry.ts')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Spans:\n {2}alma\.retrieve {2}alma\.tenant=acme/);
    expect(run.stdout).toContain('    alma.store.queryMemories');
    expect(run.stdout).toContain('Logs:\n  alma learn {');
  }, 70_000);
});
