import type { AntiPattern, Heuristic, Outcome } from '@alma/types';
import { matchesAntiPattern } from '../learning/similarity.js';
import type { OpportunitySignal, RiskSignal } from './signals.js';

const words = (text: string): Set<string> => new Set(text.toLowerCase().split(/\s+/).filter(Boolean));

/** ALMA's strategy match for confidence: equal, one contains the other, or word Jaccard ≥ 0.5 (case-insensitive). */
export function strategiesMatch(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (!x || !y) return false;
  if (x === y || x.includes(y) || y.includes(x)) return true;
  const wa = words(x);
  const wb = words(y);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  const union = wa.size + wb.size - shared;
  return union > 0 && shared / union >= 0.5;
}

const COMPLEXITY_WORDS = ['complex', 'multiple', 'all', 'every', 'entire', 'complete'];
const RISKY_PATTERNS: ReadonlyArray<[RegExp, string, number]> = [
  [/\bsleep/, 'Time-based waits can cause flaky behavior', 0.6],
  [/\bforce/, 'Force operations can have unintended side effects', 0.5],
  [/\bdelete all\b/, 'Bulk deletions are high-risk', 0.8],
  [/\bproduction\b/, 'Production operations require extra caution', 0.7],
];
const BEST_PRACTICES: ReadonlyArray<[RegExp, string, number]> = [
  [/\bincremental/, 'Incremental approaches reduce risk', 0.5],
  [/\btest[- ]first\b/, 'Test-first approaches catch issues early', 0.6],
  [/\bvalidat(e|es|ed|ing)\b/, 'Validation prevents downstream errors', 0.5],
  [/\bsmall steps\b/, 'Small steps are easier to debug', 0.4],
];

/** Known anti-patterns the strategy resembles, complexity, and risky operations. */
export function detectRisks(strategy: string, antiPatterns: readonly AntiPattern[]): RiskSignal[] {
  const risks: RiskSignal[] = [];
  const similar = antiPatterns.filter((a) => strategiesMatch(strategy, a.pattern) || matchesAntiPattern(strategy, a.pattern));
  for (const a of similar.slice(0, 3)) {
    risks.push({
      signalType: 'similar_to_failure',
      description: `Similar to known anti-pattern: ${a.whyBad.slice(0, 100) || a.pattern.slice(0, 100)}`,
      severity: 0.7,
      source: `anti_pattern:${a.id}`,
      relatedMemories: [a.id],
    });
  }
  const text = strategy.toLowerCase();
  const complexity = COMPLEXITY_WORDS.filter((w) => new RegExp(`\\b${w}\\b`).test(text)).length;
  if (complexity >= 2) {
    risks.push({
      signalType: 'high_complexity',
      description: 'Strategy appears complex - consider breaking into smaller steps',
      severity: 0.4,
      source: 'context_analysis',
      relatedMemories: [],
    });
  }
  for (const [pattern, description, severity] of RISKY_PATTERNS) {
    if (pattern.test(text)) risks.push({ signalType: 'risky_pattern', description, severity, source: 'pattern_match', relatedMemories: [] });
  }
  return risks;
}

/** Proven heuristics (≥ minOccurrences uses, ≥ 80% success), recent successes, and best-practice wording. */
export function detectOpportunities(
  strategy: string,
  history: { heuristics: readonly Heuristic[]; recentSuccesses: readonly Outcome[]; minOccurrences: number },
): OpportunitySignal[] {
  const out: OpportunitySignal[] = [];
  const proven = history.heuristics.filter(
    (h) => h.occurrenceCount >= history.minOccurrences && h.successCount / h.occurrenceCount >= 0.8,
  );
  for (const h of proven.slice(0, 3)) {
    const rate = h.successCount / h.occurrenceCount;
    out.push({
      signalType: 'proven_pattern',
      description: `Proven strategy with ${Math.round(rate * 100)}% success rate over ${h.occurrenceCount} uses`,
      strength: Math.min(0.9, rate),
      source: `heuristic:${h.id}`,
      relatedMemories: [h.id],
    });
  }
  const recent = history.recentSuccesses.slice(0, 3);
  if (recent.length > 0) {
    out.push({
      signalType: 'recent_success',
      description: `Similar approach succeeded recently (${recent.length} recent successes)`,
      strength: 0.6,
      source: 'outcome_analysis',
      relatedMemories: recent.map((o) => o.id),
    });
  }
  const text = strategy.toLowerCase();
  for (const [pattern, description, strength] of BEST_PRACTICES) {
    if (pattern.test(text)) out.push({ signalType: 'best_practice', description, strength, source: 'pattern_match', relatedMemories: [] });
  }
  return out;
}
