import type { Command } from 'commander';
import { Option } from 'commander';
import { RETRIEVAL_SCOPE_ORDER, sliceNote, totalItems, type WorkflowContextInit } from '@alma/types';
import { readConfig, withAlma } from '../config.js';
import { emptyRetrieveHint, note } from '../hints.js';
import { printJson, println, type CliIo } from '../io.js';
import { type CommonOptions, intIn, withGlobals } from '../options.js';

interface RetrieveOptions extends CommonOptions {
  agent: string;
  scope?: string;
  tenant?: string;
  workflow?: string;
  run?: string;
  node?: string;
  user?: string;
  topK?: number;
  maxTokens?: number;
  workflowOutcomes: boolean;
  admin: boolean;
}

export function registerRetrieve(program: Command, io: CliIo): void {
  const cmd = program
    .command('retrieve')
    .description('the memories an agent would get for a task, as prompt text (or JSON)')
    .argument('<task>', 'what the agent is about to do')
    .requiredOption('--agent <name>', 'the agent retrieving')
    .addOption(new Option('--scope <scope>', 'how wide to look').choices(RETRIEVAL_SCOPE_ORDER))
    .option('--tenant <id>', 'tenant of the call')
    .option('--workflow <id>', 'workflow of the call')
    .option('--run <id>', 'run of the call')
    .option('--node <id>', 'node of the call')
    .option('--user <id>', "add this user's preferences")
    .option('--top-k <n>', 'memories per type', intIn(1, 100))
    .option('--max-tokens <n>', 'token budget of the prompt text', intIn(1, 1_000_000))
    .option('--workflow-outcomes', 'include similar past workflow outcomes', false)
    .option('--admin', "allow --scope global (reads every tenant)", false);
  cmd.action(async (task: string, _opts: unknown, command: Command) => {
    const opts = withGlobals<RetrieveOptions>(command);
    const context: WorkflowContextInit = {
      ...(opts.tenant ? { tenantId: opts.tenant } : {}),
      ...(opts.workflow ? { workflowId: opts.workflow } : {}),
      ...(opts.run ? { runId: opts.run } : {}),
      ...(opts.node ? { nodeId: opts.node } : {}),
    };
    const loaded = readConfig(io, opts.config);
    await withAlma(loaded, async (alma) => {
      const slice = await alma.retrieve({
        task, agent: opts.agent, context, admin: opts.admin, includeWorkflowOutcomes: opts.workflowOutcomes,
        ...(opts.scope ? { scope: opts.scope } : {}),
        ...(opts.user ? { userId: opts.user } : {}),
        ...(opts.topK ? { topK: opts.topK } : {}),
      });
      if (opts.json) return printJson(io, slice);
      if (totalItems(slice) === 0 && slice.workflowOutcomes.length === 0) {
        const agents = Object.keys(loaded.config.agents ?? {});
        io.stderr.write(`alma: ${await emptyRetrieveHint(alma.storage, alma.projectId, opts.agent, opts.tenant, agents)}\n`);
        return;
      }
      println(io, alma.toPrompt(slice, opts.maxTokens));
      const only = sliceNote(slice);
      if (only) note(io, only);
    });
  });
}
