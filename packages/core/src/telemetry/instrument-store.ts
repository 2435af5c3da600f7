import { MEMORY_TYPES, type StorageBackend } from '@alma/types';
import type { Attributes } from './otel.js';
import type { Telemetry } from './telemetry.js';

const MEMORY_TYPE_SET = new Set<string>(MEMORY_TYPES);

/** The contract's promise-returning methods (storage contract v2), the ones traced. */
const TRACED: ReadonlySet<string> = new Set([
  'saveMemory', 'saveMemories', 'getMemory', 'queryMemories', 'updateMemory', 'incrementHeuristicOccurrence', 'deleteMemory',
  'deleteMemories', 'getStats', 'saveCheckpoint', 'getCheckpoint', 'getLatestCheckpoint', 'getLatestCheckpointPerBranch',
  'listCheckpoints', 'deleteCheckpoints', 'deleteCheckpointsOlderThan', 'saveWorkflowOutcome', 'getWorkflowOutcome',
  'queryWorkflowOutcomes', 'deleteWorkflowOutcome', 'saveArtifactLink', 'getArtifactLinks', 'deleteArtifactLink',
  'saveSessionHandoff', 'updateSessionHandoff', 'listSessionHandoffs', 'deleteSessionHandoffs', 'saveWorkItem', 'getWorkItem',
  'updateWorkItem', 'listWorkItems', 'deleteWorkItem', 'saveEntity', 'getEntity', 'queryEntities', 'deleteEntity',
  'saveRelationship', 'queryRelationships', 'deleteRelationship', 'traverseGraph', 'listRuns', 'getRun', 'updateRun',
  'restoreCheckpoint', 'close',
]);

/** The tenant a store call is about: from a scope argument, a query's scope, or a record. */
function tenantOf(args: readonly unknown[]): string | undefined {
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null) continue;
    const a = arg as { tenantId?: unknown; scope?: { tenantId?: unknown; allTenants?: unknown } };
    if (typeof a.tenantId === 'string') return a.tenantId;
    if (typeof a.scope?.tenantId === 'string') return a.scope.tenantId;
    if (a.scope?.allTenants === true || (a as { allTenants?: unknown }).allTenants === true) return '*';
  }
  return undefined;
}

/** Span attributes of one store call: store, method, memory type, tenant, how many records it writes. */
function callAttributes(store: string, method: string, args: readonly unknown[]): Attributes {
  const first = args[0];
  const records = Array.isArray(args[1]) ? args[1].length : undefined;
  const checkpoint = method === 'saveCheckpoint' || method === 'restoreCheckpoint' ? (first as { stateSizeBytes?: unknown } | undefined) : undefined;
  return {
    'alma.operation': 'alma.store',
    'alma.store': store,
    'alma.store.method': method,
    'alma.memory_type': typeof first === 'string' && MEMORY_TYPE_SET.has(first) ? first : undefined,
    'alma.tenant': tenantOf(args),
    'alma.store.records': records,
    'alma.checkpoint.bytes': typeof checkpoint?.stateSizeBytes === 'number' ? checkpoint.stateSizeBytes : undefined,
  };
}

/** What a call returned, in numbers: rows found, a hit or a miss for single reads. */
function resultAttributes(result: unknown): Attributes {
  if (Array.isArray(result)) return { 'alma.store.results': result.length };
  if (typeof result === 'number') return { 'alma.store.affected': result };
  if (typeof result === 'boolean') return { 'alma.store.hit': result };
  return {};
}

/**
 * The store with every method of the contract that returns a promise in a span `alma.store.<method>` (store name,
 * method, memory type, tenant, records written, rows returned; errors marked). Other members — `capabilities`,
 * `exportRecords` (an async iterator), an adapter's own methods — pass through. `instanceof` still sees the store's
 * class. Functions assigned to the instance itself (test spies, patches) are not wrapped: reading them gives them back.
 */
export function instrumentStore<S extends StorageBackend>(store: S, telemetry: Telemetry): S {
  const name = store.capabilities?.name ?? 'unknown';
  // Methods run on the store itself (never on the proxy), so adapters with #private fields work too. Wrappers are
  // kept per method function, so a method replaced on the instance later is the one called.
  type Method = (...args: unknown[]) => unknown;
  const traced = new WeakMap<Method, Method>();
  const bound = new WeakMap<Method, Method>();
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      // A function set on the instance itself (a test spy, a user's patch) is handed back as it is.
      if (typeof value !== 'function' || typeof key !== 'string' || Object.prototype.hasOwnProperty.call(target, key)) return value;
      const method = value as Method;
      if (telemetry.passthrough || !TRACED.has(key)) {
        let fn = bound.get(method);
        if (!fn) bound.set(method, (fn = method.bind(target) as Method));
        return fn;
      }
      let fn = traced.get(method);
      if (!fn) {
        fn = (...args: unknown[]): Promise<unknown> =>
          telemetry.span(`alma.store.${key}`, callAttributes(name, key, args), async () => method.apply(target, args), (r) => ({
            attributes: resultAttributes(r),
          }));
        traced.set(method, fn);
      }
      return fn;
    },
  });
}
