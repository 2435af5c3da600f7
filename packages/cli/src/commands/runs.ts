import { Option, type Command } from 'commander';
import { requireMethod } from '@alma/core';
import { RUN_STATUSES, type RunStatus, type RunSummary } from '@alma/types';
import { readConfig, withStorage } from '../config.js';
import { formatBytes, formatTime, table } from '../format.js';
import { printJson, println, type CliIo } from '../io.js';
import { addConfigOption, addJsonOption, intIn, type CommonOptions } from '../options.js';
import { registerRunsShow } from './runs-show.js';

interface ListOptions extends CommonOptions {
  workflow?: string;
  status?: RunStatus;
  agent?: string;
  limit: number;
  cursor?: string;
  tenant?: string;
}

const runRow = (r: RunSummary): string[] => [
  r.runId, r.status, r.workflowId ?? '-', r.agent ?? '-', String(r.checkpointCount), r.branches.join(',') || '-',
  formatBytes(r.stateBytes), formatBytes(r.storedBytes), formatTime(r.lastAt),
];

export function registerRuns(program: Command, io: CliIo): void {
  const runs = program.command('runs').description('the run catalog: workflow runs and their checkpoints');
  const list = runs
    .command('list')
    .description('runs, newest first')
    .option('--workflow <id>', 'only runs of this workflow')
    .addOption(new Option('--status <status>', 'only runs with this status').choices(RUN_STATUSES))
    .option('--agent <name>', 'only runs of this agent')
    .option('--limit <n>', 'runs per page', intIn(1, 1000), 20)
    .option('--cursor <cursor>', 'next page (printed under a full page)')
    .option('--tenant <id>', 'tenant whose runs to list (default: the single-tenant data)');
  addJsonOption(addConfigOption(list)).action(async (opts: ListOptions) => {
    const page = await withStorage(readConfig(io, opts.config), (store) =>
      requireMethod(store, 'listRuns', 'list runs')({
        scope: opts.tenant ? { tenantId: opts.tenant } : {},
        limit: opts.limit,
        ...(opts.workflow ? { workflowId: opts.workflow } : {}),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.agent ? { agent: opts.agent } : {}),
        ...(opts.cursor ? { cursor: opts.cursor } : {}),
      }),
    );
    if (opts.json) return printJson(io, page);
    if (page.runs.length === 0) return println(io, 'No runs.');
    const header = ['RUN', 'STATUS', 'WORKFLOW', 'AGENT', 'CHECKPOINTS', 'BRANCHES', 'STATE', 'STORED', 'LAST'];
    println(io, table([header, ...page.runs.map(runRow)]));
    if (page.nextCursor) println(io, `More: alma runs list --cursor ${page.nextCursor}`);
  });
  registerRunsShow(runs, io);
}
