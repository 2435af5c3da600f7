/** Queries up to this length are used as they are. */
export const SAFE_QUERY_LENGTH = 200;
/** Longest query kept when falling back to the tail of the text. */
export const MAX_QUERY_LENGTH = 250;
/** Fragments shorter than this are not a query. */
export const MIN_QUERY_LENGTH = 10;

export type SanitizeMethod = 'passthrough' | 'question_extraction' | 'tail_sentence' | 'tail_truncation';

export interface SanitizedQuery {
  readonly query: string;
  readonly method: SanitizeMethod;
  readonly originalLength: number;
}

/**
 * ALMA's query sanitizer (query_sanitizer.py): agents often pass a whole prompt as the "task", which drowns the
 * actual request. Up to 200 characters the query is used as is; longer, the last sentence with a question mark,
 * else the last sentence of at least 10 characters, else the last 250 characters. Wrapping quotes are stripped.
 */
export function sanitizeQuery(text: string): SanitizedQuery {
  const trimmed = stripQuotes(text.trim());
  const originalLength = text.length;
  if (trimmed.length <= SAFE_QUERY_LENGTH) return { query: trimmed, method: 'passthrough', originalLength };
  const sentences = trimmed
    .split(/(?<=[.!?。！？])\s+|\n+/u)
    .map((s) => stripQuotes(s.trim()))
    .filter((s) => s.length >= MIN_QUERY_LENGTH);
  const question = [...sentences].reverse().find((s) => /[?？]\s*$/u.test(s));
  if (question) return { query: tail(question), method: 'question_extraction', originalLength };
  const last = sentences[sentences.length - 1];
  if (last && last.length <= MAX_QUERY_LENGTH) return { query: last, method: 'tail_sentence', originalLength };
  return { query: tail(trimmed), method: 'tail_truncation', originalLength };
}

function tail(text: string): string {
  return text.length <= MAX_QUERY_LENGTH ? text : text.slice(-MAX_QUERY_LENGTH).trim();
}

function stripQuotes(text: string): string {
  const m = /^(["'“‘`])([\s\S]*)(["'”’`])$/u.exec(text);
  return m ? (m[2] as string).trim() : text;
}
