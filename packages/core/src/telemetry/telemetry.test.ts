import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MemoryStorage } from '@alma/storage-memory';
import { StorageError } from '@alma/types';
import { ALMA } from '../alma.js';
import { makeAlma } from '../test-support/alma.js';
import { Telemetry } from './telemetry.js';
import type { Logger } from './logger.js';

/** Collects metrics on demand (nothing to flush or shut down: it holds no exporter). */
class TestReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const reader = new TestReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  // What an SDK does on start: a context manager, so store spans nest under the operation's span.
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(async () => {
  context.disable();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});
beforeEach(() => exporter.reset());

const ctx = { tenantId: 'acme', workflowId: 'wf', runId: 'run-1' };
const TASK = 'Test the checkout API with a secret card number 4111';

function recordingLogger(): Logger & { lines: Array<[string, Record<string, unknown>, string]> } {
  const lines: Array<[string, Record<string, unknown>, string]> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push([level, fields, message]);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const named = (name: string): ReadableSpan[] => spans().filter((s) => s.name === name);
const only = (name: string): ReadableSpan => {
  const found = named(name);
  expect(found).toHaveLength(1);
  return found[0] as ReadableSpan;
};

async function collected(): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

describe('OpenTelemetry spans and metrics', () => {
  it('retrieve and learn: spans with tenant, agent, items and cache hit/miss; store calls nested; no memory text', async () => {
    const { alma } = makeAlma({ telemetry: { tracerProvider, meterProvider } });
    await alma.learn({ agent: 'tester', task: TASK, outcome: 'success', strategyUsed: 'idempotency keys', context: ctx });
    const learn = only('alma.learn');
    expect(learn.attributes).toMatchObject({ 'alma.tenant': 'acme', 'alma.agent': 'tester', 'alma.run': 'run-1', 'alma.learn.success': true, 'alma.learn.pruned': 0 });
    const saves = named('alma.store.saveMemory');
    expect(saves.length).toBeGreaterThan(0);
    expect(saves[0]?.attributes).toMatchObject({ 'alma.store': 'memory', 'alma.memory_type': 'outcome', 'alma.tenant': 'acme' });
    expect(saves[0]?.parentSpanContext?.spanId).toBe(learn.spanContext().spanId);

    exporter.reset();
    await alma.retrieve({ task: TASK, agent: 'tester', context: ctx });
    await alma.retrieve({ task: TASK, agent: 'tester', context: ctx });
    const [miss, hit] = named('alma.retrieve');
    expect(miss?.attributes).toMatchObject({ 'alma.tenant': 'acme', 'alma.agent': 'tester', 'alma.cache.hit': false, 'alma.retrieve.outcomes': 1, 'alma.retrieve.items': 1 });
    expect(hit?.attributes).toMatchObject({ 'alma.cache.hit': true });
    const queries = named('alma.store.queryMemories');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((q) => q.parentSpanContext?.spanId === miss?.spanContext().spanId)).toBe(true);
    expect(queries.some((q) => typeof q.attributes['alma.store.results'] === 'number')).toBe(true);

    const everything = JSON.stringify(spans().map((s) => s.attributes)) + JSON.stringify(learn.attributes);
    expect(everything).not.toContain('4111');
    expect(everything).not.toContain('idempotency keys');
  });

  it('puts the task and strategy text on spans only with includeText', async () => {
    const { alma } = makeAlma({ telemetry: { tracerProvider, meterProvider, includeText: true } });
    await alma.learn({ agent: 'tester', task: TASK, outcome: 'success', strategyUsed: 'idempotency keys', context: ctx });
    await alma.retrieve({ task: TASK, agent: 'tester', context: ctx });
    expect(only('alma.learn').attributes['alma.strategy']).toBe('idempotency keys');
    expect(only('alma.retrieve').attributes['alma.task']).toBe(TASK);
  });

  it('checkpoint and merge: sizes, seq, skipped; and the duration / size histograms', async () => {
    const { alma } = makeAlma({ telemetry: { tracerProvider, meterProvider } });
    await alma.checkpoint(ctx, 'plan', { step: 1 });
    await alma.checkpoint(ctx, 'plan', { step: 1 });
    const [written, skipped] = named('alma.checkpoint');
    expect(written?.attributes).toMatchObject({ 'alma.run': 'run-1', 'alma.node': 'plan', 'alma.checkpoint.skipped': false, 'alma.checkpoint.seq': 1, 'alma.store': 'memory' });
    expect(written?.attributes['alma.checkpoint.bytes']).toBe(JSON.stringify({ step: 1 }).length);
    expect(skipped?.attributes).toMatchObject({ 'alma.checkpoint.skipped': true });
    const a = await alma.checkpoint({ ...ctx, branchId: 'a' }, 'left', { items: [1] });
    const b = await alma.checkpoint({ ...ctx, branchId: 'b' }, 'right', { items: [2] });
    const merged = await alma.mergeStates(ctx, [a.checkpoint, b.checkpoint], { fieldReducers: { items: 'append' } });
    expect(merged.checkpoint.state).toEqual({ items: [1, 2] });
    expect(only('alma.merge').attributes).toMatchObject({ 'alma.merge.branches': 2, 'alma.node': 'join', 'alma.checkpoint.skipped': false });

    const metrics = (await collected()).scopeMetrics.flatMap((s) => s.metrics);
    const duration = metrics.find((m) => m.descriptor.name === 'alma.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const operations = new Set(duration?.dataPoints.map((p) => p.attributes['alma.operation']));
    expect([...operations]).toEqual(expect.arrayContaining(['alma.checkpoint', 'alma.merge', 'alma.store']));
    const storeMethods = duration?.dataPoints.filter((p) => p.attributes['alma.operation'] === 'alma.store').map((p) => p.attributes['alma.store.method']);
    expect(storeMethods).toEqual(expect.arrayContaining(['saveCheckpoint', 'getLatestCheckpoint']));
    // Metric attributes stay low-cardinality: no tenant, run or agent.
    expect(duration?.dataPoints.some((p) => 'alma.tenant' in p.attributes || 'alma.run' in p.attributes)).toBe(false);
    const size = metrics.find((m) => m.descriptor.name === 'alma.checkpoint.size');
    expect(size?.descriptor.unit).toBe('By');
    expect(size?.dataPoints.length).toBeGreaterThan(0);
  });

  it('a failing store call: error status, error.type, the exception, a log line; the error reaches the caller', async () => {
    const logger = recordingLogger();
    class BurningStorage extends MemoryStorage {
      override async queryMemories(): Promise<never> {
        throw new StorageError('memory', 'disk on fire');
      }
    }
    const alma = new ALMA({ storage: new BurningStorage(), projectId: 'shop', telemetry: { tracerProvider, meterProvider }, logger });
    await expect(alma.retrieve({ task: 'x', agent: 'tester', context: ctx })).rejects.toThrow(/disk on fire/);
    const failed = named('alma.store.queryMemories')[0];
    expect(failed?.status).toMatchObject({ code: 2, message: '[memory] disk on fire' });
    expect(failed?.attributes['error.type']).toBe('STORAGE');
    expect(failed?.events.map((e) => e.name)).toContain('exception');
    expect(only('alma.retrieve').status.code).toBe(2);
    expect(logger.lines.find(([level]) => level === 'error')).toEqual([
      'error',
      expect.objectContaining({ 'alma.store': 'memory', 'alma.store.method': 'queryMemories', 'error.type': 'STORAGE', err: expect.any(StorageError) }),
      'alma.store.queryMemories failed',
    ]);
  });
});

describe('logger', () => {
  it('logs operations pino-style (fields, message): retrieve at debug, learn at info; a throwing logger changes nothing', async () => {
    const logger = recordingLogger();
    const { alma } = makeAlma({ telemetry: false, logger });
    await alma.learn({ agent: 'tester', task: TASK, outcome: 'failure', strategyUsed: 'retry blindly', errorMessage: 'boom', context: ctx });
    await alma.retrieve({ task: TASK, agent: 'tester', context: ctx });
    const learn = logger.lines.find(([, , message]) => message === 'alma learn');
    expect(learn?.[0]).toBe('info');
    expect(learn?.[1]).toMatchObject({ 'alma.agent': 'tester', 'alma.tenant': 'acme', 'alma.learn.success': false, outcomeId: expect.any(String) });
    const retrieve = logger.lines.find(([, , message]) => message === 'alma retrieve');
    expect(retrieve?.[0]).toBe('debug');
    expect(retrieve?.[1]).toMatchObject({ 'alma.retrieve.outcomes': 1, 'alma.cache.hit': false, ms: expect.any(Number) });
    expect(JSON.stringify(logger.lines)).not.toContain('4111');

    const angry: Logger = { info: () => { throw new Error('log sink down'); }, debug: () => { throw new Error('log sink down'); } };
    const { alma: calm } = makeAlma({ telemetry: false, logger: angry });
    await expect(calm.learn({ agent: 'tester', task: 'x', outcome: 'success', strategyUsed: 's' })).resolves.toMatchObject({ pruned: 0 });
  });
});

describe('without telemetry', () => {
  it('hands back a function set on the store instance (a spy) instead of wrapping it', async () => {
    const { alma, storage } = makeAlma({ telemetry: { tracerProvider, meterProvider } });
    const spy = async () => ({ projectId: 'shop', counts: {}, workflowOutcomes: 7, totalMemories: 0 }) as never;
    storage.getStats = spy;
    expect(alma.storage.getStats).toBe(spy);
    expect(alma.storage).toBeInstanceOf(MemoryStorage);
    await expect(alma.getStats()).resolves.toMatchObject({ workflowOutcomes: 7 });
  });

  it('telemetry: false records nothing and hands the store through untouched', async () => {
    const { alma, storage } = makeAlma({ telemetry: false });
    expect(alma.storage).toBe(storage);
    await alma.learn({ agent: 'tester', task: 'x', outcome: 'success', strategyUsed: 's', context: ctx });
    expect(spans()).toEqual([]);
    expect(await alma.telemetry.enabled()).toBe(false);
  });

  it('without @opentelemetry/api: span() only runs the function, and store methods are the store\'s own', async () => {
    const telemetry = new Telemetry({ tracerProvider }, undefined, async () => null);
    expect(await telemetry.enabled()).toBe(false);
    expect(telemetry.passthrough).toBe(true);
    await expect(telemetry.span('x', {}, async () => 42)).resolves.toBe(42);
    await expect(telemetry.span('x', {}, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(spans()).toEqual([]);
  });

  it('rejects telemetry options that are not providers, as a ConfigError', () => {
    expect(() => makeAlma({ telemetry: { tracerProvider: {} as never } })).toThrow(/ALMA options: telemetry/);
    expect(() => makeAlma({ telemetry: { colour: 'blue' } as never })).toThrow(/colour/);
  });
});
