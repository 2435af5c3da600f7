import { MEMORY_TYPES, memoryTypeSchema, ValidationError, type MemoryType } from '@alma/types';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { bindContext } from './binding.js';
import { toJson } from './result.js';
import type { ToolDeps } from './tools/define.js';

const JSON_MIME = 'application/json';

/** The memories resource of one type, page `cursor` (the offset of its first record; pages are newest first). */
export const memoriesUri = (type: MemoryType, cursor?: number): string => `alma://memories/${type}${cursor ? `?cursor=${cursor}` : ''}`;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseCursor(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const offset = Number(text);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValidationError('Resource URI: cursor must be the nextCursor of a previous page.', [{ path: 'cursor', message: 'not a page cursor' }]);
  }
  return offset;
}

/**
 * `alma://memories/{type}` for each memory type: the server tenant's memories of that type, newest first, a page of
 * `maxPageSize` records without embeddings; `nextCursor` (and `next`, the URI of the following page) while there are
 * more. The cursor is an offset, so a page is read with one query of offset + page size records.
 */
export function registerMemoryResources(server: McpServer, deps: ToolDeps): void {
  const { alma, binding, options } = deps;
  server.registerResource(
    'memories',
    // The SDK's template matcher does not treat `{?cursor}` as optional: the page cursor is read from the URI's query.
    new ResourceTemplate('alma://memories/{type}', {
      list: async () => ({
        resources: MEMORY_TYPES.map((type) => ({ uri: memoriesUri(type), name: `${type} memories`, mimeType: JSON_MIME })),
      }),
      complete: { type: (prefix) => MEMORY_TYPES.filter((t) => t.startsWith(prefix)) },
    }),
    {
      title: 'Memories by type',
      description:
        `The memories of one type (${MEMORY_TYPES.join(', ')}), newest first, ${options.maxPageSize} per page; ` +
        'the next page is `next` (alma://memories/{type}?cursor=<nextCursor>).',
      mimeType: JSON_MIME,
    },
    async (uri, vars): Promise<ReadResourceResult> => {
      const parsed = memoryTypeSchema.safeParse(single(vars['type'])?.split('?')[0]);
      if (!parsed.success) {
        throw new ValidationError(`Resource URI: type must be one of ${MEMORY_TYPES.join(', ')}.`, [{ path: 'type', message: 'unknown memory type' }]);
      }
      const type = parsed.data;
      const offset = parseCursor(uri.searchParams.get('cursor') ?? undefined);
      const found = await alma.storage.queryMemories(type, {
        scope: alma.scopeOf(bindContext(binding)),
        projectId: alma.projectId,
        topK: offset + options.maxPageSize + 1,
      });
      // toJson leaves embeddings out.
      const page = found.slice(offset, offset + options.maxPageSize).map(({ record }) => record);
      const more = found.length > offset + options.maxPageSize;
      const next = offset + options.maxPageSize;
      const body = { type, memories: page, ...(more ? { nextCursor: String(next), next: memoriesUri(type, next) } : {}) };
      return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify(toJson(body)) }] };
    },
  );
}
