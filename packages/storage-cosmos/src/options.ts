import type { Agent } from 'node:https';
import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import { ConfigError } from '@alma/types';
import { z } from 'zod';

/** The `@azure/identity` credential type (`DefaultAzureCredential`, `ManagedIdentityCredential`, ...). */
export type TokenCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

/** How similarity queries rank: on the service (`VectorDistance`) or in this process. */
export type VectorSearchMode = 'auto' | 'native' | 'in-process';

/** Options of `CosmosStorage.open()` / `createStorage()`. Give `client`, or `endpoint` with `key` or `aadCredentials`. */
export interface CosmosStorageOptions {
  /** Account endpoint, e.g. `https://my-account.documents.azure.com:443/`. @default undefined */
  endpoint?: string;
  /** Account key (primary or secondary). Mutually exclusive with `aadCredentials`. @default undefined */
  key?: string;
  /** Entra ID credential from `@azure/identity` (managed identity, workload identity, ...). @default undefined */
  aadCredentials?: TokenCredential;
  /** A `CosmosClient` you configured yourself; the store never disposes it. @default undefined */
  client?: CosmosClient;
  /** Database id. @default 'alma' */
  databaseId?: string;
  /** Prefix of every container id (letters, digits, `_`, `-`). @default 'alma_' */
  containerPrefix?: string;
  /**
   * `native`: rank with `VectorDistance` (needs the account's vector search feature and `embeddingDim`; `open()`
   * fails when the service lacks it). `in-process`: fetch the partition-filtered candidates and rank by cosine
   * in JavaScript. `auto`: native when a probe query succeeds and `embeddingDim` is set, in-process otherwise.
   * @default 'auto'
   */
  vectorSearch?: VectorSearchMode;
  /** Dimension of the embeddings you write; needed for the containers' vector policy. @default undefined */
  embeddingDim?: number;
  /** Vector index type of the containers created in native mode. @default 'quantizedFlat' */
  vectorIndexType?: 'flat' | 'quantizedFlat' | 'diskANN';
  /** Create the database and containers (with indexing policies) when missing. @default true */
  createIfNotExists?: boolean;
  /** Retries of a request throttled with 429 (ignored with `client`: configure yours). @default 9 */
  maxRetryAttemptsOn429?: number;
  /** Longest total wait across the 429 retries of one request, in seconds (ignored with `client`). @default 30 */
  maxRetryWaitSeconds?: number;
  /** HTTPS agent, e.g. one trusting a local emulator's self-signed certificate. Tests only. @default undefined */
  agent?: Agent;
  /**
   * How long `open()` waits for the account endpoint to answer at all before failing with a StorageError (the SDK
   * itself retries an endpoint that never answers for minutes). Not used with `client`.
   * @default 10000
   */
  openTimeoutMs?: number;
}

const isCredential = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { getToken?: unknown }).getToken === 'function';
const isClient = (v: unknown): boolean =>
  v instanceof CosmosClient ||
  (typeof v === 'object' && v !== null && typeof (v as { database?: unknown }).database === 'function');

const optionsSchema = z
  .object({
    endpoint: z.string().url('must be an https URL').optional(),
    key: z.string().min(1, 'must not be empty').optional(),
    aadCredentials: z.custom<TokenCredential>(isCredential, 'must be a TokenCredential (an object with getToken())').optional(),
    client: z.custom<CosmosClient>(isClient, 'must be a CosmosClient').optional(),
    databaseId: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\?#]+$/, 'must not contain / \\ ? #')
      .default('alma'),
    containerPrefix: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]*$/, 'may contain only letters, digits, _ and -')
      .default('alma_'),
    vectorSearch: z.enum(['auto', 'native', 'in-process']).default('auto'),
    embeddingDim: z.number().int().min(1).max(8192).optional(),
    vectorIndexType: z.enum(['flat', 'quantizedFlat', 'diskANN']).default('quantizedFlat'),
    createIfNotExists: z.boolean().default(true),
    maxRetryAttemptsOn429: z.number().int().min(0).max(1000).default(9),
    maxRetryWaitSeconds: z.number().int().min(1).max(3600).default(30),
    agent: z.custom<Agent>((v) => typeof v === 'object' && v !== null, 'must be an https.Agent').optional(),
    openTimeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  })
  .strict()
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (o.client !== undefined) {
      for (const k of ['endpoint', 'key', 'aadCredentials', 'agent'] as const) {
        if (o[k] !== undefined) issue(k, 'must not be set together with client (configure the client instead)');
      }
      return;
    }
    if (o.endpoint === undefined) issue('endpoint', 'is required unless client is given');
    if (o.key === undefined && o.aadCredentials === undefined) issue('key', 'give key or aadCredentials (or client)');
    if (o.key !== undefined && o.aadCredentials !== undefined) issue('aadCredentials', 'give key or aadCredentials, not both');
    if (o.vectorSearch === 'native' && o.embeddingDim === undefined) issue('embeddingDim', "is required with vectorSearch: 'native'");
  });

export type ResolvedCosmosOptions = z.output<typeof optionsSchema>;

/** Validates the options; a bad one is a ConfigError naming the key (values, e.g. keys, are never echoed). */
export function resolveOptions(options: CosmosStorageOptions): ResolvedCosmosOptions {
  const result = optionsSchema.safeParse(options ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${['options', ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new ConfigError(`@alma/storage-cosmos: invalid options: ${issues.join('; ')}`, { cause: result.error });
}

/** The client options this adapter builds: auth, 429 retry policy, optional agent. */
export function buildClientOptions(o: ResolvedCosmosOptions): CosmosClientOptions {
  return {
    endpoint: o.endpoint,
    ...(o.key !== undefined ? { key: o.key } : { aadCredentials: o.aadCredentials }),
    ...(o.agent ? { agent: o.agent as unknown as CosmosClientOptions['agent'] } : {}),
    userAgentSuffix: 'alma-storage-cosmos',
    connectionPolicy: {
      retryOptions: {
        maxRetryAttemptCount: o.maxRetryAttemptsOn429,
        maxWaitTimeInSeconds: o.maxRetryWaitSeconds,
        fixedRetryIntervalInMilliseconds: 0, // 0 = honour the service's x-ms-retry-after-ms
      },
    },
  };
}

/** `AccountEndpoint=https://...;AccountKey=...;` -> endpoint and key. */
export function parseConnectionString(connectionString: string): { endpoint: string; key: string } {
  const parts = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const endpoint = parts.get('accountendpoint');
  const key = parts.get('accountkey');
  if (!endpoint || !key) {
    throw new ConfigError('@alma/storage-cosmos: the connection string needs AccountEndpoint=...;AccountKey=...;');
  }
  return { endpoint, key };
}
