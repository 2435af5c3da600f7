import { measure } from '../stats.js';
import { AGENT, TENANT, queryAt } from '../memories.js';
import type { ScenarioContext } from './types.js';

/**
 * `ALMA.retrieve` in AGENT scope with a tenant context, cache bypassed: embeds the query, gathers vector and keyword
 * candidates of the four memory types inside the tenant and the agent, scores them and returns the top 5 of each.
 * Resolves with the samples and how many memories the first call returned (a sanity check: not an empty scope).
 */
export async function scopedRetrieval(c: ScenarioContext): Promise<{ samples: number[]; firstHits: number }> {
  let firstHits = -1;
  const samples = await measure(
    c.ops,
    c.warmup,
    async (i) => {
      const slice = await c.alma.retrieve({
        task: queryAt(i + c.warmup),
        agent: AGENT,
        context: { tenantId: TENANT },
        scope: 'agent',
        bypassCache: true,
      });
      if (firstHits < 0) {
        firstHits = slice.heuristics.length + slice.outcomes.length + slice.domainKnowledge.length + slice.antiPatterns.length;
      }
    },
    c.tick,
  );
  return { samples, firstHits };
}
