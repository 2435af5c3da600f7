import { ConfigError, idSchema, parseInput, ValidationError } from '@alma/types';
import { z } from 'zod';

/** What the health page says about the store itself; the CLI fills it from the config. */
export interface StoreInfo {
  /** Adapter name, e.g. 'sqlite'. */
  readonly adapter: string;
  /** What the store is: a file path, a schema, a database. */
  readonly target?: string;
  /** Bytes on disk, when the store can say (a SQLite file with its WAL). */
  readonly sizeBytes?: number;
}

export interface StudioOptions {
  /**
   * The tenant every page and API call is bound to: nothing of another tenant is read, whatever the URL says.
   * @default undefined (tenant-less, single-tenant data)
   */
  tenantId?: string;
  /**
   * Admin mode: every tenant is visible, a tenant filter chooses one, and retrieval may use scope 'global'.
   * Excludes `tenantId`. @default false
   */
  allTenants?: boolean;
  /** Enables deleting a memory and forgetting candidates (each asks for confirmation). @default false (read-only) */
  allowWrites?: boolean;
  /** Interface to bind. Anything but loopback needs `token`. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 8780 */
  port?: number;
  /**
   * Bearer token: requests need `Authorization: Bearer <token>` or the cookie set by opening the printed URL
   * (`/?token=<token>`). Required when `host` is not loopback. @default undefined (no authentication)
   */
  token?: string;
  /** States larger than this are not rendered inline (413, with a download link instead). @default 1048576 (1 MiB) */
  maxStateBytes?: number;
  /** Memories scanned at most for a text filter or a sort the store cannot do. @default 100000 */
  maxScan?: number;
  /** Where the built page is (index.html and assets/). @default the package's dist/ui */
  assetsDir?: string;
  /** Migration status shown on the health page (`alma studio` passes `alma migrate status`). */
  migrationStatus?: () => Promise<unknown>;
  /** The store's adapter, target and size for the health page. */
  storeInfo?: () => Promise<StoreInfo>;
  /** Called with every error that is not an AlmaError (a bug or an infrastructure failure). @default no-op */
  onError?: (error: unknown, where: string) => void;
}

const fn = <T>(what: string) => z.custom<T>((v) => typeof v === 'function', `must be ${what}`);

const optionsSchema = z
  .object({
    tenantId: idSchema.optional(),
    allTenants: z.boolean().default(false),
    allowWrites: z.boolean().default(false),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8780),
    token: z.string().min(16, 'must be at least 16 characters').max(1024).optional(),
    maxStateBytes: z.number().int().min(1024).max(1024 ** 3).default(1024 ** 2),
    maxScan: z.number().int().min(100).max(100_000).default(100_000),
    assetsDir: z.string().min(1).optional(),
    migrationStatus: fn<() => Promise<unknown>>('a function returning a promise').optional(),
    storeInfo: fn<() => Promise<StoreInfo>>('a function returning a promise').optional(),
    onError: fn<(error: unknown, where: string) => void>('a function').optional(),
  })
  .strict()
  .refine((o) => !(o.allTenants && o.tenantId !== undefined), {
    message: 'tenantId and allTenants exclude each other: bind one tenant, or show every tenant as an admin',
    path: ['allTenants'],
  });
export type ResolvedStudioOptions = z.output<typeof optionsSchema>;

/** Options are configuration: a bad one is a ConfigError naming the key. */
export function resolveStudioOptions(options: StudioOptions = {}): ResolvedStudioOptions {
  try {
    return parseInput(optionsSchema, options, 'alma studio options');
  } catch (error) {
    if (error instanceof ValidationError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** 127.0.0.0/8, ::1 and localhost. */
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
