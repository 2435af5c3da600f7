import { ConfigError, parseInput, type Metadata } from '@alma/types';
import { z } from 'zod';
import { contextSchema } from '../inputs.js';
import { daysBetween, scopeOfContext, type ModuleHost } from '../module-host.js';
import { ExponentialDecay, type DecayFunction } from './decay.js';
import { loadAll } from './load.js';

export interface DecayedItem {
  readonly memoryType: 'heuristic' | 'domain_knowledge';
  readonly id: string;
  readonly agent: string;
  readonly from: number;
  readonly to: number;
  readonly action: 'updated' | 'pruned' | 'unchanged';
}

export interface DecayResult {
  readonly dryRun: boolean;
  readonly decayFunction: string;
  readonly processed: number;
  readonly updated: number;
  readonly pruned: number;
  /** Mean of (1 − multiplier) over the processed items. */
  readonly avgDecayApplied: number;
  readonly items: readonly DecayedItem[];
}

const decayOptionsSchema = z
  .object({
    agent: z.string().trim().min(1).max(256).optional(),
    /** @default false */
    dryRun: z.boolean().default(false),
    context: contextSchema.optional(),
  })
  .strict();
export type ApplyDecayOptions = z.input<typeof decayOptionsSchema>;

/** Stored in metadata.decay so repeated runs decay from the same base instead of compounding. */
interface DecayMark {
  baseConfidence: number;
  appliedConfidence: number;
  appliedAt: string;
}

const markOf = (metadata: Metadata): DecayMark | undefined => {
  const m = metadata['decay'] as Partial<DecayMark> | undefined;
  return m && typeof m.baseConfidence === 'number' && typeof m.appliedConfidence === 'number' ? (m as DecayMark) : undefined;
};

/**
 * Lowers the confidence of heuristics (by lastValidated) and domain knowledge (by lastVerified) along a decay curve,
 * deleting what falls below `pruneBelowConfidence`. The confidence before decay is kept in `metadata.decay`, so a
 * second run at the same time changes nothing, and re-validation (which resets the time field) restores it.
 */
export class ConfidenceDecayer {
  readonly decayFunction: DecayFunction;
  readonly pruneBelowConfidence: number;

  constructor(
    private readonly host: ModuleHost,
    options: { decay?: DecayFunction; pruneBelowConfidence?: number } = {},
  ) {
    this.decayFunction = options.decay ?? new ExponentialDecay(30);
    if (typeof this.decayFunction.compute !== 'function') throw new ConfigError('forgetting.decay must be a DecayFunction.');
    this.pruneBelowConfidence = options.pruneBelowConfidence ?? 0.1;
    if (!(this.pruneBelowConfidence >= 0 && this.pruneBelowConfidence <= 1)) {
      throw new ConfigError(`forgetting.pruneBelowConfidence must be between 0 and 1, got ${this.pruneBelowConfidence}.`);
    }
  }

  async applyDecay(options: ApplyDecayOptions = {}): Promise<DecayResult> {
    const o = parseInput(decayOptionsSchema, options, 'decay options');
    const ctx = this.host.context(o.context, 'applyDecay');
    const scope = scopeOfContext(ctx);
    const where = { scope, projectId: this.host.projectId, agent: o.agent };
    const now = this.host.now();
    const records = [
      ...(await loadAll(this.host.storage, 'heuristic', where)).map((r) => ({ type: 'heuristic' as const, r, at: r.lastValidated })),
      ...(await loadAll(this.host.storage, 'domain_knowledge', where)).map((r) => ({ type: 'domain_knowledge' as const, r, at: r.lastVerified })),
    ];
    const items: DecayedItem[] = [];
    let totalDecay = 0;
    const touched = new Set<string>();
    for (const { type, r, at } of records) {
      const multiplier = this.decayFunction.compute(daysBetween(at, now));
      totalDecay += 1 - multiplier;
      const mark = markOf(r.metadata);
      const base = mark && mark.appliedConfidence === r.confidence ? mark.baseConfidence : r.confidence;
      const next = Math.min(1, Math.max(0, base * multiplier));
      const item = { memoryType: type, id: r.id, agent: r.agent, from: r.confidence };
      if (Math.abs(next - r.confidence) < 1e-12) {
        items.push({ ...item, to: r.confidence, action: 'unchanged' });
        continue;
      }
      const prune = next < this.pruneBelowConfidence;
      if (!o.dryRun) {
        const ok = prune
          ? await this.host.storage.deleteMemory(type, r.id, scope)
          : await this.host.storage.updateMemory(type, r.id, {
              confidence: next,
              metadata: { ...r.metadata, decay: { baseConfidence: base, appliedConfidence: next, appliedAt: now.toISOString() } },
            }, scope);
        if (!ok) continue;
        touched.add(r.agent);
      }
      items.push({ ...item, to: next, action: prune ? 'pruned' : 'updated' });
    }
    for (const agent of touched) this.host.invalidate(agent, ctx);
    return {
      dryRun: o.dryRun,
      decayFunction: this.decayFunction.name,
      processed: records.length,
      updated: items.filter((i) => i.action === 'updated').length,
      pruned: items.filter((i) => i.action === 'pruned').length,
      avgDecayApplied: records.length > 0 ? totalDecay / records.length : 0,
      items,
    };
  }
}
