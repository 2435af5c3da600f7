import { extractedFactSchema, type ChatMessage, type ExtractedFact, type ExtractionResult, type ExtractOptions, type FactExtractor } from './types.js';

type Family = 'preference' | 'anti_pattern' | 'heuristic' | 'domain_knowledge';

/** Checked in this order; a sentence yields at most one fact (the first family that matches). */
const FAMILIES: ReadonlyArray<[Family, readonly RegExp[]]> = [
  ['preference', [/\b(i|user)\s+(prefer|like|want|need)s?\b/i, /\b(always|never)\b.*\b(for me|i want)\b/i, /\bplease (always|never)\b/i]],
  ['anti_pattern', [/\b(don't|do not|never|avoid)\b.*\b(use|do|try|call|run)\b/i, /\b(failed|broke|caused|error)\b.*\b(because|when|due to)\b/i, /\b(bad|wrong|incorrect)\s+(to|approach|way|idea)\b/i]],
  ['heuristic', [/\b(worked|works|succeeded|fixed|solved|helped)\b.*\b(by|using|with)\b/i, /\b(better|best|good)\s+(to|approach|way|strategy)\b/i, /\b(should|always|recommend)\b.*\b(use|try|do)\b/i]],
  ['domain_knowledge', [/\b(note that|remember that|keep in mind that|fyi|for reference)\b/i]],
];

const CATEGORIES: ReadonlyArray<[string, RegExp]> = [
  ['code_style', /\b(tabs?|spaces|indent\w*|naming|semicolons?|format\w*|lint\w*|typescript|camelcase|snake_case)\b/i],
  ['communication', /\b(concise|brief|verbose|explain\w*|tone|summar\w*|language|bullet\w*)\b/i],
  ['workflow', /\b(commits?|branch\w*|pull requests?|prs?|deploy\w*|review\w*|tests?|ci)\b/i],
];

const sentences = (text: string): string[] =>
  text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter((s) => s.length >= 8);

/** Heuristic: "X was fixed by Y" → condition X, strategy Y. */
function splitStrategy(sentence: string): { condition?: string; strategy?: string } {
  const m = /^(.*?)\b(?:by|using|with)\b\s+(.+)$/i.exec(sentence);
  if (!m || !m[1]?.trim() || !m[2]?.trim()) return {};
  return { condition: m[1].trim(), strategy: m[2].replace(/[.!?]+$/, '').trim() };
}

/** Anti-pattern: "... because Z" → condition (why it is bad) Z. */
function splitReason(sentence: string): { condition?: string } {
  const m = /\b(?:because|when|due to)\b\s+(.+)$/i.exec(sentence);
  return m?.[1] ? { condition: m[1].replace(/[.!?]+$/, '').trim() } : {};
}

/**
 * Deterministic, offline extraction (ALMA's RuleBasedExtractor): regex families per sentence of user and assistant
 * messages. Confidence 0.5 (0.7 for a preference the user stated) — less accurate than an LLM, free and repeatable.
 */
export class RuleBasedExtractor implements FactExtractor {
  readonly name = 'rule-based';

  async extract(messages: readonly ChatMessage[], options: ExtractOptions = {}): Promise<ExtractionResult> {
    const started = performance.now();
    const known = new Set((options.existingFacts ?? []).map((f) => f.trim().toLowerCase()));
    const facts: ExtractedFact[] = [];
    const seen = new Set<string>();
    for (const message of messages) {
      if (message.role === 'system') continue;
      for (const sentence of sentences(message.content)) {
        const key = sentence.toLowerCase();
        if (known.has(key) || seen.has(key)) continue;
        const family = FAMILIES.find(([, patterns]) => patterns.some((p) => p.test(sentence)))?.[0];
        if (!family) continue;
        seen.add(key);
        facts.push(extractedFactSchema.parse({
          factType: family,
          content: sentence.slice(0, 500),
          confidence: family === 'preference' && message.role === 'user' ? 0.7 : 0.5,
          sourceText: message.content.slice(0, 500),
          ...(family === 'heuristic' ? splitStrategy(sentence) : {}),
          ...(family === 'anti_pattern' ? splitReason(sentence) : {}),
          ...(family === 'preference' ? { category: CATEGORIES.find(([, p]) => p.test(sentence))?.[0] ?? 'general' } : {}),
          ...(family === 'domain_knowledge' ? { domain: 'general' } : {}),
          metadata: { extractor: this.name, role: message.role },
        }));
      }
    }
    return { facts, invalid: [], rawResponse: 'rule-based extraction', extractionTimeMs: Math.round(performance.now() - started) };
  }
}
