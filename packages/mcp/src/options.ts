import { ConfigError, parseInput, ValidationError } from '@alma/types';
import { z } from 'zod';

/** Version reported to clients in `initialize` (kept in step with package.json). */
export const SERVER_VERSION = '0.1.0';

/** Tool groups a server can offer (all by default); fewer tools = less of the client's context used. */
export const TOOL_GROUPS = ['memory', 'workflow', 'sessions', 'progress', 'insight', 'graph'] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

export interface AlmaMcpServerOptions {
  /**
   * The tenant every call is bound to. Tool arguments cannot choose another one: a `context.tenantId` that differs
   * is refused with SCOPE_VIOLATION. @default undefined (tenant-less, single-tenant data)
   */
  tenantId?: string;
  /** Let `alma_retrieve` use scope 'global', which reads every tenant. @default false */
  allowAdmin?: boolean;
  /** Largest `topK` a tool accepts (per memory type). @default 20 */
  maxTopK?: number;
  /** Largest page of checkpoints a tool or resource returns. @default 100 */
  maxPageSize?: number;
  /**
   * Which tool groups to register: memory (retrieve, learn, preferences, knowledge, forget, delete, stats), workflow
   * (checkpoints, merge, workflow outcomes, artifacts), sessions, progress, insight (prune, health, strategy
   * assessment, learning from conversations), graph. @default every group
   */
  tools?: readonly ToolGroup[];
  /** Server name reported in `initialize`. @default 'alma' */
  name?: string;
  /** Server version reported in `initialize`. @default SERVER_VERSION */
  version?: string;
  /**
   * Called with every error that is not an AlmaError (a bug or an infrastructure failure), e.g. to log it on
   * stderr. The call still comes back as a tool error; the server keeps running. @default no-op
   */
  onError?: (error: unknown, where: string) => void;
}

const optionsSchema = z
  .object({
    tenantId: z.string().min(1).max(256).optional(),
    allowAdmin: z.boolean().default(false),
    maxTopK: z.number().int().min(1).max(100).default(20),
    maxPageSize: z.number().int().min(1).max(10_000).default(100),
    tools: z.array(z.enum(TOOL_GROUPS)).min(1).default([...TOOL_GROUPS]),
    name: z.string().min(1).default('alma'),
    version: z.string().min(1).default(SERVER_VERSION),
    onError: z.custom<(error: unknown, where: string) => void>((v) => typeof v === 'function').optional(),
  })
  .strict();
export type ResolvedServerOptions = z.output<typeof optionsSchema>;

/** Options are configuration: a bad one is a ConfigError naming the key. */
export function resolveServerOptions(options: AlmaMcpServerOptions = {}): ResolvedServerOptions {
  try {
    return parseInput(optionsSchema, options, 'alma-mcp server options');
  } catch (error) {
    if (error instanceof ValidationError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
}
