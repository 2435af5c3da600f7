import type { ALMA } from '@alma/core';
import { isAlmaError } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Binding } from '../binding.js';
import type { ResolvedServerOptions } from '../options.js';
import { toolError, toolResult } from '../result.js';

/** What every tool handler gets: the ALMA instance, the server-bound scope and the limits. */
export interface ToolDeps {
  readonly alma: ALMA;
  readonly binding: Binding;
  readonly options: ResolvedServerOptions;
}

export interface ToolSpec<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  readonly annotations?: ToolAnnotations;
}

/**
 * Registers one tool: a strict zod input schema (unknown arguments are errors), an output schema, and a handler
 * whose result goes back as `structuredContent` + text. Anything the handler throws becomes an MCP tool error with
 * the ALMA error code; nothing escapes to the transport.
 */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  server: McpServer,
  deps: ToolDeps,
  spec: ToolSpec<I, O>,
  run: (args: z.output<z.ZodObject<I>>) => Promise<Record<string, unknown>>,
): void {
  // One span per call, named and attributed as OpenTelemetry's MCP / GenAI conventions do; the ALMA operation inside
  // (alma.retrieve, alma.learn ...) and its store calls nest under it.
  const attributes = {
    'alma.operation': 'mcp.tool',
    'mcp.method.name': 'tools/call',
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': spec.name,
    'alma.tenant': deps.binding.tenantId,
  };
  const handler = async (args: z.output<z.ZodObject<I>>): Promise<CallToolResult> => {
    try {
      return toolResult(await deps.alma.telemetry.span(`tools/call ${spec.name}`, attributes, () => run(args)));
    } catch (error) {
      if (!isAlmaError(error)) deps.options.onError?.(error, spec.name);
      return toolError(error);
    }
  };
  server.registerTool(
    spec.name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: z.strictObject(spec.input),
      outputSchema: z.object(spec.output),
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
    },
    handler as never,
  );
}

// Every tool states all four hints. MCP's meanings: destructiveHint false = only additive updates (true = it may
// overwrite or delete); idempotentHint true = the same call again has no further effect. openWorldHint is false
// throughout: tools touch only the ALMA store.

/** Only reads (and so is trivially idempotent). */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
/** Adds records; the same call again adds more (a new outcome, link, work item, session, checkpoint of a merge). */
export const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
/** Adds a record unless an equal one exists (deduplicated preference / fact / entity, unchanged checkpoint skipped). */
export const WRITES_IDEMPOTENT: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
/**
 * Overwrites or may delete existing records, and a repeat changes things again: field updates, invalidation at
 * "now", learning (which can evict memories beyond the per-agent quotas), decay-based pruning.
 */
export const CHANGES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };
/** Deletes what matches; the same call again finds nothing more to delete. */
export const DELETES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };
