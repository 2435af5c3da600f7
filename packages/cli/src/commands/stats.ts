import type { Command } from 'commander';
import { MEMORY_TYPES } from '@alma/types';
import { readConfig, withAlma } from '../config.js';
import { table } from '../format.js';
import { otherTenantsHint, note } from '../hints.js';
import { printJson, println, type CliIo } from '../io.js';
import { type CommonOptions, withGlobals } from '../options.js';

interface StatsOptions extends CommonOptions {
  agent?: string;
  tenant?: string;
}

export function registerStats(program: Command, io: CliIo): void {
  const cmd = program
    .command('stats')
    .description('how many memories of each type and workflow outcomes the store holds')
    .option('--agent <name>', 'only this agent')
    .option('--tenant <id>', 'tenant to count (default: the single-tenant data)');
  cmd.action(async (_opts: unknown, command: Command) => {
    const opts = withGlobals<StatsOptions>(command);
    const loaded = readConfig(io, opts.config);
    const { stats, hint } = await withAlma(loaded, async (alma) => {
      const counted = await alma.getStats({ ...(opts.agent ? { agent: opts.agent } : {}), context: opts.tenant ? { tenantId: opts.tenant } : {} });
      return { stats: counted, hint: opts.json ? undefined : await otherTenantsHint(alma.storage, alma.projectId, opts.tenant, opts.agent) };
    });
    if (opts.json) return printJson(io, { ...stats, adapter: loaded.config.storage.adapter });
    const who = [opts.agent && `agent ${opts.agent}`, opts.tenant && `tenant ${opts.tenant}`].filter(Boolean).join(', ');
    println(io, `project ${stats.projectId} (${loaded.config.storage.adapter})${who ? `, ${who}` : ''}`);
    const rows = MEMORY_TYPES.map((type) => [type, String(stats.counts[type])]);
    println(io, table([['TYPE', 'COUNT'], ...rows, ['total memories', String(stats.totalMemories)], ['workflow outcomes', String(stats.workflowOutcomes)]]));
    if (hint) note(io, hint);
  });
}
