import type { Heuristic, Outcome, SessionHandoff, WorkItem } from '@alma/types';
import { formatProgressSummary, type ProgressSummary } from '../progress/select.js';

/** Everything an agent needs to orient itself at session start (ALMA's SessionContext). */
export class SessionContext {
  readonly projectId: string;
  readonly agent: string;
  readonly sessionId: string;
  /** The handoff of this (now active) session. */
  readonly handoff: SessionHandoff;
  /** True when startSession found this session already active and resumed it. */
  readonly resumed: boolean;
  readonly previousHandoff?: SessionHandoff;
  readonly progress?: ProgressSummary;
  readonly suggestedFocus?: WorkItem;
  readonly recentOutcomes: readonly Outcome[];
  readonly relevantHeuristics: readonly Heuristic[];
  readonly rulesOfEngagement: readonly string[];
  readonly createdAt: Date;

  constructor(init: Omit<SessionContext, 'formatOrientation'>) {
    this.projectId = init.projectId;
    this.agent = init.agent;
    this.sessionId = init.sessionId;
    this.handoff = init.handoff;
    this.resumed = init.resumed;
    if (init.previousHandoff) this.previousHandoff = init.previousHandoff;
    if (init.progress) this.progress = init.progress;
    if (init.suggestedFocus) this.suggestedFocus = init.suggestedFocus;
    this.recentOutcomes = init.recentOutcomes;
    this.relevantHeuristics = init.relevantHeuristics;
    this.rulesOfEngagement = init.rulesOfEngagement;
    this.createdAt = init.createdAt;
  }

  /** An orientation briefing in markdown: previous session, progress, blockers, focus, memory, rules. */
  formatOrientation(): string {
    const lines = ['# Session Orientation', `Project: ${this.projectId}`, `Agent: ${this.agent}`, `Session: ${this.sessionId}`];
    if (this.handoff.currentGoal) lines.push(`Goal: ${this.handoff.currentGoal}`);
    const prev = this.previousHandoff;
    if (prev) {
      lines.push('\n## Previous Session', `Outcome: ${prev.lastOutcome}`, `Last Action: ${prev.lastAction}`, `Goal: ${prev.currentGoal}`);
      if (prev.nextSteps.length > 0) {
        lines.push('Next Steps from Last Session:');
        for (const step of prev.nextSteps.slice(0, 3)) lines.push(`  - ${step}`);
      }
      if (prev.keyDecisions.length > 0) {
        lines.push('Key Decisions:');
        for (const d of prev.keyDecisions.slice(-3)) lines.push(`  - ${d}`);
      }
    }
    if (this.progress && this.progress.total > 0) lines.push('\n## Progress', formatProgressSummary(this.progress));
    if (prev && prev.blockers.length > 0) {
      lines.push('\n## Outstanding Blockers');
      for (const b of prev.blockers) lines.push(`- ${b}`);
    }
    if (this.suggestedFocus) lines.push('\n## Suggested Focus', `Task: ${this.suggestedFocus.title}`);
    if (this.relevantHeuristics.length > 0) {
      lines.push('\n## Relevant Strategies');
      for (const h of this.relevantHeuristics) lines.push(`- When ${h.condition}: ${h.strategy} (${Math.round(h.confidence * 100)}%)`);
    }
    if (this.recentOutcomes.length > 0) {
      lines.push('\n## Recent Outcomes');
      for (const o of this.recentOutcomes) lines.push(`- ${o.success ? 'OK' : 'FAILED'}: ${o.taskDescription}`);
    }
    if (this.rulesOfEngagement.length > 0) {
      lines.push('\n## Rules of Engagement');
      for (const rule of this.rulesOfEngagement) lines.push(`- ${rule}`);
    }
    return lines.join('\n');
  }
}
