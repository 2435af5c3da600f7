import type { SessionHandoff } from '@alma/types';

/** A handoff keeps the 10 most recent key decisions (oldest dropped first). */
export const MAX_KEY_DECISIONS = 10;
/** A finalized handoff keeps at most 10 next steps. */
export const MAX_NEXT_STEPS = 10;

/** Appends a decision, dropping the oldest beyond MAX_KEY_DECISIONS (FIFO). */
export function withDecision(decisions: readonly string[], decision: string): string[] {
  return [...decisions, decision].slice(-MAX_KEY_DECISIONS);
}

/** ALMA's compact "quick reload" markdown for the next session. */
export function formatQuickReload(h: SessionHandoff): string {
  const lines = [
    `## Session Handoff: ${h.sessionId}`,
    `Agent: ${h.agent}`,
    `Goal: ${h.currentGoal}`,
    `Last Action: ${h.lastAction} (${h.lastOutcome})`,
    `Confidence: ${Math.trunc(h.confidenceLevel * 100)}%`,
  ];
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push(`\n### ${title}:`);
    for (const item of items) lines.push(`- ${item}`);
  };
  section('Next Steps', h.nextSteps.slice(0, 5));
  section('Blockers', h.blockers);
  section('Key Decisions', h.keyDecisions.slice(-5));
  section('Active Files', h.activeFiles.slice(0, 5));
  section('Risks', h.riskFlags);
  const tests = Object.values(h.testStatus);
  if (tests.length > 0) lines.push(`\n### Tests: ${tests.filter(Boolean).length}/${tests.length} passing`);
  return lines.join('\n');
}
