// OpenTelemetry with ALMA: spans of retrieve / learn / checkpoint and of every store call, printed as a tree.
// ALMA uses `@opentelemetry/api` (an optional peer dependency); any SDK works. Here the SDK's trace package keeps the
// spans in memory; in production you would register e.g. @opentelemetry/sdk-node with an OTLP exporter instead.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ALMA, type Logger } from '@alma/core';
import { SqliteStorage } from '@alma/storage-sqlite';

/** Attributes worth a glance in the printout (the rest is on the span too). */
const SHOWN = ['alma.tenant', 'alma.agent', 'alma.memory_type', 'alma.cache.hit', 'alma.retrieve.items', 'alma.checkpoint.bytes', 'alma.checkpoint.skipped', 'alma.learn.heuristic'];

/** One line per span, children indented under their parent, in start order. */
export function spanTree(spans: readonly ReadableSpan[]): string[] {
  const children = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const span of [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const span of children.get(parent) ?? []) {
      const attributes = SHOWN.filter((k) => span.attributes[k] !== undefined).map((k) => `${k}=${String(span.attributes[k])}`);
      lines.push(`${'  '.repeat(depth)}${span.name}${attributes.length ? `  ${attributes.join(' ')}` : ''}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

/** Runs a small agent turn with tracing on and returns the span tree and the log lines. */
export async function tracedTurn(): Promise<{ spans: string[]; logs: string[] }> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  // Nesting needs a context manager; SDKs such as @opentelemetry/sdk-node register this one for you.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const logs: string[] = [];
  // Any pino-style logger: `logger.info(fields, message)`. pino itself works as is.
  const logger: Logger = { info: (fields, message) => void logs.push(`${message} ${JSON.stringify(fields)}`) };
  const alma = new ALMA({ storage: new SqliteStorage({ path: ':memory:' }), projectId: 'shop', telemetry: { tracerProvider }, logger });
  let spans: ReadableSpan[];
  try {
    const ctx = { tenantId: 'acme', workflowId: 'checkout-qa', runId: 'run-1' };
    await alma.retrieve({ task: 'Test the checkout API', agent: 'tester', context: ctx });
    await alma.checkpoint(ctx, 'plan', { tasks: ['api', 'ui'] });
    await alma.learn({ agent: 'tester', task: 'Test the checkout API', outcome: 'success', strategyUsed: 'idempotency keys', context: ctx });
    await alma.retrieve({ task: 'Test the checkout API', agent: 'tester', context: ctx });
    spans = exporter.getFinishedSpans(); // before shutdown, which empties the in-memory exporter
  } finally {
    await alma.close();
    context.disable();
    await tracerProvider.shutdown();
  }
  return { spans: spanTree(spans), logs };
}
