import { z } from 'zod';
import { ConfigError, type StorageBackend } from '@alma/types';
import { CONFORMANCE_CASES, isCaseId, type CaseId } from './cases.js';

/** What `createStorage` receives: the embedding dimension every vector of the suite uses. */
export interface StorageFactoryContext {
  readonly embeddingDim: number;
}

/** The input of `runStorageConformance`. */
export interface ConformanceOptions {
  /** Adapter name shown in the test titles, e.g. 'sqlite'. */
  readonly name: string;
  /**
   * Returns a FRESH, ISOLATED, empty store on every call. The suite calls it once per case and calls `close()`
   * on the store when the case ends.
   */
  readonly createStorage: (ctx: StorageFactoryContext) => Promise<StorageBackend>;
  /** Runs once before every case (beforeAll), e.g. start a container or create a database. */
  readonly setup?: () => Promise<void>;
  /** Runs once after every case (afterAll). */
  readonly teardown?: () => Promise<void>;
  /**
   * Cases this adapter cannot pass, each with the reason (required, non-empty). Skipped cases still appear in the
   * jest output as skipped with the reason in their title. An unknown case id is a ConfigError.
   */
  readonly skip?: Partial<Record<CaseId, string>>;
  /**
   * Dimension of every embedding the suite writes.
   * @default 8
   */
  readonly embeddingDim?: number;
  /**
   * Timeout of each case and of setup/teardown, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/** The options after validation, defaults applied. */
export interface ResolvedConformanceOptions {
  readonly name: string;
  readonly createStorage: (ctx: StorageFactoryContext) => Promise<StorageBackend>;
  readonly setup?: () => Promise<void>;
  readonly teardown?: () => Promise<void>;
  readonly skip: Readonly<Partial<Record<CaseId, string>>>;
  readonly embeddingDim: number;
  readonly timeoutMs: number;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: `${what} must be a function` });

export const conformanceOptionsSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty'),
    createStorage: fn('createStorage'),
    setup: fn('setup').optional(),
    teardown: fn('teardown').optional(),
    skip: z
      .record(z.string(), z.string().trim().min(1, 'a skipped case needs a reason'))
      .default({})
      .superRefine((skip, ctx) => {
        for (const id of Object.keys(skip)) {
          if (!isCaseId(id)) {
            ctx.addIssue({ code: 'custom', path: [id], message: 'unknown case id (see CONFORMANCE_CASES)' });
          }
        }
      }),
    embeddingDim: z.number().int().min(4, 'must be >= 4').max(8192, 'must be <= 8192').default(8),
    timeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

/** Validates the options; throws ConfigError naming every bad key. */
export function parseConformanceOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  const result = conformanceOptionsSchema.safeParse(options);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${['options', ...i.path.map(String)].join('.')}: ${i.message}`);
    throw new ConfigError(
      `@alma/storage-conformance: invalid options: ${issues.join('; ')}. Known case ids: ${CONFORMANCE_CASES.length}.`,
      { cause: result.error },
    );
  }
  return result.data as ResolvedConformanceOptions;
}
