import { cosineSimilarity } from '@alma/types';

const words = (text: string): Set<string> => new Set(text.toLowerCase().split(/\s+/).filter(Boolean));

/** ALMA's fallback strategy similarity: enough shared words (|a ∩ b| >= min(3, |a| / 2)). */
export function wordsOverlap(a: string, b: string): boolean {
  const wa = words(a);
  const wb = words(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared >= Math.max(1, Math.min(3, Math.floor(wa.size / 2)));
}

/** Are two strategies "the same strategy"? Embeddings when both exist, word overlap otherwise. */
export function similarStrategies(
  a: { text: string; embedding?: Float32Array },
  b: { text: string; embedding?: Float32Array },
  threshold: number,
): boolean {
  if (a.text.trim().toLowerCase() === b.text.trim().toLowerCase()) return true;
  if (a.embedding && b.embedding && a.embedding.length === b.embedding.length) {
    return cosineSimilarity(a.embedding, b.embedding) >= threshold;
  }
  return wordsOverlap(a.text, b.text);
}

/** Case-insensitive containment either way: how ALMA decides two error messages describe the same failure. */
export function similarErrors(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
}

const normalize = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();
const tokens = (text: string): Set<string> => new Set(normalize(text).match(/[a-z0-9_]{3,}/g) ?? []);

/**
 * The anti-pattern write guard's match (ALMA Atlas G2): one text contains the other, or at least 45% of the
 * pattern's tokens appear in the text.
 */
export function matchesAntiPattern(text: string, pattern: string, minOverlap = 0.45): boolean {
  const t = normalize(text);
  const p = normalize(pattern);
  if (!t || !p) return false;
  if (t.includes(p) || p.includes(t)) return true;
  const pt = tokens(p);
  if (pt.size === 0) return false;
  const tt = tokens(t);
  let shared = 0;
  for (const w of pt) if (tt.has(w)) shared++;
  return shared / pt.size >= minOverlap;
}
