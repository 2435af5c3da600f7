import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isAlmaError, ValidationError } from '@alma/types';

/** Keys never sent to a client: vectors are large and useless to a model. */
const DROPPED_KEYS = new Set(['embedding']);

/**
 * A JSON-safe copy of a result: Dates become ISO strings, typed arrays become number arrays, `embedding` keys and
 * undefined values are dropped. What the client receives is exactly what the output schema describes.
 */
export function toJson<T = unknown>(value: unknown): T {
  return JSON.parse(
    JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
      if (DROPPED_KEYS.has(key)) return undefined;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    }),
  ) as T;
}

/** A successful tool result: `structuredContent` plus the same JSON as text for clients without structured output. */
export function toolResult(structured: Record<string, unknown>): CallToolResult {
  const json = toJson<Record<string, unknown>>(structured);
  return { content: [{ type: 'text', text: JSON.stringify(json) }], structuredContent: json };
}

/** Machine-readable part of an error result (`_meta['alma/error']`). */
export interface ToolErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly issues?: ReadonlyArray<{ path: string; message: string }>;
}

/** Error code of anything that is not an AlmaError (a bug or an infrastructure failure). */
export const INTERNAL_ERROR_CODE = 'INTERNAL';

/** The error description of a thrown value; AlmaErrors keep their code, anything else is INTERNAL. */
export function describeError(error: unknown): ToolErrorInfo {
  if (isAlmaError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error instanceof ValidationError && error.issues.length > 0 ? { issues: error.issues } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: INTERNAL_ERROR_CODE, message: message || 'Unexpected error' };
}

/**
 * An MCP tool error (`isError: true`): the text reads `CODE: message`, `_meta['alma/error']` carries the code,
 * message and (for validation errors) the bad fields. The client model can read and correct its call.
 */
export function toolError(error: unknown): CallToolResult {
  const info = describeError(error);
  return {
    isError: true,
    content: [{ type: 'text', text: `${info.code}: ${info.message}` }],
    _meta: { 'alma/error': { ...info } },
  };
}
