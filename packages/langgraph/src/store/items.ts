import type { Item } from '@langchain/langgraph-checkpoint';
import { InvalidNamespaceError, type MatchCondition } from '@langchain/langgraph-checkpoint';
import { MEMORY_TYPES, type MemoryRecord, type MemoryType } from '@alma/types';

/*
 * LangGraph store items over ALMA memories. A namespace is `[memoryType, owner]`: the owner is the agent for the
 * four agent memory types and the user for `user_preference`. The key is the memory id; the value is the record
 * without its identity fields (id, tenant, project, embedding), dates as ISO strings.
 */

export const ownerField = (type: MemoryType): 'agent' | 'userId' => (type === 'user_preference' ? 'userId' : 'agent');

/** The fields holding when a memory was created and last changed, per type. */
export const TIME_FIELDS: Readonly<Record<MemoryType, { created: string; updated: string }>> = {
  heuristic: { created: 'createdAt', updated: 'lastValidated' },
  outcome: { created: 'timestamp', updated: 'timestamp' },
  user_preference: { created: 'timestamp', updated: 'timestamp' },
  domain_knowledge: { created: 'lastVerified', updated: 'lastVerified' },
  anti_pattern: { created: 'createdAt', updated: 'lastSeen' },
};

/** Time fields a new memory gets when the value leaves them out. */
export function timeDefaults(type: MemoryType, now: Date): Record<string, Date> {
  const { created, updated } = TIME_FIELDS[type];
  return { [created]: now, [updated]: now };
}

export interface ParsedNamespace {
  readonly type: MemoryType;
  readonly owner: string | undefined;
}

export function isMemoryType(value: unknown): value is MemoryType {
  return typeof value === 'string' && (MEMORY_TYPES as readonly string[]).includes(value);
}

/** `[type]` or `[type, owner]`; anything else names no ALMA memory. */
export function parseNamespace(namespace: readonly string[]): ParsedNamespace {
  const [type, owner, ...rest] = namespace;
  if (!isMemoryType(type) || rest.length > 0) {
    throw new InvalidNamespaceError(
      `AlmaMemoryStore namespaces are [memoryType] or [memoryType, owner] with memoryType one of ` +
        `${MEMORY_TYPES.join(', ')}; got [${namespace.join(', ')}].`
    );
  }
  return { type, owner };
}

const IDENTITY = new Set(['id', 'tenantId', 'projectId', 'embedding']);

function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object' && !(value instanceof Float32Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

export function toItem(type: MemoryType, record: MemoryRecord): Item {
  const fields = record as unknown as Record<string, unknown>;
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) if (!IDENTITY.has(key)) value[key] = jsonSafe(field);
  const { created, updated } = TIME_FIELDS[type];
  return {
    namespace: [type, String(fields[ownerField(type)])],
    key: record.id,
    value,
    createdAt: new Date(fields[created] as Date),
    updatedAt: new Date(fields[updated] as Date),
  };
}

/** Share of the query's words found in the text (case-insensitive); the score of a search without embeddings. */
export function keywordScore(query: string, text: string): number {
  const words = query
    .toLowerCase()
    .split(/\W+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return 0;
  const haystack = text.toLowerCase();
  return words.filter((w) => haystack.includes(w)).length / words.length;
}

/** LangGraph's namespace match conditions (`*` matches any label). */
export function matchesConditions(namespace: readonly string[], conditions: readonly MatchCondition[] | undefined) {
  return (conditions ?? []).every(({ matchType, path }) => {
    if (path.length > namespace.length) return false;
    const part =
      matchType === 'prefix' ? namespace.slice(0, path.length) : namespace.slice(namespace.length - path.length);
    return path.every((label, i) => label === '*' || label === part[i]);
  });
}
