import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError, EmbeddingError } from '@alma/types';
import { OpenAIEmbeddingProvider, type OpenAIEmbeddingOptions } from './openai.js';
import { embeddings, json, startServer, type FakeServer, type Handler } from '../test-support/http-server.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provider(handler: Handler, options: Partial<OpenAIEmbeddingOptions> = {}) {
  server = await startServer(handler);
  const p = new OpenAIEmbeddingProvider({ baseUrl: `${server.url}/v1/`, apiKey: 'sk-test-secret', dimension: 4, ...options });
  return { p, requests: server.requests };
}

const ok: Handler = (req, res) => embeddings(res, req.body.input ?? [], 4);

// The real `openai` SDK against a fake API on 127.0.0.1. Retryable answers carry `retry-after-ms: 1`, which the SDK
// honours, so retries do not wait for its default backoff.
const soon = { 'retry-after-ms': '1' };

describe('OpenAIEmbeddingProvider (openai SDK)', () => {
  it('posts batches to /embeddings with the bearer key and returns vectors in input order', async () => {
    const { p, requests } = await provider(ok, { batchSize: 2 });
    const vectors = await p.embed(['a', 'bb', 'ccc', 'dddd', '']);
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 1]); // '' is sent as ' '
    expect(requests.map((r) => r.body.input)).toEqual([['a', 'bb'], ['ccc', 'dddd'], [' ']]);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/v1/embeddings' });
    expect(requests[0]?.headers['authorization']).toBe('Bearer sk-test-secret');
    expect(requests[0]?.body).toMatchObject({ model: 'text-embedding-3-small', encoding_format: 'float' });
    expect(requests[0]?.body).not.toHaveProperty('dimensions');
    expect(p.id).toBe('openai:text-embedding-3-small:d4');
    expect(await p.embed([])).toEqual([]);
    expect(requests).toHaveLength(3);
  });

  it('retries 5xx and 429 (the SDK, honouring Retry-After)', async () => {
    const { p, requests } = await provider((req, res, n) => {
      if (n === 1) return json(res, 503, { error: { message: 'overloaded' } }, soon);
      if (n === 2) return json(res, 429, { error: { message: 'slow down' } }, soon);
      return ok(req, res, n);
    });
    expect((await p.embed(['x']))[0]?.[0]).toBe(1);
    expect(requests).toHaveLength(3);
  });

  it('gives up after maxRetries with the last error', async () => {
    const { p, requests } = await provider((_req, res) => json(res, 500, { error: { message: 'kaput' } }, soon), { maxRetries: 2 });
    const error = await p.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).message).toMatch(/HTTP 500: kaput\.? \(after 2 retries\)/);
    expect((error as EmbeddingError).details).toMatchObject({ status: 500, provider: 'openai:text-embedding-3-small:d4' });
    expect(requests).toHaveLength(3);
  });

  it('fails at once on 401 with the API message and a hint, never the key', async () => {
    const { p, requests } = await provider((_req, res) =>
      json(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }),
    );
    const error = (await p.embed(['x']).catch((e: unknown) => e)) as EmbeddingError;
    expect(error.message).toMatch(/\[openai\] .* answered HTTP 401: Incorrect API key provided\. Check the apiKey/);
    expect(error.message).not.toContain('sk-test-secret');
    expect(requests).toHaveLength(1);
  });

  it('reports 404 with a hint', async () => {
    const { p } = await provider((_req, res) => json(res, 404, { error: { message: 'no such route' } }));
    await expect(p.embed(['x'])).rejects.toThrow(/HTTP 404: no such route\. Check baseUrl/);
  });

  it('times out each attempt and retries', async () => {
    const { p, requests } = await provider(() => undefined /* never answers */, { timeoutMs: 100, maxRetries: 1 });
    const error = (await p.embed(['x']).catch((e: unknown) => e)) as EmbeddingError;
    expect(error).toBeInstanceOf(EmbeddingError);
    // The SDK reports the timeout as such under plain Node; under jest's globals it sees the abort as a connection error.
    expect(error.message).toMatch(/request to .*\/v1\/embeddings (timed out after 100 ms|failed: Connection error\.) \(after 1 retries\)/);
    expect(requests.length).toBeGreaterThanOrEqual(1);
  }, 20_000);

  it('retries network errors, then says the request failed', async () => {
    const closed = await startServer(ok);
    const url = closed.url;
    await closed.close();
    const p = new OpenAIEmbeddingProvider({ baseUrl: url, dimension: 4, maxRetries: 1 });
    await expect(p.embed(['x'])).rejects.toThrow(/request to .* failed: .*\(after 1 retries\)/);
  }, 20_000);

  it('uses the SDK\'s Azure client: deployment URL shape and api-key header', async () => {
    server = await startServer(ok);
    const p = new OpenAIEmbeddingProvider({
      baseUrl: server.url,
      apiKey: 'azure-key',
      dimension: 4,
      requestDimensions: true,
      azure: { deployment: 'emb-small' },
    });
    await p.embed(['hello']);
    const [req] = server.requests;
    expect(req?.url).toBe('/openai/deployments/emb-small/embeddings?api-version=2024-02-01');
    expect(req?.headers['api-key']).toBe('azure-key');
    expect(req?.headers['authorization']).toBeUndefined();
    expect(req?.body).toMatchObject({ dimensions: 4, input: ['hello'] });
    expect(p.id).toBe('azure-openai:emb-small:d4');
    const v2 = new OpenAIEmbeddingProvider({ baseUrl: server.url, azure: { deployment: 'd', apiVersion: '2024-10-21' } });
    expect(v2.url).toMatch(/api-version=2024-10-21$/);
    expect(v2.dimension).toBe(1536);
  });

  it('rejects vectors of the wrong dimension and malformed bodies without retrying', async () => {
    const wrong = await provider((req, res) => embeddings(res, req.body.input ?? [], 3));
    await expect(wrong.p.embed(['x'])).rejects.toThrow(/dimension 3 .* expected 4/);
    await server?.close();
    const garbage = await provider((_req, res) => json(res, 200, { nope: true }));
    await expect(garbage.p.embed(['x'])).rejects.toThrow(/unexpected response .* no `data` array/);
    expect(garbage.requests).toHaveLength(1);
  });

  it('uses a client of your own as is, and says what to install when the SDK is missing', async () => {
    const seen: unknown[] = [];
    const client = {
      embeddings: {
        create: async (body: { input: string[] }) => {
          seen.push(body);
          return { data: body.input.map((_, index) => ({ index, embedding: [index, 0, 0, 1] })) };
        },
      },
    };
    const own = new OpenAIEmbeddingProvider({ dimension: 4, client });
    expect((await own.embed(['a', 'b'])).map((v) => v[0])).toEqual([0, 1]);
    expect(seen).toEqual([{ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' }]);
    let loads = 0;
    const missing = new OpenAIEmbeddingProvider({
      dimension: 4,
      loader: async () => {
        loads++;
        throw new ConfigError("The OpenAI / Azure embedder needs the package 'openai' (an optional peer dependency of @alma/retrieval): npm install openai");
      },
    });
    await expect(missing.embed(['x'])).rejects.toThrow(/npm install openai/);
    await expect(missing.embed(['x'])).rejects.toThrow(ConfigError);
    expect(loads).toBe(2); // a failed load is not cached
  });

  it('rejects bad configuration in the constructor', () => {
    expect(() => new OpenAIEmbeddingProvider({ model: 'my-model' })).toThrow(/no known dimension/);
    expect(() => new OpenAIEmbeddingProvider({ baseUrl: 'ftp://x' })).toThrow(ConfigError);
    expect(() => new OpenAIEmbeddingProvider({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new OpenAIEmbeddingProvider({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new OpenAIEmbeddingProvider({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new OpenAIEmbeddingProvider({ azure: { deployment: '' } })).toThrow(/deployment/);
    expect(() => new OpenAIEmbeddingProvider({ fetch: 42 as unknown as typeof fetch })).toThrow(/fetch/);
    expect(new OpenAIEmbeddingProvider({ model: 'text-embedding-3-large' }).dimension).toBe(3072);
  });
});
