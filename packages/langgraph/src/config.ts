import type { RunnableConfig } from '@langchain/core/runnables';
import { ValidationError } from '@alma/types';

/** The LangGraph coordinates of a call, validated. */
export interface Coordinates {
  readonly threadId: string;
  readonly ns: string;
  readonly checkpointId: string | undefined;
}

function bad(operation: string, path: string, message: string): ValidationError {
  return new ValidationError(`AlmaCheckpointSaver.${operation}: ${path} ${message}.`, [{ path, message }]);
}

/**
 * A thread id as a string. LangGraph users sometimes pass numbers; they are accepted as their decimal text.
 * Empty strings and anything else (objects, arrays, booleans) are rejected.
 */
export function readThreadId(value: unknown, operation: string, path = 'config.configurable.thread_id'): string {
  if (typeof value === 'string') {
    if (value === '') throw bad(operation, path, 'must not be empty');
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw bad(operation, path, 'must be a string (the id of the conversation thread)');
}

export function readNamespace(value: unknown, operation: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw bad(operation, 'config.configurable.checkpoint_ns', 'must be a string');
  return value;
}

export function readCheckpointId(value: unknown, operation: string, path = 'config.configurable.checkpoint_id') {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw bad(operation, path, 'must be a string');
  return value;
}

function configurableOf(config: RunnableConfig | undefined, operation: string): Record<string, unknown> {
  const configurable: unknown = config?.configurable;
  if (configurable === undefined || configurable === null || typeof configurable !== 'object') {
    throw bad(operation, 'config.configurable', 'is required and must hold a thread_id');
  }
  return configurable as Record<string, unknown>;
}

/** For put / putWrites: thread_id is required. */
export function requireCoordinates(config: RunnableConfig, operation: string): Coordinates {
  const c = configurableOf(config, operation);
  if (c['thread_id'] === undefined || c['thread_id'] === null) {
    throw bad(operation, 'config.configurable.thread_id', 'is required');
  }
  return {
    threadId: readThreadId(c['thread_id'], operation),
    ns: readNamespace(c['checkpoint_ns'], operation),
    checkpointId: readCheckpointId(c['checkpoint_id'] ?? c['thread_ts'], operation),
  };
}

/** For getTuple: a config without a thread_id finds nothing (LangGraph's contract), it is not an error. */
export function optionalCoordinates(config: RunnableConfig, operation: string): Coordinates | undefined {
  const c = (config?.configurable ?? {}) as Record<string, unknown>;
  if (c['thread_id'] === undefined || c['thread_id'] === null) return undefined;
  return {
    threadId: readThreadId(c['thread_id'], operation),
    ns: readNamespace(c['checkpoint_ns'], operation),
    checkpointId: readCheckpointId(c['checkpoint_id'] ?? c['thread_ts'], operation),
  };
}

/** For list: every coordinate is an optional filter. */
export interface ListFilter {
  readonly threadId: string | undefined;
  readonly ns: string | undefined;
  readonly checkpointId: string | undefined;
}

export function listFilterOf(config: RunnableConfig | undefined): ListFilter {
  const c = (config?.configurable ?? {}) as Record<string, unknown>;
  const thread = c['thread_id'];
  const ns = c['checkpoint_ns'];
  return {
    threadId: thread === undefined || thread === null || thread === '' ? undefined : readThreadId(thread, 'list'),
    ns: ns === undefined || ns === null ? undefined : readNamespace(ns, 'list'),
    checkpointId: readCheckpointId(c['checkpoint_id'], 'list'),
  };
}
