import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCli } from './cli.js';
import { isBalancedXml, fakeStream } from './test-support/fake-stream.js';
import { makeState, stateBytes } from './payloads.js';
import { Progress } from './progress.js';
import { formatMs, measure, percentile, summarize, warmupCount } from './stats.js';
import { markdownTable } from './report.js';
import { describeError } from './stores.js';
import { toLangGraphCheckpoint } from './langgraph.js';
import { findWorkspaceRoot, npmVersion, packageVersions, wasShared } from './machine.js';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 0)).toBe(7);
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes unsorted samples', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toEqual({ n: 5, p50: 3, p95: 5, p99: 5, mean: 3, min: 1, max: 5 });
  });

  it('warms up 10 % of the ops within 5..100 and measures only the rest', async () => {
    expect([warmupCount(10), warmupCount(500), warmupCount(5000)]).toEqual([5, 50, 100]);
    const seen: number[] = [];
    let ticks = 0;
    const samples = await measure(3, 2, async (i) => seen.push(i), () => ticks++);
    expect(seen).toEqual([-2, -1, 0, 1, 2]);
    expect(samples).toHaveLength(3);
    expect(ticks).toBe(5);
  });

  it('formats ms by magnitude', () => {
    expect([formatMs(0.01234), formatMs(1.234), formatMs(12.34), formatMs(1234.5)]).toEqual(['0.012', '1.23', '12.3', '1235']);
  });
});

describe('Progress', () => {
  it('prints one plain line per phase when not a TTY', () => {
    const out = fakeStream(false);
    const p = new Progress(10, out);
    p.phase('sqlite: write');
    p.advance(5);
    p.phase('sqlite: read');
    p.note('postgres: not run');
    p.finish();
    expect(out.text()).toBe('[  0%] sqlite: write\n[ 50%] sqlite: read\npostgres: not run\n[100%] done\n');
  });

  it('redraws one bar in place on a TTY, throttled', () => {
    const out = fakeStream(true, 80);
    let now = 0;
    const p = new Progress(4, out, () => now);
    p.phase('writing');
    p.advance();
    now += 1000;
    p.skip(1);
    p.note('hello');
    p.finish();
    const text = out.text();
    expect(text).toContain('\r\x1b[K');
    expect(text).toContain(' 50% writing');
    expect(text).toContain('hello\n');
    expect(text.endsWith('100% writing\n')).toBe(true);
    expect(p.doneUnits).toBe(4);
    expect(text.split('25%')).toHaveLength(1); // the advance right after the phase draw was throttled
  });

  it('shows 100 % for an empty plan', () => {
    const out = fakeStream(false);
    new Progress(0, out).phase('nothing');
    expect(out.text()).toBe('[100%] nothing\n');
  });
});

describe('parseCli', () => {
  const where = { cwd: '/home/me/project', root: '/repo' };

  it('defaults to every network store, 1000 ops and docs/benchmarks.md', () => {
    const o = parseCli([], where);
    expect(o).toMatchObject({ ops: 1000, stores: ['sqlite', 'postgres', 'cosmos'], sizes: [1000, 10000, 100000], quick: false, langgraph: true });
    expect(o.out).toBe(path.join('/repo', 'docs', 'benchmarks.md'));
    expect(o.svg).toBe(path.join('/repo', 'docs', 'benchmarks.svg'));
  });

  it('reads every flag; --quick shrinks the run and writes to the temp directory', () => {
    const o = parseCli(['--quick', '--stores', 'sqlite,memory,sqlite', '--warmup', '3', '--no-langgraph', '--out', 'out/b.md'], where);
    expect(o).toMatchObject({ ops: 50, warmup: 3, sizes: [1000], stores: ['sqlite', 'memory'], langgraph: false });
    expect(o.out).toBe(path.resolve('/home/me/project', 'out/b.md'));
    expect(o.svg).toBe(path.resolve('/home/me/project', 'out/b.svg'));
    expect(parseCli(['--quick'], where).out).toContain('alma-bench-quick');
    expect(parseCli(['--ops', '1_000', '--sizes', '10,20', '-h'], where)).toMatchObject({ ops: 1000, sizes: [10, 20], help: true });
  });

  it('rejects bad values naming the flag', () => {
    expect(() => parseCli(['--ops', '0'], where)).toThrow('--ops must be a positive integer');
    expect(() => parseCli(['--sizes', '1k'], where)).toThrow('--sizes');
    expect(() => parseCli(['--stores', 'oracle'], where)).toThrow("unknown store 'oracle'");
    expect(() => parseCli(['--bogus'], where)).toThrow();
  });
});

describe('helpers', () => {
  it('builds states of the asked size that differ by step', () => {
    for (const bytes of [1024, 100 * 1024]) {
      const size = stateBytes(makeState(bytes, 3));
      expect(Math.abs(size - bytes) / bytes).toBeLessThan(0.05);
    }
    expect(makeState(1024, 1)).not.toEqual(makeState(1024, 2));
  });

  it('gives LangGraph new versions only for the channels that changed', () => {
    const first = toLangGraphCheckpoint(makeState(1024, 0), 0);
    expect(Object.keys(first.newVersions).sort()).toEqual(['cost', 'messages', 'plan', 'step', 'tags']);
    const second = toLangGraphCheckpoint(makeState(1024, 1), 1, { state: makeState(1024, 0), versions: first.versions });
    expect(second.newVersions).toEqual({ step: 2, cost: 2 });
    expect(second.checkpoint.channel_versions).toMatchObject({ messages: 1, step: 2 });
    expect(second.checkpoint.channel_values['messages']).toBe(makeState(1024, 5)['messages']);
  });

  it('escapes pipes in markdown tables', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n|---|---|\n| x\\|y | 1 |');
  });

  it('describes errors with their cause in one line', () => {
    expect(describeError(new Error('open failed', { cause: new Error('ECONNREFUSED\n127.0.0.1') }))).toBe(
      'open failed (ECONNREFUSED 127.0.0.1)',
    );
    expect(describeError('plain')).toBe('plain');
    expect(describeError(new Error('x'.repeat(500)))).toHaveLength(240);
  });

  it('checks XML balance', () => {
    expect(isBalancedXml('<svg><g><rect/></g></svg>')).toBe(true);
    expect(isBalancedXml('<svg><g></svg>')).toBe(false);
    expect(isBalancedXml('<svg>a & b</svg>')).toBe(false);
  });

  it('finds the workspace root, package versions and npm', () => {
    const root = findWorkspaceRoot(__dirname);
    expect(root).toBe(path.resolve(__dirname, '..', '..', '..'));
    expect(findWorkspaceRoot('/')).toBe('/');
    expect(packageVersions(['@alma/core', 'no-such-package-xyz'], root)).toEqual({ '@alma/core': expect.any(String) });
    expect(npmVersion({ npm_config_user_agent: 'npm/11.2.3 node/v20.0.0 linux x64' })).toBe('11.2.3');
    const info = { cpu: 'x', cores: 2, memoryGiB: 1, os: 'y', node: 'v', npm: 'n', loadStart: 0.2, packages: {} };
    expect(wasShared(info)).toBe(false);
    expect(wasShared({ ...info, loadEnd: 1.5 })).toBe(true);
  });
});
