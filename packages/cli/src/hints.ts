import { ADMIN_ALL_TENANTS, tenantScope, type StorageBackend } from '@alma/types';
import { plural } from './format.js';
import type { CliIo } from './io.js';

/** How a message names the tenant a command looked in. */
export const tenantLabel = (tenant: string | undefined): string => (tenant ? `tenant '${tenant}'` : 'the single-tenant data (no --tenant)');

/** A note on stderr (`alma: note: …`), so stdout stays what the command prints. */
export function note(io: Pick<CliIo, 'stderr'>, text: string): void {
  io.stderr.write(`alma: note: ${text}\n`);
}

interface Counts {
  readonly memories: number;
  readonly workflowOutcomes: number;
}

async function countIn(store: StorageBackend, projectId: string, scope: Parameters<StorageBackend['getStats']>[0]['scope'], agent?: string): Promise<Counts> {
  const stats = await store.getStats({ scope, projectId, ...(agent ? { agent } : {}) });
  // User preferences belong to users, not agents: an agent's count leaves them out.
  const memories = agent ? stats.totalMemories - stats.counts.user_preference : stats.totalMemories;
  return { memories, workflowOutcomes: stats.workflowOutcomes };
}

/**
 * What the store holds outside the tenant a command looked in (an admin count over every tenant minus the count in
 * the tenant), as a sentence naming `--tenant`, or undefined when there is nothing elsewhere.
 */
export async function otherTenantsHint(store: StorageBackend, projectId: string, tenant: string | undefined, agent?: string): Promise<string | undefined> {
  const [here, all] = await Promise.all([
    countIn(store, projectId, tenantScope({ tenantId: tenant }), agent),
    countIn(store, projectId, ADMIN_ALL_TENANTS, agent),
  ]);
  const memories = all.memories - here.memories;
  const outcomes = all.workflowOutcomes - here.workflowOutcomes;
  if (memories <= 0 && outcomes <= 0) return undefined;
  const what = [memories > 0 ? plural(memories, 'memory', 'memories') : '', outcomes > 0 ? plural(outcomes, 'workflow outcome') : '']
    .filter(Boolean)
    .join(' and ');
  return `${what}${agent ? ` of agent '${agent}'` : ''} ${memories + outcomes === 1 ? 'is' : 'are'} in other tenants than ${tenantLabel(tenant)}: pass --tenant <id> to see them.`;
}

/**
 * Why a retrieve found nothing: the agent has no memory in any tenant (naming the agents the config knows), has them
 * only in other tenants (naming --tenant), or has some here that do not match the task.
 */
export async function emptyRetrieveHint(
  store: StorageBackend,
  projectId: string,
  agent: string,
  tenant: string | undefined,
  configuredAgents: readonly string[],
): Promise<string> {
  const anywhere = await countIn(store, projectId, ADMIN_ALL_TENANTS, agent);
  if (anywhere.memories === 0 && anywhere.workflowOutcomes === 0) {
    const known = configuredAgents.length ? ` (agents in the config: ${configuredAgents.join(', ')})` : '';
    return `agent '${agent}' has no memories in project '${projectId}', in any tenant${known}; check --agent, or learn something first.`;
  }
  const elsewhere = await otherTenantsHint(store, projectId, tenant, agent);
  const here = await countIn(store, projectId, tenantScope({ tenantId: tenant }), agent);
  if (here.memories === 0 && here.workflowOutcomes === 0 && elsewhere) return `no memories for agent '${agent}' in ${tenantLabel(tenant)}; ${elsewhere}`;
  return `no memories for agent '${agent}' match this task`;
}

