import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError } from '@alma/types';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LLMError, OpenAICompatibleLLMClient } from './llm-client.js';
import { LLMFactExtractor } from './llm-extractor.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const requests: Array<{ url: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
/** Handlers queued per request key (the first message's content), so a late, aborted request cannot take another's. */
const handlers = new Map<string, Handler[]>();
const on = (key: string, ...queue: Handler[]): void => void handlers.set(key, queue);
const ask = (key: string) => [{ role: 'user' as const, content: key }];
let server: Server;
let baseUrl = '';

const reply = (content: unknown, status = 200): Handler => (_req, _body, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof content === 'string' ? content : JSON.stringify(content));
};
const chat = (content: string): Handler => reply({ choices: [{ message: { role: 'assistant', content } }] });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const parsed = JSON.parse(body || '{}') as { messages?: Array<{ content: string }> };
      requests.push({ url: req.url ?? '', headers: req.headers, body: parsed as Record<string, unknown> });
      const key = parsed.messages?.[parsed.messages.length - 1]?.content ?? '';
      const handler = handlers.get(key)?.shift() ?? reply({ error: 'no handler' }, 500);
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
  handlers.clear();
});

const client = (over: Partial<ConstructorParameters<typeof OpenAICompatibleLLMClient>[0]> = {}) =>
  new OpenAICompatibleLLMClient({ baseUrl, apiKey: 'sk-test', model: 'gpt-test', retryBaseDelayMs: 1, ...over });

describe('OpenAICompatibleLLMClient', () => {
  it('posts a chat completion and returns the message text', async () => {
    on('hi', chat('hello'));
    const text = await client({ headers: { 'x-team': 'alma' } }).complete(ask('hi'), { responseFormat: 'json', maxTokens: 50 });
    expect(text).toBe('hello');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/v1/chat/completions');
    expect(requests[0]?.headers).toMatchObject({ authorization: 'Bearer sk-test', 'content-type': 'application/json', 'x-team': 'alma' });
    expect(requests[0]?.body).toEqual({
      model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], temperature: 0.1, max_tokens: 50, response_format: { type: 'json_object' },
    });
    on('x', chat('plain'));
    await client({ apiKey: undefined }).complete(ask('x'), { temperature: 0.5 });
    expect(requests[1]?.headers.authorization).toBeUndefined();
    expect(requests[1]?.body).toEqual({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }], temperature: 0.5 });
  });

  it('retries 5xx and 429, not other 4xx', async () => {
    on('retry', reply({ error: 'busy' }, 503), reply({ error: 'slow down' }, 429), chat('finally'));
    expect(await client().complete(ask('retry'))).toBe('finally');
    expect(requests).toHaveLength(3);
    on('bad', reply({ error: { message: 'bad model' } }, 400), chat('never'));
    const error = await client().complete(ask('bad')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ status: 400, name: 'LLMError' });
    expect((error as Error).message).toMatch(/HTTP 400: .*bad model/);
    expect(requests).toHaveLength(4);
    on('down', reply('', 500), reply('', 500));
    await expect(client({ maxRetries: 1 }).complete(ask('down'))).rejects.toThrow(/HTTP 500$/);
  });

  it('times out, and rejects answers without text', async () => {
    on('slow', (_req, _body, res) => setTimeout(() => chat('late')(_req, _body, res), 300));
    await expect(client({ timeoutMs: 30, maxRetries: 0 }).complete(ask('slow'))).rejects.toThrow(/did not answer within 30 ms/);
    on('garbage', reply('not json'));
    await expect(client().complete(ask('garbage'))).rejects.toThrow(/invalid JSON/);
    on('empty', reply({ choices: [] }));
    await expect(client().complete(ask('empty'))).rejects.toThrow(/without choices/);
    on('null', reply({ choices: [{ message: { content: null } }] }));
    await expect(client().complete(ask('null'))).rejects.toThrow(/without choices/);
  });

  it('reports a refused connection after its retries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = new OpenAICompatibleLLMClient({ baseUrl: `http://127.0.0.1:${port}`, model: 'm', maxRetries: 1, retryBaseDelayMs: 1 });
    await expect(c.complete([{ role: 'user', content: 'x' }])).rejects.toThrow(/request to .* failed/);
  });

  it('uses an injected fetch and validates its options', async () => {
    const calls: string[] = [];
    const fake = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ choices: [{ message: { content: 'injected' } }] }), { status: 200 });
    }) as unknown as typeof fetch;
    expect(await new OpenAICompatibleLLMClient({ baseUrl: 'https://llm.example/v1', model: 'm', fetch: fake }).complete([{ role: 'user', content: 'x' }])).toBe('injected');
    expect(calls).toEqual(['https://llm.example/v1/chat/completions']);
    expect(() => new OpenAICompatibleLLMClient({ baseUrl: 'ftp://x', model: 'm' })).toThrow(ConfigError);
    expect(() => new OpenAICompatibleLLMClient({ baseUrl, model: '' })).toThrow(/model/);
    expect(() => new OpenAICompatibleLLMClient({ baseUrl, model: 'm', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new OpenAICompatibleLLMClient({ baseUrl, model: 'm', maxRetries: -1 })).toThrow(/maxRetries/);
  });

  it('drives LLMFactExtractor end to end', async () => {
    on('CONVERSATION:\n<<<\nUSER: the e2e test was flaky\n>>>', chat('```json\n{"facts":[{"fact_type":"HEURISTIC","content":"Wait for network idle","confidence":0.9,"condition":"flaky e2e","strategy":"wait for network idle"}]}\n```'));
    const result = await new LLMFactExtractor(client()).extract([{ role: 'user', content: 'the e2e test was flaky' }]);
    expect(result.facts).toEqual([expect.objectContaining({ factType: 'heuristic', confidence: 0.9, strategy: 'wait for network idle' })]);
    const sent = requests.map((r) => r.body['messages'] as Array<{ role: string; content: string }>).find((m) => m[0]?.role === 'system');
    expect(sent?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent?.[1]?.content).toContain('CONVERSATION:\n<<<\nUSER: the e2e test was flaky\n>>>');
  });
});
