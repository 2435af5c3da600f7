import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { connect, type Harness } from './test-support/in-memory.js';

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
afterAll(async () => {
  context.disable();
  await tracerProvider.shutdown();
});

let h: Harness;
afterEach(async () => h?.close());

describe('MCP tool spans', () => {
  it('each tool call is a `tools/call <tool>` span with the tenant, the ALMA operation nested in it; errors marked', async () => {
    h = await connect({ tenantId: 'acme' }, { telemetry: { tracerProvider } });
    await h.ok('alma_learn', { agent: 'a', task: 'deploy the service', outcome: 'success', strategyUsed: 'blue green' });
    const spans = exporter.getFinishedSpans();
    const tool = spans.find((s) => s.name === 'tools/call alma_learn');
    expect(tool?.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'alma_learn', 'alma.tenant': 'acme' });
    const learn = spans.find((s) => s.name === 'alma.learn');
    expect(learn?.parentSpanContext?.spanId).toBe(tool?.spanContext().spanId);

    const scopeError = await h.call('alma_retrieve', { task: 't', agent: 'a', context: { tenantId: 'other' } });
    expect(scopeError.isError).toBe(true);
    const retrieveSpan = exporter.getFinishedSpans().find((s) => s.name === 'tools/call alma_retrieve');
    expect(retrieveSpan?.status.code).toBe(2);
    expect(retrieveSpan?.attributes['error.type']).toBe('SCOPE_VIOLATION');
  });
});
