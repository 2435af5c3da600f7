import type { Command } from 'commander';
import { MEMORY_TYPES } from '@alma/types';
import { readConfig, withAlma } from '../config.js';
import { table } from '../format.js';
import { printJson, println, type CliIo } from '../io.js';
import { addConfigOption, addJsonOption, type CommonOptions } from '../options.js';

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
  addJsonOption(addConfigOption(cmd)).action(async (opts: StatsOptions) => {
    const loaded = readConfig(io, opts.config);
    const stats = await withAlma(loaded, (alma) =>
      alma.getStats({ ...(opts.agent ? { agent: opts.agent } : {}), context: opts.tenant ? { tenantId: opts.tenant } : {} }),
    );
    if (opts.json) return printJson(io, { ...stats, adapter: loaded.config.storage.adapter });
    const who = [opts.agent && `agent ${opts.agent}`, opts.tenant && `tenant ${opts.tenant}`].filter(Boolean).join(', ');
    println(io, `project ${stats.projectId} (${loaded.config.storage.adapter})${who ? `, ${who}` : ''}`);
    const rows = MEMORY_TYPES.map((type) => [type, String(stats.counts[type])]);
    println(io, table([['TYPE', 'COUNT'], ...rows, ['total memories', String(stats.totalMemories)], ['workflow outcomes', String(stats.workflowOutcomes)]]));
  });
}
