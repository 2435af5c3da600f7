import type { ALMA } from '@alma/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { resolveServerOptions, type AlmaMcpServerOptions, type ToolGroup } from './options.js';
import { registerMemoryResources } from './memory-resources.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerCheckpointTools } from './tools/checkpoints.js';
import { registerGraphTools } from './tools/graph.js';
import { registerInsightTools } from './tools/insight.js';
import type { ToolDeps } from './tools/define.js';
import { registerMemoryTools } from './tools/memory.js';
import { registerOutcomeTools } from './tools/outcomes.js';
import { registerProgressTools } from './tools/progress.js';
import { registerRetrieveTool } from './tools/retrieve.js';
import { registerSessionTools } from './tools/sessions.js';

const INSTRUCTIONS =
  'ALMA: persistent memory for agents. Before a task call alma_retrieve (task + agent) and use the prompt text; ' +
  'after it call alma_learn with the outcome. Store lasting user preferences with alma_add_preference and facts ' +
  'with alma_add_knowledge; remove wrong ones with alma_delete_memory. For workflows: alma_checkpoint after each ' +
  'node, alma_get_resume_point after a crash, alma_merge_states at a join, alma_learn_from_workflow at the end. ' +
  'Sessions: alma_start_session to orient, alma_end_session to leave a handoff; work items: alma_*_work_item. ' +
  'The tenant is fixed by the server; do not pass one.';

type Registrar = (server: McpServer, deps: ToolDeps) => void;
const REGISTRARS: ReadonlyArray<[ToolGroup, readonly Registrar[]]> = [
  ['memory', [registerRetrieveTool, registerMemoryTools]],
  ['workflow', [registerCheckpointTools, registerOutcomeTools]],
  ['sessions', [registerSessionTools]],
  ['progress', [registerProgressTools]],
  ['insight', [registerInsightTools]],
  ['graph', [registerGraphTools]],
];

/**
 * An MCP server exposing `alma` as tools (`alma_*`), resources (`alma://stats`, `alma://memories/{type}`,
 * `alma://runs/{runId}/...`) and prompts for the common flows (`alma_recall`, `alma_record_outcome`,
 * `alma_session_start`).
 * Connect it to any transport (`server.connect(new StdioServerTransport())`). Every call is bound to
 * `options.tenantId`; bad arguments come back as tool errors and write nothing.
 */
export function createAlmaMcpServer(alma: ALMA, options: AlmaMcpServerOptions = {}): McpServer {
  const resolved = resolveServerOptions(options);
  const server = new McpServer(
    { name: resolved.name, version: resolved.version },
    { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {}, prompts: {} } },
  );
  const deps: ToolDeps = {
    alma,
    binding: Object.freeze({ tenantId: resolved.tenantId, allowAdmin: resolved.allowAdmin }),
    options: resolved,
  };
  const groups = new Set(resolved.tools);
  for (const [group, register] of REGISTRARS) {
    if (groups.has(group)) for (const r of register) r(server, deps);
  }
  registerResources(server, deps);
  registerMemoryResources(server, deps);
  registerPrompts(server, deps);
  return server;
}
