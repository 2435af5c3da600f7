import { isAlmaError } from '@alma/types';
import { log, type Logger, type LogLevel } from './logger.js';
import {
  loadOtelApi,
  SPAN_STATUS_ERROR,
  type AttributeValue,
  type Attributes,
  type HistogramLike,
  type MeterProviderLike,
  type OtelApi,
  type SpanLike,
  type TracerLike,
  type TracerProviderLike,
} from './otel.js';

/** The instrumentation scope name of every span and metric ALMA records. */
export const INSTRUMENTATION_NAME = '@alma/core';

export interface TelemetryOptions {
  /** Where spans go. @default the global tracer provider of `@opentelemetry/api` (a no-op until an SDK registers one) */
  tracerProvider?: TracerProviderLike;
  /** Where metrics go. @default the global meter provider of `@opentelemetry/api` */
  meterProvider?: MeterProviderLike;
  /**
   * Put memory text on spans: the retrieval task (`alma.task`), a learned strategy (`alma.strategy`). Off by default:
   * memory text can hold user data. @default false
   */
  includeText?: boolean;
}

/** What an instrumented operation may add once it has its result: span attributes, a log line, extra metrics. */
export interface Finish {
  readonly attributes?: Attributes;
  readonly log?: { level: LogLevel; message: string; fields?: Record<string, unknown> };
}

/** Metric attributes: the low-cardinality ones (no tenant, run or agent names). */
const METRIC_KEYS = ['alma.operation', 'alma.store', 'alma.store.method', 'alma.memory_type', 'alma.cache.hit', 'alma.checkpoint.skipped', 'gen_ai.tool.name', 'error.type'];

const clean = (attributes: Attributes): Record<string, AttributeValue> => {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
};

/** The code an error is known by: the AlmaError code, else its class name. */
export const errorType = (error: unknown): string =>
  isAlmaError(error) ? error.code : error instanceof Error ? error.name || 'Error' : typeof error;

/**
 * ALMA's OpenTelemetry spans and metrics and its logger. `@opentelemetry/api` is an optional peer dependency: when it
 * is not installed (or `telemetry: false`) `span()` only runs the function (and logs), so instrumented calls cost
 * what they cost before. With it, each operation is a span (`alma.retrieve`, `alma.learn`, `alma.checkpoint`,
 * `alma.merge`, `alma.store <method>`, `tools/call <tool>`) and one `alma.operation.duration` histogram sample.
 */
export class Telemetry {
  readonly includeText: boolean;
  readonly logger: Logger | undefined;
  private api: OtelApi | null | undefined;
  /** Nothing to record or log: instrumented wrappers may step aside (known once the API has loaded). */
  passthrough = false;
  private readonly ready: Promise<void>;
  private tracer: TracerLike | undefined;
  private duration: HistogramLike | undefined;
  private checkpointSize: HistogramLike | undefined;

  constructor(options: TelemetryOptions | false | undefined, logger?: Logger, load: () => Promise<OtelApi | null> = loadOtelApi) {
    this.includeText = options !== false && options?.includeText === true;
    this.logger = logger;
    if (options === false) {
      this.api = null;
      this.passthrough = !logger;
      this.ready = Promise.resolve();
      return;
    }
    this.ready = load().then((api) => {
      this.api = api;
      this.passthrough = !api && !logger;
      if (!api) return;
      const version = '0.1.0';
      this.tracer = (options?.tracerProvider ?? api.trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME, version);
      const meter = (options?.meterProvider ?? api.metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME, version);
      this.duration = meter.createHistogram('alma.operation.duration', { description: 'Duration of ALMA operations', unit: 's' });
      this.checkpointSize = meter.createHistogram('alma.checkpoint.size', { description: 'Serialised size of checkpointed states', unit: 'By' });
    });
  }

  /** Whether spans are recorded (the API is installed and telemetry is not off); known once loaded. */
  async enabled(): Promise<boolean> {
    await this.ready;
    return this.api !== null;
  }

  /** A checkpoint's state size, for the `alma.checkpoint.size` histogram. */
  recordCheckpointSize(bytes: number, attributes: Attributes): void {
    this.checkpointSize?.record(bytes, pick(attributes));
  }

  /**
   * Runs `fn` inside a span named `name` with `attributes` (undefined values left out), records its duration, marks
   * an error (status, exception, `error.type`) and rethrows it. `finish` adds attributes and a log line from the
   * result. Without telemetry only `fn` and the log run.
   */
  async span<T>(name: string, attributes: Attributes, fn: () => Promise<T>, finish?: (result: T) => Finish): Promise<T> {
    if (this.api === undefined) await this.ready;
    const tracer = this.tracer;
    if (!tracer) return this.plain(name, attributes, fn, finish);
    return tracer.startActiveSpan(name, { attributes: clean(attributes) }, async (span) => {
      const started = performance.now();
      let failure: unknown;
      let extra: Attributes = {};
      try {
        const result = await fn();
        const done = finish?.(result);
        extra = done?.attributes ?? {};
        // A no-op span (the API without an SDK) takes no attributes: skip building them.
        if (span.isRecording()) span.setAttributes(clean(extra));
        if (done?.log) log(this.logger, done.log.level, { ...loggable(attributes, extra), ...done.log.fields }, done.log.message);
        return result;
      } catch (error) {
        failure = error;
        this.fail(span, name, attributes, error);
        throw error;
      } finally {
        span.end();
        const outcome = failure === undefined ? {} : { 'error.type': errorType(failure) };
        this.duration?.record((performance.now() - started) / 1000, pick({ 'alma.operation': name, ...attributes, ...extra, ...outcome }));
      }
    });
  }

  private async plain<T>(name: string, attributes: Attributes, fn: () => Promise<T>, finish?: (result: T) => Finish): Promise<T> {
    if (!this.logger) return fn();
    try {
      const result = await fn();
      const done = finish?.(result);
      if (done?.log) log(this.logger, done.log.level, { ...loggable(attributes, done.attributes ?? {}), ...done.log.fields }, done.log.message);
      return result;
    } catch (error) {
      this.logFailure(name, attributes, error);
      throw error;
    }
  }

  private fail(span: SpanLike, name: string, attributes: Attributes, error: unknown): void {
    span.setAttribute('error.type', errorType(error));
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SPAN_STATUS_ERROR, message: error instanceof Error ? error.message : String(error) });
    this.logFailure(name, attributes, error);
  }

  private logFailure(name: string, attributes: Attributes, error: unknown): void {
    log(this.logger, 'error', { ...loggable(attributes, {}), 'error.type': errorType(error), err: error }, `${name} failed`);
  }
}

/** The metric attributes of a span's attributes. */
function pick(attributes: Attributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key of METRIC_KEYS) {
    const value = attributes[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Span attributes as log fields (same names, undefined left out). */
const loggable = (attributes: Attributes, extra: Attributes): Record<string, unknown> => ({ ...clean(attributes), ...clean(extra) });
