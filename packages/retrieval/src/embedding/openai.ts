import { ConfigError, EmbeddingError } from '@alma/types';
import { parseEmbeddingResponse } from './openai-response.js';
import { assertDimension, checkEmbeddings, type EmbeddingProvider } from './provider.js';
import { backoffDelay, isRetryableStatus, sleep, type RetryPolicy } from './retry.js';

/** Output sizes of OpenAI's embedding models, used when `dimension` is not given. */
export const OPENAI_MODEL_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface AzureOpenAIOptions {
  /** The deployment name of the embedding model in your Azure OpenAI resource. */
  deployment: string;
  /** @default '2024-02-01' */
  apiVersion?: string;
}

export interface OpenAIEmbeddingOptions {
  /** Sent as `Authorization: Bearer <key>` (OpenAI) or `api-key: <key>` (Azure). Omit for keyless local servers. */
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
  /** Retries after the first attempt on 408/409/429/5xx, network errors and timeouts. @default 3 */
  maxRetries?: number;
  /** Per-attempt timeout. @default 30000 */
  timeoutMs?: number;
  /** First backoff delay (doubles each retry, with jitter). @default 500 */
  retryBaseDelayMs?: number;
  /** Longest backoff delay, also the cap on a server's Retry-After. @default 20000 */
  retryMaxDelayMs?: number;
  /** Use Azure OpenAI's URL shape and `api-key` header. */
  azure?: AzureOpenAIOptions;
  /** Extra request headers. @default {} */
  headers?: Record<string, string>;
  /** fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Embeddings from an OpenAI-compatible HTTP API (OpenAI, Azure OpenAI, or a local server speaking the same
 * protocol). Texts are sent in batches of `batchSize`, one request at a time; each request has its own timeout
 * and is retried with exponential backoff and jitter on transient failures, honouring Retry-After. Client errors
 * (400, 401, 403, 404, 422 ...) fail at once with the API's message. The API key never appears in errors.
 */
export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly dimension: number;
  readonly id: string;
  readonly url: string;
  private readonly name: string;
  private readonly body: Record<string, unknown>;
  private readonly headers: Record<string, string>;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly fetchImpl: typeof fetch;

  /** Replaceable in tests to skip real waiting. */
  sleep: (ms: number) => Promise<void> = sleep;

  constructor(options: OpenAIEmbeddingOptions) {
    const model = options.model ?? 'text-embedding-3-small';
    this.name = options.azure ? 'azure-openai' : 'openai';
    const dimension = options.dimension ?? OPENAI_MODEL_DIMENSIONS[model];
    if (dimension === undefined) {
      throw new ConfigError(`[${this.name}] model '${model}' has no known dimension: set the \`dimension\` option.`);
    }
    assertDimension(this.name, dimension);
    this.dimension = dimension;
    this.batchSize = positiveInt(this.name, 'batchSize', options.batchSize ?? 100);
    this.timeoutMs = positiveInt(this.name, 'timeoutMs', options.timeoutMs ?? 30_000);
    this.policy = {
      maxRetries: nonNegativeInt(this.name, 'maxRetries', options.maxRetries ?? 3),
      baseDelayMs: nonNegativeInt(this.name, 'retryBaseDelayMs', options.retryBaseDelayMs ?? 500),
      maxDelayMs: nonNegativeInt(this.name, 'retryMaxDelayMs', options.retryMaxDelayMs ?? 20_000),
    };
    const base = (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
    if (!/^https?:\/\//i.test(base)) {
      throw new ConfigError(`[${this.name}] baseUrl must be an http(s) URL, got '${base}'.`);
    }
    this.headers = { 'content-type': 'application/json', ...(options.headers ?? {}) };
    this.body = options.requestDimensions ? { dimensions: dimension } : {};
    if (options.azure) {
      const { deployment, apiVersion = '2024-02-01' } = options.azure;
      if (!deployment) throw new ConfigError('[azure-openai] azure.deployment is required.');
      this.url =
        `${base}/openai/deployments/${encodeURIComponent(deployment)}/embeddings` +
        `?api-version=${encodeURIComponent(apiVersion)}`;
      if (options.apiKey) this.headers['api-key'] = options.apiKey;
      this.id = `azure-openai:${deployment}:d${dimension}`;
    } else {
      this.url = `${base}/embeddings`;
      this.body['model'] = model;
      this.body['encoding_format'] = 'float';
      if (options.apiKey) this.headers['authorization'] = `Bearer ${options.apiKey}`;
      this.id = `openai:${model}:d${dimension}`;
    }
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new ConfigError(`[${this.name}] no fetch available: pass the \`fetch\` option.`);
    this.fetchImpl = f;
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
    const body = JSON.stringify({ ...this.body, input });
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(body, input.length);
      if ('vectors' in result) return result.vectors;
      if (!result.retryable || attempt >= this.policy.maxRetries) {
        const tries = attempt + 1;
        throw new EmbeddingError(`${result.message}${tries > 1 ? ` (gave up after ${tries} attempts)` : ''}`, {
          cause: result.cause,
          details: { provider: this.id, attempts: tries, ...(result.status ? { status: result.status } : {}) },
        });
      }
      await this.sleep(backoffDelay(this.policy, attempt, result.headers));
    }
  }

  private async attempt(body: string, count: number): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: controller.signal,
      });
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (cause) {
      const message = controller.signal.aborted
        ? `[${this.name}] request to ${this.url} timed out after ${this.timeoutMs} ms`
        : `[${this.name}] request to ${this.url} failed: ${errorText(cause)}`;
      return { retryable: true, message, cause };
    } finally {
      clearTimeout(timer);
    }
    if (status >= 200 && status < 300) {
      try {
        return { vectors: parseEmbeddingResponse(text, count) };
      } catch (cause) {
        return { retryable: false, message: `[${this.name}] unexpected response from ${this.url}: ${errorText(cause)}`, cause };
      }
    }
    return { retryable: isRetryableStatus(status), status, headers, message: this.httpError(status, text) };
  }

  private httpError(status: number, text: string): string {
    const hint =
      status === 401 || status === 403
        ? ' Check the apiKey (and, for Azure, that the key belongs to this resource).'
        : status === 404
          ? ' Check baseUrl, model / azure.deployment and apiVersion.'
          : '';
    return `[${this.name}] ${this.url} answered HTTP ${status}: ${apiMessage(text)}.${hint}`;
  }
}

type Attempt =
  | { vectors: Float32Array[] }
  | { retryable: boolean; message: string; status?: number; headers?: Headers; cause?: unknown };

function apiMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = text.trim().slice(0, 300);
  return trimmed || '(empty body)';
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function positiveInt(provider: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`[${provider}] ${name} must be an integer >= 1.`);
  return value;
}

function nonNegativeInt(provider: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`[${provider}] ${name} must be an integer >= 0.`);
  return value;
}
