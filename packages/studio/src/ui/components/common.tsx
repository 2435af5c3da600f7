import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Answer, ApiError, Loaded } from '../lib/api.js';
import { bytes } from '../lib/format.js';
import { onLinkClick } from '../lib/router.js';

export function Link(props: { href: string; children: ComponentChildren; class?: string; title?: string; 'data-testid'?: string }) {
  const { href, children, ...rest } = props;
  return (
    <a href={href} onClick={onLinkClick(href)} {...rest}>
      {children}
    </a>
  );
}

const REASONS: Record<number, string> = {
  0: 'No answer', 400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  409: 'Conflict', 413: 'Too large', 422: 'Unprocessable', 500: 'Internal error', 502: 'Bad gateway', 503: 'Store unavailable',
};

/** An error as the page shows it: status, message, the bad parameters, and what a large state holds. */
export function ErrorBox({ error }: { error: ApiError }) {
  const keys = error.details?.['largestKeys'] as Array<{ key: string; bytes: number; type: string }> | undefined;
  const download = error.details?.['download'] as string | undefined;
  return (
    <div class="error" role="alert" data-testid="error" data-status={error.status}>
      <h2>
        {error.status > 0 ? `${error.status} ` : ''}
        {REASONS[error.status] ?? 'Error'}
      </h2>
      <p class="error-message">{error.message}</p>
      {error.issues && error.issues.length > 0 && (
        <ul class="issues">
          {error.issues.map((i) => (
            <li key={i.path}>
              <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {download && (
        <p>
          <a href={download} download data-testid="download-state">
            Download the state as JSON
          </a>
        </p>
      )}
      {keys && keys.length > 0 && (
        <table class="compact">
          <thead>
            <tr>
              <th>Largest top-level keys</th>
              <th>type</th>
              <th class="num">size</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.key}>
                <td>
                  <code>{k.key}</code>
                </td>
                <td>{k.type}</td>
                <td class="num">{bytes(k.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Loading, the error, or the data. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const a: Answer<T> | undefined = loaded.answer;
  if (!a) return <p class="muted" data-testid="loading">Loading…</p>;
  return (
    <div class={loaded.loading ? 'stale' : ''} aria-busy={loaded.loading}>
      {a.ok ? children(a.data) : <ErrorBox error={a.error} />}
    </div>
  );
}

/** A 0..1 value as a small bar with its number. */
export function Bar({ value, label }: { value: number | undefined; label?: string }) {
  if (value === undefined) return <span class="muted">–</span>;
  const v = Math.max(0, Math.min(1, value));
  return (
    <span class="bar" title={label ?? value.toFixed(3)}>
      <span class="bar-track">
        <span class="bar-fill" style={{ width: `${v * 100}%` }} />
      </span>
      <span class="bar-num">{value.toFixed(2)}</span>
    </span>
  );
}

/** Any JSON value, objects and arrays folded open to `open` levels. */
export function JsonView({ value, open = 2, name }: { value: unknown; open?: number; name?: string }) {
  const [expanded, setExpanded] = useState(open > 0);
  const label = name === undefined ? null : <span class="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    const cls = value === null ? 'json-null' : `json-${typeof value}`;
    return (
      <div class="json-line">
        {label}
        <span class={cls}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const [l, r] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <div class="json-node">
      <button type="button" class="json-toggle" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
        {expanded ? '▾' : '▸'}
      </button>
      {label}
      {l}
      {!expanded && <span class="muted"> {entries.length} {Array.isArray(value) ? 'items' : 'keys'} </span>}
      {expanded && (
        <div class="json-children">
          {entries.map(([k, v]) => (
            <JsonView key={k} name={k} value={v} open={open - 1} />
          ))}
        </div>
      )}
      {r}
    </div>
  );
}

/** Previous / next through an offset-paged list. */
export function Pager(props: { offset: number; limit: number; shown: number; total?: number; hasMore: boolean; go: (offset: number) => void; note?: ComponentChildren }) {
  const { offset, limit, shown, total, hasMore, go, note } = props;
  const from = shown === 0 ? 0 : offset + 1;
  return (
    <div class="pager" data-testid="pager">
      <button type="button" disabled={offset === 0} onClick={() => go(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span data-testid="page-range">
        {from}–{offset + shown}
        {total !== undefined ? ` of ${total.toLocaleString('en-US')}` : hasMore ? ' of more' : ''}
      </span>
      <button type="button" disabled={!hasMore} onClick={() => go(offset + limit)}>
        Next →
      </button>
      {note && <span class="muted">{note}</span>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty" data-testid="empty">{children}</p>;
}
