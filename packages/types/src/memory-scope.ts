import { z } from 'zod';
import { idSchema } from './primitives.js';

/** What an agent may learn, and whose memories it may read / who may read its memories. */
export const memoryScopeSchema = z
  .object({
    agentName: idSchema,
    canLearn: z.array(z.string().min(1)).default([]),
    cannotLearn: z.array(z.string().min(1)).default([]),
    /** Agents that may READ this agent's memories (push). */
    shareWith: z.array(idSchema).default([]),
    /** Agents whose memories this agent may read (pull). */
    inheritFrom: z.array(idSchema).default([]),
    minOccurrencesForHeuristic: z.number().int().min(1).default(3),
  })
  .strict();
export type MemoryScope = z.output<typeof memoryScopeSchema>;
export type MemoryScopeInput = z.input<typeof memoryScopeSchema>;

/** cannotLearn wins; an empty canLearn allows every other domain. */
export function isDomainAllowed(scope: MemoryScope, domain: string): boolean {
  if (scope.cannotLearn.includes(domain)) return false;
  return scope.canLearn.length === 0 || scope.canLearn.includes(domain);
}

/**
 * May `reader` read memories owned by `owner`? Allowed when it is the same agent, when the reader inherits from the
 * owner (pull), or when the owner shares with the reader (push). `scopes` is every configured agent's scope.
 */
export function canAgentRead(
  scopes: Readonly<Record<string, MemoryScope>>,
  reader: string,
  owner: string,
): boolean {
  if (reader === owner) return true;
  if (scopeOf(scopes, reader)?.inheritFrom.includes(owner)) return true;
  return scopeOf(scopes, owner)?.shareWith.includes(reader) ?? false;
}

/** Every agent whose memories `reader` may read: itself, its inheritFrom, and agents that shareWith it. */
export function readableAgents(scopes: Readonly<Record<string, MemoryScope>>, reader: string): string[] {
  const agents = new Set<string>([reader, ...(scopeOf(scopes, reader)?.inheritFrom ?? [])]);
  for (const [owner, scope] of Object.entries(scopes)) {
    if (scope.shareWith.includes(reader)) agents.add(owner);
  }
  return [...agents];
}

/** Own entries only: an agent named e.g. 'constructor' must not resolve to an Object.prototype member. */
function scopeOf(scopes: Readonly<Record<string, MemoryScope>>, agent: string): MemoryScope | undefined {
  return Object.hasOwn(scopes, agent) ? scopes[agent] : undefined;
}
