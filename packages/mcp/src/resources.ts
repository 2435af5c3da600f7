import { NotFoundError, ValidationError } from '@alma/types';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { bindContext } from './binding.js';
import { toJson } from './result.js';
import { summarizeCheckpoint } from './schemas.js';
import type { ToolDeps } from './tools/define.js';

const JSON_MIME = 'application/json';

const jsonContents = (uri: URL, value: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify(toJson(value)) }],
});

/** A template variable as one decoded string. */
function variable(value: string | string[] | undefined, name: string): string {
  const raw = Array.isArray(value) ? value.join(',') : (value ?? '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new ValidationError(`Resource URI: ${name} is not valid percent-encoding.`, [{ path: name, message: 'bad encoding' }]);
  }
  if (decoded === '') throw new ValidationError(`Resource URI: ${name} is empty.`, [{ path: name, message: 'required' }]);
  return decoded;
}

/**
 * `alma://stats` (memory counts of the server's tenant), `alma://runs/{runId}/checkpoints` (the run's latest
 * checkpoints as a timeline, no states) and `alma://runs/{runId}/checkpoints/{seq}` (one checkpoint with its state).
 */
export function registerResources(server: McpServer, deps: ToolDeps): void {
  const { alma, binding, options } = deps;
  const scope = () => alma.scopeOf(bindContext(binding));

  server.registerResource(
    'stats',
    'alma://stats',
    { title: 'Memory statistics', description: 'Memory counts per type for this server\'s tenant.', mimeType: JSON_MIME },
    async (uri) => jsonContents(uri, await alma.getStats({ context: bindContext(binding) })),
  );

  server.registerResource(
    'run-checkpoints',
    new ResourceTemplate('alma://runs/{runId}/checkpoints', { list: undefined }),
    {
      title: "A run's checkpoint timeline",
      description: `The latest ${options.maxPageSize} checkpoints of a run: seq, node, branch, size, time (no states).`,
      mimeType: JSON_MIME,
    },
    async (uri, vars) => {
      const runId = variable(vars['runId'], 'runId');
      const latest = await alma.getResumePoint(runId, bindContext(binding));
      if (!latest) return jsonContents(uri, { runId, checkpoints: [], truncated: false });
      const afterSeq = Math.max(0, latest.seq - options.maxPageSize);
      const page = await alma.checkpoints.listCheckpoints(runId, scope(), { afterSeq, limit: options.maxPageSize });
      const timeline = page.map((c) => {
        const { metadata: _m, stateHash: _h, ...rest } = summarizeCheckpoint(c);
        return rest;
      });
      return jsonContents(uri, { runId, checkpoints: timeline, truncated: afterSeq > 0 });
    },
  );

  server.registerResource(
    'run-checkpoint',
    new ResourceTemplate('alma://runs/{runId}/checkpoints/{seq}', { list: undefined }),
    { title: 'One checkpoint with its state', description: 'The checkpoint of a run with this seq.', mimeType: JSON_MIME },
    async (uri, vars) => {
      const runId = variable(vars['runId'], 'runId');
      const seq = Number(variable(vars['seq'], 'seq'));
      if (!Number.isInteger(seq) || seq < 1) {
        throw new ValidationError('Resource URI: seq must be a positive integer.', [{ path: 'seq', message: 'not a positive integer' }]);
      }
      const [c] = await alma.checkpoints.listCheckpoints(runId, scope(), { afterSeq: seq - 1, limit: 1 });
      if (!c || c.seq !== seq) throw new NotFoundError('Checkpoint', `${runId} seq ${seq}`);
      return jsonContents(uri, summarizeCheckpoint(c, true));
    },
  );
}
