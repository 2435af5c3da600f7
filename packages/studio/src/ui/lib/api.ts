import { useEffect, useState } from 'preact/hooks';
import type { ApiErrorBody } from './types.js';

/** What a failed call shows: the server's error, or what went wrong on the way to it. */
export type ApiError = ApiErrorBody;

export type Answer<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

interface Boot {
  status: number;
  api: string;
  body: unknown;
}

/** The server puts the first answer a page needs into it; it is used once, for that URL. */
let boot: Boot | undefined = (() => {
  const el = document.getElementById('alma-boot');
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as Boot) : undefined;
  } catch {
    return undefined;
  }
})();

const TIMEOUT_MS = 60_000;

const failure = (status: number, code: string, message: string): Answer<never> => ({ ok: false, status, error: { status, code: code as ApiError['code'], message } });

/** Calls the studio API; never throws: every failure is an answer with a message a person can act on. */
export async function call<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<Answer<T>> {
  if (boot && boot.api === url && !init.method) {
    const b = boot;
    boot = undefined;
    return b.status < 400 ? { ok: true, status: b.status, data: b.body as T } : { ok: false, status: b.status, error: (b.body as { error: ApiError }).error };
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      signal: abort.signal,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json', 'x-alma-studio': '1' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return failure(res.status, 'INTERNAL', `The server answered ${res.status} with something that is not JSON.`);
    }
    if (res.ok) return { ok: true, status: res.status, data: body as T };
    const error = (body as { error?: ApiError }).error;
    return error ? { ok: false, status: res.status, error } : failure(res.status, 'INTERNAL', `The server answered ${res.status}.`);
  } catch (error) {
    if (abort.signal.aborted) return failure(0, 'INTERNAL', `The server did not answer within ${TIMEOUT_MS / 1000} s.`);
    return failure(0, 'INTERNAL', `The studio server cannot be reached (${(error as Error).message}); is \`alma studio\` still running?`);
  } finally {
    clearTimeout(timer);
  }
}

export interface Loaded<T> {
  readonly answer: Answer<T> | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** GETs `url` whenever it changes (null = nothing to load); a newer URL's answer always wins. */
export function useApi<T>(url: string | null): Loaded<T> {
  const [answer, setAnswer] = useState<Answer<T> | undefined>(undefined);
  const [loading, setLoading] = useState(url !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (url === null) {
      setAnswer(undefined);
      setLoading(false);
      return;
    }
    let current = true;
    setLoading(true);
    void call<T>(url).then((a) => {
      if (!current) return;
      setAnswer(a);
      setLoading(false);
    });
    return () => {
      current = false;
    };
  }, [url, tick]);
  return { answer, loading, reload: () => setTick((t) => t + 1) };
}

/** `path?k=v` with empty values left out. */
export function withQuery(path: string, params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v === true ? 1 : v));
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}
