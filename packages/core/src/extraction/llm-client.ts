import { ConfigError, parseInput, ValidationError } from '@alma/types';
import { z } from 'zod';
import type { ChatMessage } from './types.js';

export interface LLMCompleteOptions {
  /** 'json' asks an OpenAI-compatible server for a JSON object (`response_format: { type: 'json_object' }`). */
  responseFormat?: 'text' | 'json';
  /** @default 0.1 */
  temperature?: number;
  maxTokens?: number;
}

/** The one thing ALMA needs from a language model: messages in, text out. Bring any provider. */
export interface LLMClient {
  complete(messages: readonly ChatMessage[], options?: LLMCompleteOptions): Promise<string>;
}

/** A language-model call failed (HTTP status, timeout, or a response without text). */
export class LLMError extends Error {
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(`[llm] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LLMError';
    this.status = options.status;
  }
}

const optionsSchema = z
  .object({
    /** e.g. 'https://api.openai.com/v1' or 'http://localhost:11434/v1' (Ollama). */
    baseUrl: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
    /** Sent as `Authorization: Bearer <apiKey>` when set. */
    apiKey: z.string().min(1).optional(),
    model: z.string().min(1),
    /** Per attempt. @default 30000 */
    timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
    /** Retries after a network error, a timeout, 408, 429 or 5xx. @default 2 */
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** First backoff; doubles per retry, capped at 8 s. @default 500 */
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(500),
    headers: z.record(z.string(), z.string()).default({}),
    fetch: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
  })
  .strict();
export type OpenAICompatibleLLMClientOptions = z.input<typeof optionsSchema>;

const responseSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }).passthrough() }).passthrough()).min(1),
}).passthrough();

const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Chat completions over HTTP for any OpenAI-compatible server (OpenAI, Azure OpenAI proxies, Ollama, vLLM, LM Studio). */
export class OpenAICompatibleLLMClient implements LLMClient {
  readonly model: string;
  private readonly o: z.output<typeof optionsSchema>;

  constructor(options: OpenAICompatibleLLMClientOptions) {
    try {
      this.o = parseInput(optionsSchema, options, 'OpenAICompatibleLLMClient options');
    } catch (error) {
      if (error instanceof ValidationError) throw new ConfigError(error.message, { cause: error });
      throw error;
    }
    this.model = this.o.model;
  }

  async complete(messages: readonly ChatMessage[], options: LLMCompleteOptions = {}): Promise<string> {
    const url = `${this.o.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const body = JSON.stringify({
      model: this.o.model,
      messages,
      temperature: options.temperature ?? 0.1,
      ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
      ...(options.responseFormat === 'json' ? { response_format: { type: 'json_object' } } : {}),
    });
    const headers = {
      'content-type': 'application/json',
      ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
      ...this.o.headers,
    };
    let lastError: LLMError | undefined;
    for (let attempt = 0; attempt <= this.o.maxRetries; attempt++) {
      if (attempt > 0) await sleep(Math.min(8000, this.o.retryBaseDelayMs * 2 ** (attempt - 1)));
      const result = await this.attempt(url, headers, body);
      if (typeof result === 'string') return result;
      lastError = result.error;
      if (!result.retry) break;
    }
    throw lastError as LLMError;
  }

  private async attempt(url: string, headers: Record<string, string>, body: string): Promise<string | { error: LLMError; retry: boolean }> {
    const doFetch = this.o.fetch ?? fetch;
    const signal = AbortSignal.timeout(this.o.timeoutMs);
    let response: Response;
    try {
      response = await doFetch(url, { method: 'POST', headers, body, signal });
    } catch (cause) {
      const message = signal.aborted ? `${url} did not answer within ${this.o.timeoutMs} ms` : `request to ${url} failed`;
      return { error: new LLMError(message, { cause }), retry: true };
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const detail = text.slice(0, 300);
      return { error: new LLMError(`${url} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, { status: response.status }), retry: RETRYABLE.has(response.status) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      return { error: new LLMError(`${url} answered with invalid JSON`, { cause, status: response.status }), retry: false };
    }
    const parsed = responseSchema.safeParse(json);
    const content = parsed.success ? parsed.data.choices[0]?.message.content : undefined;
    if (typeof content !== 'string') {
      return { error: new LLMError(`${url} answered without choices[0].message.content`, { status: response.status }), retry: false };
    }
    return content;
  }
}
