import { Graph, layout } from '@dagrejs/dagre';
import { useMemo } from 'preact/hooks';
import { bytes } from '../lib/format.js';
import type { NodeJson, RunGraphJson } from '../lib/types.js';

const W = 150;
const H = 46;
const PALETTE = ['#0ea5e9', '#f59e0b', '#10b981', '#ec4899', '#8b5cf6', '#ef4444', '#14b8a6', '#a3a3a3'];

/** Main line indigo; each branch its own colour, stable by name order. */
function colours(nodes: NodeJson[]): Map<string | undefined, string> {
  const names = [...new Set(nodes.map((n) => n.branchId).filter((b): b is string => b !== undefined))].sort();
  return new Map<string | undefined, string>([[undefined, '#4f46e5'], ...names.map((b, i): [string, string] => [b, PALETTE[i % PALETTE.length] as string])]);
}

interface Laid {
  nodes: Array<NodeJson & { x: number; y: number }>;
  edges: Array<{ from: string; to: string; kind: string; points: Array<{ x: number; y: number }> }>;
  minX: number;
  minY: number;
  width: number;
  height: number;
}

/** dagre lays the checkpoints out left to right: parents before children, parallel branches side by side. */
function lay(graph: RunGraphJson['graph']): Laid {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 22, ranksep: 46, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: W, height: H });
  for (const e of graph.edges) g.setEdge(e.from, e.to);
  layout(g);
  const nodes = graph.nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number };
    return { ...n, x: p.x, y: p.y };
  });
  const edges = graph.edges.map((e) => ({ ...e, points: ((g.edge(e.from, e.to) as { points?: Array<{ x: number; y: number }> } | undefined)?.points ?? []) }));
  // The box around every node (the resume label above it included) and every edge point: long edges may leave dagre's.
  const xs = [...nodes.flatMap((n) => [n.x - W / 2, n.x + W / 2]), ...edges.flatMap((e) => e.points.map((p) => p.x))];
  const ys = [...nodes.flatMap((n) => [n.y - H / 2 - 18, n.y + H / 2]), ...edges.flatMap((e) => e.points.map((p) => p.y))];
  const minX = Math.min(...xs) - 8;
  const minY = Math.min(...ys) - 8;
  return { nodes, edges, minX, minY, width: Math.max(...xs) - minX + 8, height: Math.max(...ys) - minY + 8 };
}

export function RunGraphView(props: {
  graph: RunGraphJson['graph'];
  selected?: string | null;
  compare?: string | null;
  onPick: (id: string, compare: boolean) => void;
}) {
  const { graph, selected, compare, onPick } = props;
  const laid = useMemo(() => lay(graph), [graph]);
  const colour = useMemo(() => colours(graph.nodes), [graph]);
  return (
    <div class="dag" data-testid="dag">
      <svg width={laid.width} height={laid.height} viewBox={`${laid.minX} ${laid.minY} ${laid.width} ${laid.height}`} role="img" aria-label="checkpoint graph">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#94a3b8" />
          </marker>
        </defs>
        {laid.edges.map((e) => (
          <path
            key={`${e.from}-${e.to}`}
            class={`edge edge-${e.kind}`}
            data-testid={`edge-${e.kind}`}
            d={e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ')}
            marker-end="url(#arrow)"
          />
        ))}
        {laid.nodes.map((n) => {
          const resume = n.id === graph.resumeId;
          const merge = n.mergedFrom.length > 0;
          const cls = ['cp', n.id === selected ? 'selected' : '', n.id === compare ? 'compared' : '', resume ? 'resume' : '', merge ? 'merge' : ''].join(' ');
          return (
            <g key={n.id} class={cls} transform={`translate(${n.x - W / 2}, ${n.y - H / 2})`} data-testid="cp-node" data-id={n.id} data-seq={n.seq}
              onClick={(e) => onPick(n.id, (e as MouseEvent).shiftKey)} role="button" tabIndex={0} aria-label={`checkpoint ${n.seq} ${n.nodeId}`}
              onKeyDown={(e) => { if ((e as KeyboardEvent).key === 'Enter') onPick(n.id, (e as KeyboardEvent).shiftKey); }}>
              <title>{`seq ${n.seq} · ${n.nodeId} · ${n.branchId ?? 'main line'} · ${bytes(n.stateSizeBytes)}${merge ? ` · merges ${n.mergedFrom.length} branches` : ''}${resume ? ' · resume point' : ''}`}</title>
              <rect width={W} height={H} rx={merge ? 16 : 6} style={{ stroke: colour.get(n.branchId) }} />
              <rect width={6} height={H} rx={3} style={{ fill: colour.get(n.branchId) }} />
              <text x={14} y={18} class="cp-title">#{n.seq} {n.nodeId.length > 14 ? `${n.nodeId.slice(0, 13)}…` : n.nodeId}</text>
              <text x={14} y={35} class="cp-sub">{n.branchId ?? 'main'} · {bytes(n.stateSizeBytes)}</text>
              {resume && <text x={W - 8} y={-4} text-anchor="end" class="resume-label">▶ resume point</text>}
            </g>
          );
        })}
      </svg>
      <p class="legend">
        {[...colour.entries()].filter(([b]) => b === undefined || graph.nodes.some((n) => n.branchId === b)).map(([b, c]) => (
          <span key={b ?? '(main)'}><i style={{ background: c }} /> {b ?? 'main line'}</span>
        ))}
        <span><i class="merge-key" /> merge</span>
        <span>▶ resume point</span>
      </p>
    </div>
  );
}
