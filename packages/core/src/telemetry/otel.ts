/**
 * The part of `@opentelemetry/api` ALMA uses, typed structurally so that ALMA's declarations never import the
 * package: it is an optional peer dependency, and a consumer without it must still type-check.
 */
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue | undefined>;

export interface SpanLike {
  isRecording(): boolean;
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Record<string, AttributeValue>): unknown;
  recordException(exception: Error | string): void;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

export interface TracerLike {
  startActiveSpan<R>(name: string, options: { attributes?: Record<string, AttributeValue>; kind?: number }, fn: (span: SpanLike) => R): R;
}

export interface TracerProviderLike {
  getTracer(name: string, version?: string): TracerLike;
}

export interface HistogramLike {
  record(value: number, attributes?: Record<string, AttributeValue>): void;
}

export interface MeterLike {
  createHistogram(name: string, options?: { description?: string; unit?: string }): HistogramLike;
}

export interface MeterProviderLike {
  getMeter(name: string, version?: string): MeterLike;
}

/** What ALMA takes from the `@opentelemetry/api` module. */
export interface OtelApi {
  trace: { getTracerProvider(): TracerProviderLike };
  metrics: { getMeterProvider(): MeterProviderLike };
}

/** `SpanStatusCode.ERROR` of the API (a stable constant of the specification). */
export const SPAN_STATUS_ERROR = 2;

let loading: Promise<OtelApi | null> | undefined;

/** `@opentelemetry/api` when it is installed, else null (telemetry then does nothing); imported once per process. */
export function loadOtelApi(importer: () => Promise<unknown> = () => import('@opentelemetry/api')): Promise<OtelApi | null> {
  loading ??= importer().then(
    (mod) => {
      const api = ((mod as { default?: unknown }).default ?? mod) as Partial<OtelApi>;
      return typeof api.trace?.getTracerProvider === 'function' && typeof api.metrics?.getMeterProvider === 'function' ? (api as OtelApi) : null;
    },
    () => null,
  );
  return loading;
}
