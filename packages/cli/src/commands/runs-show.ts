import { Buffer } from 'node:buffer';
import type { Command } from 'commander';
import { requireMethod, type PortableStorage } from '@alma/core';
import { NotFoundError, type CheckpointRecord, type ScopeFilter } from '@alma/types';
import { readConfig, withStorage } from '../config.js';
import { formatBytes, formatTime, plural, table } from '../format.js';
import { printJson, println, type CliIo } from '../io.js';
import { type CommonOptions, withGlobals } from '../options.js';

interface ShowOptions extends CommonOptions {
  tenant?: string;
}

/** One checkpoint as the timeline shows it: no state, its sizes instead. */
export interface TimelineEntry {
  readonly id: string;
  readonly seq: number;
  readonly nodeId: string;
  readonly parentCheckpointId?: string;
  readonly stateSizeBytes: number;
  readonly storedBytes: number;
  readonly encoding: 'full' | 'delta';
  readonly createdAt: Date;
}

export interface BranchTimeline {
  /** null = the main line. */
  readonly branchId: string | null;
  readonly checkpoints: TimelineEntry[];
}

const PAGE = 100;

/** Every checkpoint of the run, page by page, grouped by branch (main line first, then branches by name). */
async function timeline(store: PortableStorage, runId: string, scope: ScopeFilter): Promise<BranchTimeline[]> {
  const byBranch = new Map<string | null, TimelineEntry[]>();
  let afterSeq = 0;
  for (;;) {
    const page: CheckpointRecord[] = await store.listCheckpoints(runId, scope, { afterSeq, limit: PAGE });
    for (const c of page) {
      const branch = c.branchId ?? null;
      const list = byBranch.get(branch) ?? [];
      list.push({
        id: c.id, seq: c.seq, nodeId: c.nodeId, ...(c.parentCheckpointId ? { parentCheckpointId: c.parentCheckpointId } : {}),
        stateSizeBytes: c.stateSizeBytes, storedBytes: Buffer.byteLength(c.state, 'utf8'), encoding: c.encoding ?? 'full',
        createdAt: c.createdAt,
      });
      byBranch.set(branch, list);
    }
    if (page.length < PAGE) break;
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
  return [...byBranch.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([branchId, checkpoints]) => ({ branchId, checkpoints }));
}

export function registerRunsShow(runs: Command, io: CliIo): void {
  const cmd = runs
    .command('show')
    .description('one run: status, sizes, times and its checkpoint timeline per branch')
    .argument('<runId>', 'the run')
    .option('--tenant <id>', 'tenant of the run (default: the single-tenant data)');
  cmd.action(async (runId: string, _opts: unknown, command: Command) => {
    const opts = withGlobals<ShowOptions>(command);
    const scope: ScopeFilter = opts.tenant ? { tenantId: opts.tenant } : {};
    const { run, branches } = await withStorage(readConfig(io, opts.config), async (store) => {
      const found = await requireMethod(store, 'getRun', 'show a run')(runId, scope);
      if (!found) throw new NotFoundError('run', runId);
      return { run: found, branches: await timeline(store, runId, scope) };
    });
    if (opts.json) return printJson(io, { run, branches });
    println(io, `run ${run.runId}  status ${run.status}  workflow ${run.workflowId ?? '-'}  agent ${run.agent ?? '-'}  tenant ${run.tenantId ?? '-'}`);
    println(io, `${plural(run.checkpointCount, 'checkpoint')} (latest seq ${run.latestSeq}), state ${formatBytes(run.stateBytes)}, stored ${formatBytes(run.storedBytes)}`);
    println(io, `first ${formatTime(run.firstAt)}  last ${formatTime(run.lastAt)}`);
    if (Object.keys(run.metadata).length) println(io, `metadata ${JSON.stringify(run.metadata)}`);
    for (const b of branches) {
      println(io);
      println(io, b.branchId === null ? 'main line' : `branch ${b.branchId}`);
      const rows = b.checkpoints.map((c) => [
        String(c.seq), c.nodeId, formatBytes(c.stateSizeBytes), formatBytes(c.storedBytes), c.encoding, formatTime(c.createdAt),
      ]);
      println(io, table([['SEQ', 'NODE', 'SIZE', 'STORED', 'ENCODING', 'TIME'], ...rows]).replace(/^/gm, '  '));
    }
  });
}
