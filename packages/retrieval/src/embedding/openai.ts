import { ConfigError, EmbeddingError } from '@alma/types';
import { embeddingsFromResponse } from './openai-response.js';
import { assertDimension, checkEmbeddings, type EmbeddingProvider } from './provider.js';

/** The package this provider loads lazily; an optional peer dependency of @alma/retrieval. */
export const OPENAI_PACKAGE = 'openai';

/** Output sizes of OpenAI's embedding models, used when `dimension` is not given. */
export const OPENAI_MODEL_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** The part of an `openai` SDK client this provider calls (so a configured client of your own can be passed in). */
export interface OpenAIEmbeddingsClient {
  readonly embeddings: {
    create(
      body: { model: string; input: string[]; dimensions?: number; encoding_format?: 'float' | 'base64' },
      options?: Record<string, unknown>,
    ): PromiseLike<unknown>;
  };
}

/** The client options this provider sets (a subset of the SDK's `ClientOptions` / `AzureClientOptions`). */
export interface OpenAIClientOptions {
  apiKey?: string;
  baseURL?: string;
  endpoint?: string;
  deployment?: string;
  apiVersion?: string;
  maxRetries: number;
  timeout: number;
  defaultHeaders: Record<string, string>;
  fetch?: typeof fetch;
}

/** What this provider uses from the `openai` package (v6 / v7). */
export interface OpenAIModule {
  OpenAI: new (options: OpenAIClientOptions) => OpenAIEmbeddingsClient;
  AzureOpenAI: new (options: OpenAIClientOptions) => OpenAIEmbeddingsClient;
}

export interface AzureOpenAIOptions {
  /** The deployment name of the embedding model in your Azure OpenAI resource. */
  deployment: string;
  /** @default '2024-02-01' */
  apiVersion?: string;
}

export interface OpenAIEmbeddingOptions {
  /**
   * OpenAI: sent as `Authorization: Bearer <key>`; Azure: as `api-key`. Without it the SDK reads `OPENAI_API_KEY` /
   * `AZURE_OPENAI_API_KEY`; with neither, keyless local servers still work.
   */
  apiKey?: string;
  /**
   * OpenAI-compatible API root, or with `azure` the resource endpoint (`https://<name>.openai.azure.com`).
   * @default 'https://api.openai.com/v1'
   */
  baseUrl?: string;
  /** @default 'text-embedding-3-small' */
  model?: string;
  /** Vector length; known for OpenAI's models, required otherwise. @default OPENAI_MODEL_DIMENSIONS[model] */
  dimension?: number;
  /** Send `dimensions: dimension` so text-embedding-3 models return shortened vectors. @default false */
  requestDimensions?: boolean;
  /** Texts per request. @default 100 */
  batchSize?: number;
  /**
   * Retries by the SDK after the first attempt (408, 409, 429, 5xx, connection errors and timeouts; exponential
   * backoff honouring `Retry-After`). @default 3
   */
  maxRetries?: number;
  /** Per-attempt timeout. @default 30000 */
  timeoutMs?: number;
  /** Use Azure OpenAI (the SDK's `AzureOpenAI` client): deployment URL shape and `api-key` header. */
  azure?: AzureOpenAIOptions;
  /** Extra request headers. @default {} */
  headers?: Record<string, string>;
  /** fetch implementation handed to the SDK. @default the SDK's (globalThis.fetch) */
  fetch?: typeof fetch;
  /** A client of your own (proxy, custom auth ...): used as is; the connection options above are then ignored. */
  client?: OpenAIEmbeddingsClient;
  /** Loads the SDK. @default dynamic import of 'openai' */
  loader?: () => Promise<OpenAIModule>;
}

/**
 * Embeddings from an OpenAI-compatible HTTP API (OpenAI, Azure OpenAI, or a local server speaking the same protocol)
 * through the official `openai` SDK, an optional peer dependency (install it yourself; it is imported on the first
 * `embed()` call). Texts are sent in batches of `batchSize`, one request at a time; the SDK times out each attempt
 * and retries transient failures (429, 5xx, connection errors) with backoff, honouring Retry-After. Failures become
 * an EmbeddingError with the API's message and a hint; the API key never appears in errors.
 */
export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly dimension: number;
  readonly id: string;
  /** Where requests go (for messages): the embeddings URL. */
  readonly url: string;
  private readonly name: string;
  private readonly model: string;
  private readonly batchSize: number;
  private readonly requestDimensions: boolean;
  private readonly clientOptions: OpenAIClientOptions;
  private readonly loader: () => Promise<OpenAIModule>;
  private client: Promise<OpenAIEmbeddingsClient> | undefined;

  constructor(private readonly options: OpenAIEmbeddingOptions) {
    const model = options.model ?? 'text-embedding-3-small';
    this.name = options.azure ? 'azure-openai' : 'openai';
    const dimension = options.dimension ?? OPENAI_MODEL_DIMENSIONS[model];
    if (dimension === undefined) {
      throw new ConfigError(`[${this.name}] model '${model}' has no known dimension: set the \`dimension\` option.`);
    }
    assertDimension(this.name, dimension);
    this.dimension = dimension;
    this.batchSize = positiveInt(this.name, 'batchSize', options.batchSize ?? 100);
    this.requestDimensions = options.requestDimensions ?? false;
    const base = (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
    if (!/^https?:\/\//i.test(base)) throw new ConfigError(`[${this.name}] baseUrl must be an http(s) URL, got '${base}'.`);
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new ConfigError(`[${this.name}] fetch must be a function.`);
    }
    const common = {
      maxRetries: nonNegativeInt(this.name, 'maxRetries', options.maxRetries ?? 3),
      timeout: positiveInt(this.name, 'timeoutMs', options.timeoutMs ?? 30_000),
      defaultHeaders: { ...(options.headers ?? {}) },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    if (options.azure) {
      const { deployment, apiVersion = '2024-02-01' } = options.azure;
      if (!deployment) throw new ConfigError('[azure-openai] azure.deployment is required.');
      this.model = deployment;
      this.url = `${base}/openai/deployments/${encodeURIComponent(deployment)}/embeddings?api-version=${encodeURIComponent(apiVersion)}`;
      this.clientOptions = { ...common, endpoint: base, deployment, apiVersion, apiKey: apiKeyOf(options.apiKey, 'AZURE_OPENAI_API_KEY') };
      this.id = `azure-openai:${deployment}:d${dimension}`;
    } else {
      this.model = model;
      this.url = `${base}/embeddings`;
      this.clientOptions = { ...common, baseURL: base, apiKey: apiKeyOf(options.apiKey, 'OPENAI_API_KEY') };
      this.id = `openai:${model}:d${dimension}`;
    }
    this.loader = options.loader ?? importOpenAI;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      // The API rejects empty strings; a single space embeds as "nothing".
      const batch = texts.slice(i, i + this.batchSize).map((t) => (t.length === 0 ? ' ' : t));
      out.push(...checkEmbeddings(this.id, this.dimension, batch, await this.request(batch)));
    }
    return out;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const client = await this.clientOnce();
    let response: unknown;
    try {
      response = await client.embeddings.create({
        model: this.model,
        input,
        encoding_format: 'float',
        ...(this.requestDimensions ? { dimensions: this.dimension } : {}),
      });
    } catch (cause) {
      throw new EmbeddingError(this.failure(cause), { cause, details: { provider: this.id, ...statusOf(cause) } });
    }
    try {
      return embeddingsFromResponse(response, input.length);
    } catch (cause) {
      throw new EmbeddingError(`[${this.name}] unexpected response from ${this.url}: ${(cause as Error).message}`, {
        cause,
        details: { provider: this.id },
      });
    }
  }

  private clientOnce(): Promise<OpenAIEmbeddingsClient> {
    this.client ??= this.options.client
      ? Promise.resolve(this.options.client)
      : this.loader().then((sdk) => (this.options.azure ? new sdk.AzureOpenAI(this.clientOptions) : new sdk.OpenAI(this.clientOptions)));
    // A failed load is not cached: installing the package fixes the next call.
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }

  /** The SDK's error as one message: HTTP status and the API's message with a hint, or the connection problem. */
  private failure(error: unknown): string {
    const retries = this.clientOptions.maxRetries > 0 ? ` (after ${this.clientOptions.maxRetries} retries)` : '';
    const { status } = statusOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status === undefined) {
      const what = /timed? ?out/i.test(message) || (error as object | null)?.constructor?.name === 'APIConnectionTimeoutError'
        ? `timed out after ${this.clientOptions.timeout} ms`
        : `failed: ${message}`;
      return `[${this.name}] request to ${this.url} ${what}${retries}`;
    }
    const hint =
      status === 401 || status === 403
        ? ' Check the apiKey (and, for Azure, that the key belongs to this resource).'
        : status === 404
          ? ' Check baseUrl, model / azure.deployment and apiVersion.'
          : '';
    const retried = status === 408 || status === 409 || status === 429 || status >= 500 ? retries : '';
    return `[${this.name}] ${this.url} answered HTTP ${status}: ${apiMessage(error, message)}.${hint}${retried}`;
  }
}

/** The explicit key; else undefined when the SDK's environment variable is set (it reads it); else a placeholder. */
function apiKeyOf(apiKey: string | undefined, envName: string): string | undefined {
  if (apiKey) return apiKey;
  return process.env[envName] ? undefined : 'not-set';
}

function statusOf(error: unknown): { status?: number } {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? { status } : {};
}

/** The API's own error message (the SDK's message prefixes the status), or the raw body text. */
function apiMessage(error: unknown, fallback: string): string {
  const body = (error as { error?: unknown }).error;
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return message;
  return fallback.replace(/^\d{3}\s*/, '').trim() || '(empty body)';
}

async function importOpenAI(): Promise<OpenAIModule> {
  try {
    return (await import(OPENAI_PACKAGE)) as OpenAIModule;
  } catch (cause) {
    throw new ConfigError(
      `The OpenAI / Azure embedder needs the package '${OPENAI_PACKAGE}' (an optional peer dependency of @alma/retrieval): ` +
        `npm install ${OPENAI_PACKAGE}`,
      { cause },
    );
  }
}

function positiveInt(provider: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`[${provider}] ${name} must be an integer >= 1.`);
  return value;
}

function nonNegativeInt(provider: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`[${provider}] ${name} must be an integer >= 0.`);
  return value;
}
