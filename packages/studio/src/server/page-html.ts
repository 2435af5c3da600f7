import type { ErrorBody } from './errors.js';

/** What a page is served with: the first API answer it needs, so it renders without asking again. */
export interface Boot {
  readonly status: number;
  /** The API URL the answer is for. */
  readonly api: string;
  readonly body: unknown;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict',
  413: 'Too large', 422: 'Unprocessable', 500: 'Internal error', 502: 'Bad gateway', 503: 'Store unavailable',
};

export const reasonOf = (status: number): string => REASONS[status] ?? 'Error';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** JSON inside a <script> element: `<` escaped so no string in the data can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * index.html with the boot data, and — for an error — the message as plain HTML inside the app element, so the
 * page says what went wrong even before (or without) its script.
 */
export function renderPage(indexHtml: string, boot: Boot): string {
  const error = boot.status >= 400 ? (boot.body as ErrorBody).error : undefined;
  const fallback = error
    ? `<div class="boot-error" role="alert"><h1>${boot.status} ${escapeHtml(reasonOf(boot.status))}</h1><p>${escapeHtml(error.message)}</p></div>`
    : '<p class="loading">Loading alma studio…</p>';
  return indexHtml
    .replace('<!--alma-boot-->', `<script id="alma-boot" type="application/json">${scriptJson(boot)}</script>`)
    .replace('<!--alma-fallback-->', fallback);
}
