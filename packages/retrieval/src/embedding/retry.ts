/** Retry policy of the HTTP embedding provider: exponential backoff with jitter, Retry-After honoured. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** First backoff delay. */
  readonly baseDelayMs: number;
  /** Largest backoff delay, and largest Retry-After honoured. */
  readonly maxDelayMs: number;
}

/** 408, 409, 429 and every 5xx are worth another try; other 4xx are the caller's mistake. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Delay before retry number `attempt` (0-based): full jitter in [half, full] of min(maxDelay, base * 2^attempt),
 * or the server's Retry-After (seconds or HTTP date) / retry-after-ms when given, capped at maxDelayMs.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  headers?: Headers,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const fromServer = retryAfterMs(headers, now);
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxDelayMs);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + (cap / 2) * random());
}

function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
