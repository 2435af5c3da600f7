import type { BenchResult } from './results.js';
import { TARGETS_MS } from './scenarios/types.js';
import { formatMs } from './stats.js';

const COLORS = ['#2563eb', '#059669', '#d97706', '#7c3aed'];
const LANGGRAPH_COLORS = ['#93c5fd', '#6ee7b7', '#fcd34d', '#c4b5fd'];
const LABEL_W = 300;
const PLOT_W = 520;
const BAR_H = 11;
const GROUP_GAP = 12;

interface Bar {
  readonly series: string;
  readonly color: string;
  readonly ms: number | undefined;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A handwritten horizontal bar chart: p50 per operation (group) and store (bar), LangGraph bars in a lighter shade
 * beside the checkpoint rows, a log-scale ms axis, and each group's target (red dashes) and 10x aim (green dots).
 */
export function renderSvg(result: BenchResult): string {
  const groups = new Map<string, { label: string; target: number; bars: Bar[] }>();
  const legend = new Map<string, string>();
  for (const row of result.rows) {
    const si = Math.max(0, result.stores.indexOf(row.store)) % COLORS.length;
    const group = groups.get(row.spec.id) ?? { label: row.spec.label, target: TARGETS_MS[row.spec.kind], bars: [] };
    groups.set(row.spec.id, group);
    group.bars.push({ series: row.storeLabel, color: COLORS[si] as string, ms: row.stats?.p50 });
    legend.set(row.storeLabel, COLORS[si] as string);
    if (row.langgraph?.stats) {
      const series = `LangGraph ${row.langgraph.label}`;
      group.bars.push({ series, color: LANGGRAPH_COLORS[si] as string, ms: row.langgraph.stats.p50 });
      legend.set(series, LANGGRAPH_COLORS[si] as string);
    }
  }
  const values = [...groups.values()].flatMap((g) => [g.target, ...g.bars.map((b) => b.ms ?? g.target)]);
  const lo = Math.floor(Math.log10(Math.max(1e-3, Math.min(...values))));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
  const x = (ms: number): number => LABEL_W + ((Math.log10(Math.max(ms, 10 ** lo)) - lo) / (hi - lo)) * PLOT_W;

  const entries: Array<[string, string]> = [...legend.entries(), ['target', '#dc2626'], ['10× aim', '#16a34a']];
  const top = 38 + Math.ceil(entries.length / 4) * 16;
  const body: string[] = [];
  let y = top;
  for (const g of groups.values()) {
    const h = g.bars.length * (BAR_H + 2);
    body.push(`<text x="${LABEL_W - 8}" y="${y + h / 2 + 4}" text-anchor="end" class="label">${esc(g.label)}</text>`);
    g.bars.forEach((b, i) => {
      const by = y + i * (BAR_H + 2);
      if (b.ms === undefined) {
        body.push(`<text x="${LABEL_W + 4}" y="${by + BAR_H - 2}" class="na">${esc(b.series)}: not run</text>`);
        return;
      }
      const w = Math.max(1, x(b.ms) - LABEL_W);
      body.push(
        `<rect x="${LABEL_W}" y="${by}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${b.color}"><title>${esc(b.series)}: p50 ${formatMs(b.ms)} ms</title></rect>`,
        `<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${by + BAR_H - 2}" class="value">${formatMs(b.ms)}</text>`,
      );
    });
    for (const [ms, cls] of [[g.target, 'target'], [g.target / 10, 'aim']] as const) {
      body.push(`<line x1="${x(ms).toFixed(1)}" x2="${x(ms).toFixed(1)}" y1="${y - 3}" y2="${y + h + 1}" class="${cls}"/>`);
    }
    y += h + GROUP_GAP;
  }
  const height = y + 40;
  const axis: string[] = [];
  for (let d = lo; d <= hi; d++) {
    const ax = x(10 ** d).toFixed(1);
    axis.push(
      `<line x1="${ax}" x2="${ax}" y1="${top - 6}" y2="${y - GROUP_GAP + 4}" class="grid"/>`,
      `<text x="${ax}" y="${y - GROUP_GAP + 18}" text-anchor="middle" class="tick">${formatMs(10 ** d)} ms</text>`,
    );
  }
  const legendItems = entries.map(([name, color], i) => {
    const lx = 10 + (i % 4) * 215;
    const ly = 30 + Math.floor(i / 4) * 16;
    return `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${color}"/><text x="${lx + 14}" y="${ly}" class="tick">${esc(name)}</text>`;
  });
  const width = LABEL_W + PLOT_W + 60;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    '<style>.label{font-size:11px;fill:#111}.tick{font-size:10px;fill:#444}.value{font-size:9px;fill:#333}.na{font-size:9px;fill:#999;font-style:italic}' +
      '.grid{stroke:#e5e7eb}.target{stroke:#dc2626;stroke-dasharray:4 2;stroke-width:1.5}.aim{stroke:#16a34a;stroke-dasharray:1 2;stroke-width:1.5}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="16" font-size="13" font-weight="bold">ALMA p50 latency per operation and store (ms, log scale; ${result.ops} ops each)</text>`,
    ...legendItems,
    ...axis,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
