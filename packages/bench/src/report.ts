import type { BenchResult, ResultRow } from './results.js';
import { AIM_FACTOR, TARGETS_MS } from './scenarios/types.js';
import { formatMs, type LatencyStats } from './stats.js';

/** How a row compares with its target (judged on p95). */
export interface Verdict {
  readonly targetMs: number;
  readonly aimMs: number;
  /** target / p95: 10 or more meets the aim. */
  readonly factor: number;
  readonly targetMet: boolean;
  readonly aimMet: boolean;
}

export function verdict(row: ResultRow): Verdict | undefined {
  const targetMs = TARGETS_MS[row.spec.kind];
  if (row.status !== 'ok' || row.stats === undefined) return undefined;
  const factor = targetMs / Math.max(row.stats.p95, 1e-6);
  return { targetMs, aimMs: targetMs / AIM_FACTOR, factor, targetMet: factor >= 1, aimMet: factor >= AIM_FACTOR };
}

/** p50 of `a` over p50 of `b` (below 1: `a` is faster). */
const p50Ratio = (a: LatencyStats, b: LatencyStats): number => a.p50 / Math.max(b.p50, 1e-6);

/** ALMA p50 / LangGraph p50 of a checkpoint row (below 1: ALMA is faster), when both ran. */
export function langGraphRatio(row: ResultRow): number | undefined {
  const lg = row.langgraph?.stats;
  if (row.status !== 'ok' || row.stats === undefined || lg === undefined) return undefined;
  return p50Ratio(row.stats, lg);
}

const factorText = (f: number): string => `${f >= 100 ? f.toFixed(0) : f >= 10 ? f.toFixed(1) : f.toFixed(2)}×`;

export const TABLE_HEADER = [
  'Operation', 'Store', 'ops', 'p50 ms', 'p95 ms', 'p99 ms', 'target (p95)', 'under target', '10× aim met?',
  'LangGraph p50 ms', 'ALMA ÷ LangGraph',
] as const;

/** The table's cells, one array per row; `footnote` numbers rows that were not run or failed. */
export function tableCells(result: BenchResult, footnote: (reason: string) => string = () => ''): string[][] {
  return result.rows.map((row) => {
    const target = `< ${TARGETS_MS[row.spec.kind]} ms`;
    const lg = row.langgraph;
    const lgCell = lg === undefined ? '' : lg.stats ? formatMs(lg.stats.p50) : `not run${footnote(lg.reason ?? '')}`;
    const ratio = langGraphRatio(row);
    const ratioCell = ratio === undefined ? '' : factorText(ratio);
    const v = verdict(row);
    if (row.stats === undefined || v === undefined) {
      const status = `${row.status}${footnote(row.reason ?? '')}`;
      return [row.spec.label, row.storeLabel, '', status, '', '', target, '', '', lgCell, ratioCell];
    }
    const s = row.stats;
    return [
      row.spec.label, row.storeLabel, `${s.n}${footnote(row.caveat ?? '')}`, formatMs(s.p50), formatMs(s.p95), formatMs(s.p99), target,
      v.targetMet ? factorText(v.factor) : `missed (${factorText(1 / v.factor)} over)`,
      v.aimMet ? 'yes' : `no (aim < ${formatMs(v.aimMs)} ms)`,
      lgCell, ratioCell,
    ];
  });
}

/** Numbered footnotes for the distinct reasons of rows that did not run. */
export class Footnotes {
  readonly reasons: string[] = [];
  mark = (reason: string): string => {
    if (reason === '') return '';
    let i = this.reasons.indexOf(reason);
    if (i < 0) i = this.reasons.push(reason) - 1;
    return ` [${i + 1}]`;
  };
}

/** Aligned plain-text table for the terminal, followed by the footnotes and the LangGraph ratios. */
export function renderConsoleTable(result: BenchResult): string {
  const notes = new Footnotes();
  const rows = [[...TABLE_HEADER], ...tableCells(result, notes.mark)];
  const widths = TABLE_HEADER.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]): string => r.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd();
  const out = [line(rows[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  notes.reasons.forEach((reason, i) => out.push(`[${i + 1}] ${reason}`));
  const ratios = ratioLines(result);
  if (ratios.length > 0) out.push('', 'ALMA ÷ LangGraph (p50, same engine, same states; below 1 = ALMA faster):', ...ratios);
  return out.join('\n');
}

/**
 * One line per checkpoint row that ran on both sides, and one per row whose LangGraph workload also ran through
 * AlmaCheckpointSaver (the checkpointer API like for like).
 */
export function ratioLines(result: BenchResult): string[] {
  return result.rows.flatMap((row) => {
    const lg = row.langgraph;
    if (lg?.stats === undefined) return [];
    const lines: string[] = [];
    const ratio = langGraphRatio(row);
    if (ratio !== undefined && row.stats !== undefined) {
      lines.push(
        `  ${row.storeLabel}, ${row.spec.label}: ALMA ${formatMs(row.stats.p50)} ms vs ${lg.label} ` +
          `${formatMs(lg.stats.p50)} ms → ${factorText(ratio)}`,
      );
    }
    const saver = lg.almaSaver;
    if (saver?.stats !== undefined) {
      lines.push(
        `  ${row.storeLabel}, ${row.spec.label}, LangGraph API: ${saver.label} ${formatMs(saver.stats.p50)} ms vs ` +
          `${lg.label} ${formatMs(lg.stats.p50)} ms → ${factorText(p50Ratio(saver.stats, lg.stats))}`,
      );
    } else if (saver?.reason !== undefined) {
      lines.push(`  ${row.storeLabel}, ${row.spec.label}, LangGraph API: ${saver.label} ${saver.reason}`);
    }
    return lines;
  });
}

/** A markdown table (pipes in cells escaped). */
export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const esc = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
