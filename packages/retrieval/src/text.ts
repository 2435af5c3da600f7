/**
 * Text normalisation shared by the hashing embedder and the keyword candidate pass: Unicode NFKC, lower case,
 * tokens = runs of letters/digits (any script), English stop words dropped.
 */

/** A small English stop-word list: function words that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having how i if in ' +
    'into is it its itself me my no nor not of on once only or our ours out over own same she should so some such ' +
    'than that the their them then there these they this those through to too under until up very was we were what ' +
    'when where which while who whom why will with would you your yours'
  ).split(' '),
);

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Every token of `text`, lower-cased, stop words included. */
export function rawTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** Content tokens: stop words and 1-character tokens (except digits) removed. */
export function contentTokens(text: string): string[] {
  return rawTokens(text).filter((t) => !STOP_WORDS.has(t) && (t.length > 1 || /\p{N}/u.test(t)));
}

/**
 * Harman's "S" stemmer: plural forms to singular ("queries" -> "query", "timeouts" -> "timeout", "boxes" ->
 * "boxe"). Weak on purpose: it only strips plural endings, so it rarely merges words with different meanings.
 */
export function sStem(token: string): string {
  if (token.length <= 3 || /\p{N}/u.test(token)) return token;
  if (token.endsWith('ies') && !token.endsWith('eies') && !token.endsWith('aies')) return `${token.slice(0, -3)}y`;
  if (token.endsWith('es') && !/(?:aes|ees|oes)$/.test(token)) return token.slice(0, -1);
  if (token.endsWith('s') && !token.endsWith('us') && !token.endsWith('ss')) return token.slice(0, -1);
  return token;
}

/** Lower case, whitespace collapsed, trimmed: the form a query is cached under. */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Content tokens of texts, memoised: the newest records of a scope come back on every retrieval, and tokenising
 * them (NFKC, lower case, a Unicode regex) is most of what the keyword pass costs. Least recently used entries go
 * first; texts longer than `maxTextLength` are not kept.
 */
export class TokenMemo {
  private readonly sets = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly maxEntries = 5000,
    readonly maxTextLength = 1000,
  ) {}

  get size(): number {
    return this.sets.size;
  }

  /** The distinct content tokens of `text`. */
  of(text: string): ReadonlySet<string> {
    const known = this.sets.get(text);
    if (known !== undefined) {
      this.sets.delete(text);
      this.sets.set(text, known);
      return known;
    }
    const tokens = new Set(contentTokens(text));
    if (text.length <= this.maxTextLength && this.maxEntries > 0) {
      if (this.sets.size >= this.maxEntries) this.sets.delete(this.sets.keys().next().value as string);
      this.sets.set(text, tokens);
    }
    return tokens;
  }
}

/**
 * `keywordOverlap(queryTokens, text)` as a function of the text, for scoring many texts against one query: the
 * query's distinct tokens are computed once, the texts' tokens taken from `memo` when given.
 */
export function keywordScorer(queryTokens: readonly string[], memo?: TokenMemo): (text: string) => number {
  const distinct = [...new Set(queryTokens)];
  return (text) => {
    if (distinct.length === 0) return 0;
    const docTokens = memo ? memo.of(text) : new Set(contentTokens(text));
    let hits = 0;
    for (const q of distinct) {
      if (docTokens.has(q)) {
        hits++;
        continue;
      }
      for (const d of docTokens) {
        const [short, long] = q.length <= d.length ? [q, d] : [d, q];
        if (short.length >= 4 && long.startsWith(short)) {
          hits++;
          break;
        }
      }
    }
    return hits / distinct.length;
  };
}

/**
 * Share of the query's distinct content tokens that occur in `text` (0..1). A token also matches when one is a
 * prefix of the other and the shorter has at least 4 characters ("timeout" ~ "timeouts").
 */
export function keywordOverlap(queryTokens: readonly string[], text: string): number {
  return keywordScorer(queryTokens)(text);
}
