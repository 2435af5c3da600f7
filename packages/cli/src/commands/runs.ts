import { Option, type Command } from 'commander';
import { requireMethod } from '@alma/core';
import { ADMIN_ALL_TENANTS, RUN_STATUSES, type RunStatus, type RunSummary } from '@alma/types';
import { readConfig, withStorage } from '../config.js';
import { formatBytes, formatTime, table } from '../format.js';
import { note, tenantLabel } from '../hints.js';
import { printJson, println, type CliIo } from '../io.js';
import { type CommonOptions, intIn, withGlobals } from '../options.js';
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
  list.action(async (_opts: unknown, command: Command) => {
    const opts = withGlobals<ListOptions>(command);
    const filters = {
      ...(opts.workflow ? { workflowId: opts.workflow } : {}),
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.agent ? { agent: opts.agent } : {}),
    };
    const { page, elsewhere } = await withStorage(readConfig(io, opts.config), async (store) => {
      const listRuns = requireMethod(store, 'listRuns', 'list runs');
      const found = await listRuns({ scope: opts.tenant ? { tenantId: opts.tenant } : {}, limit: opts.limit, ...filters, ...(opts.cursor ? { cursor: opts.cursor } : {}) });
      // Nothing here: which other tenants have such runs (an admin listing), to name --tenant.
      const others = found.runs.length > 0 || opts.cursor || opts.json ? [] : (await listRuns({ scope: ADMIN_ALL_TENANTS, limit: 100, ...filters })).runs;
      return { page: found, elsewhere: [...new Set(others.map((r) => r.tenantId).filter((t): t is string => t !== undefined && t !== opts.tenant))] };
    });
    if (opts.json) return printJson(io, page);
    if (page.runs.length === 0) {
      println(io, 'No runs.');
      if (elsewhere.length > 0) {
        const shown = elsewhere.slice(0, 5).join(', ') + (elsewhere.length > 5 ? ', …' : '');
        const one = elsewhere.length === 1;
        note(io, `no runs in ${tenantLabel(opts.tenant)}, but ${one ? 'tenant' : 'tenants'} ${shown} ${one ? 'has' : 'have'} some: pass --tenant <id>.`);
      }
      return;
    }
    const header = ['RUN', 'STATUS', 'WORKFLOW', 'AGENT', 'CHECKPOINTS', 'BRANCHES', 'STATE', 'STORED', 'LAST'];
    println(io, table([header, ...page.runs.map(runRow)]));
    if (page.nextCursor) println(io, `More: alma runs list --cursor ${page.nextCursor}`);
  });
  registerRunsShow(runs, io);
}
