import { Empty, JsonView, Link, Show } from '../components/common.js';
import { RunGraphView } from '../components/run-graph.js';
import { useApi, withQuery } from '../lib/api.js';
import { bytes, time } from '../lib/format.js';
import { navigate, type Location } from '../lib/router.js';
import type { DiffJson, Meta, RunGraphJson, StateJson } from '../lib/types.js';

function StatePanel({ url }: { url: string }) {
  const state = useApi<StateJson>(url);
  return (
    <Show loaded={state}>
      {(s) => (
        <div data-testid="state">
          <p class="muted">
            seq {s.checkpoint.seq} · {s.checkpoint.nodeId} · {s.checkpoint.branchId ?? 'main line'} · {bytes(s.checkpoint.stateSizeBytes)} · stored {s.checkpoint.encoding} ({bytes(s.checkpoint.storedBytes)}) · {time(s.checkpoint.createdAt)}
          </p>
          <JsonView value={s.state} open={2} />
        </div>
      )}
    </Show>
  );
}

function DiffPanel({ url }: { url: string }) {
  const diff = useApi<DiffJson>(url);
  return (
    <Show loaded={diff}>
      {(d) => (
        <div data-testid="diff">
          <p class="muted">
            from seq {d.from.seq} ({d.from.nodeId}) to seq {d.to.seq} ({d.to.nodeId}): {d.total} change{d.total === 1 ? '' : 's'}
            {d.truncated ? `, the first ${d.changes.length} shown` : ''}
          </p>
          {d.changes.length === 0 ? (
            <Empty>The two states are equal.</Empty>
          ) : (
            <table class="list diff">
              <thead>
                <tr><th>change</th><th>path</th><th>before</th><th>after</th></tr>
              </thead>
              <tbody>
                {d.changes.map((c) => (
                  <tr key={`${c.op}:${c.path}`} class={`op-${c.op}`} data-testid="change">
                    <td><span class={`badge op-${c.op}`}>{c.op}</span></td>
                    <td><code>{c.path}</code></td>
                    <td><code class="val">{c.before ?? ''}</code></td>
                    <td><code class="val">{c.after ?? ''}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Show>
  );
}

export function RunPage({ loc, meta, runId }: { loc: Location; meta: Meta; runId: string }) {
  const q = loc.query;
  const tenant = q.get('tenant') ?? undefined;
  const checkpoint = q.get('checkpoint');
  const compare = q.get('compare');
  const afterSeq = q.get('afterSeq') ?? undefined;
  const base = `/api/runs/${encodeURIComponent(runId)}`;
  const graph = useApi<RunGraphJson>(withQuery(`${base}/graph`, { tenant, afterSeq }));
  const here = (changes: Record<string, string | undefined>) =>
    navigate(withQuery(`/runs/${encodeURIComponent(runId)}`, { tenant, checkpoint: checkpoint ?? undefined, compare: compare ?? undefined, afterSeq, ...changes }), { replace: true });
  const pick = (id: string, asCompare: boolean) => {
    if (asCompare && checkpoint && id !== checkpoint) here({ compare: id });
    else here({ checkpoint: id, compare: undefined });
  };
  return (
    <section>
      <p class="crumbs"><Link href={withQuery('/runs', { tenant: meta.binding.admin ? tenant : undefined })}>← Runs</Link></p>
      <Show loaded={graph}>
        {({ run, graph: g }) => (
          <>
            <h1>
              Run {run.runId} <span class={`badge st-${run.status}`}>{run.status}</span>
            </h1>
            <p class="summary" data-testid="run-summary">
              workflow <b>{run.workflowId ?? '–'}</b> · agent <b>{run.agent ?? '–'}</b>
              {run.tenantId ? <> · tenant <b>{run.tenantId}</b></> : null} · {run.checkpointCount} checkpoints (latest seq {run.latestSeq}) ·
              branches {run.branches.length ? run.branches.join(', ') : 'none'} · state {bytes(run.stateBytes)}, stored {bytes(run.storedBytes)} ·
              {' '}{time(run.firstAt)} → {time(run.lastAt)}
            </p>
            {Object.keys(run.metadata).length > 0 && <JsonView value={run.metadata} open={1} name="metadata" />}
            <h2>Checkpoint graph</h2>
            <p class="muted">Click a checkpoint to see its state; shift-click a second one to see what changed between them.</p>
            {g.nodes.length === 0 ? <Empty>No checkpoints in this window.</Empty> : <RunGraphView graph={g} selected={checkpoint} compare={compare} onPick={pick} />}
            <div class="pager">
              <button type="button" disabled={g.afterSeq === 0} onClick={() => here({ afterSeq: undefined })}>⇤ From seq 1</button>
              <span>seq {g.nodes[0]?.seq ?? '–'}–{g.nodes[g.nodes.length - 1]?.seq ?? '–'} of {run.latestSeq}</span>
              <button type="button" disabled={g.nextAfterSeq === undefined} onClick={() => here({ afterSeq: String(g.nextAfterSeq) })}>Next →</button>
            </div>
            <details open={g.nodes.length <= 30}>
              <summary>Checkpoints as a table</summary>
              <table class="list compact" data-testid="cp-table">
                <thead>
                  <tr><th class="num">seq</th><th>node</th><th>branch</th><th>parent</th><th>merges</th><th class="num">size</th><th>stored</th><th>time</th><th /></tr>
                </thead>
                <tbody>
                  {g.nodes.map((n) => (
                    <tr key={n.id} class={n.id === checkpoint ? 'selected' : n.id === compare ? 'compared' : ''}>
                      <td class="num">{n.seq}{n.id === g.resumeId ? ' ▶' : ''}</td>
                      <td>{n.nodeId}</td>
                      <td>{n.branchId ?? <span class="muted">main</span>}</td>
                      <td><code>{n.parentCheckpointId ? `#${g.nodes.find((p) => p.id === n.parentCheckpointId)?.seq ?? '…'}` : '–'}</code></td>
                      <td>{n.mergedFrom.map((m) => `#${g.nodes.find((p) => p.id === m)?.seq ?? '…'}`).join(' ') || '–'}</td>
                      <td class="num">{bytes(n.stateSizeBytes)}</td>
                      <td>{n.encoding}</td>
                      <td>{time(n.createdAt)}</td>
                      <td>
                        <button type="button" onClick={() => pick(n.id, false)}>state</button>{' '}
                        <button type="button" disabled={!checkpoint || checkpoint === n.id} onClick={() => pick(n.id, true)} data-testid="compare-button">compare</button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            {checkpoint && (
              <div class="panels">
                <div class="panel">
                  <h2>State at this checkpoint</h2>
                  <StatePanel url={withQuery(`${base}/checkpoints/${encodeURIComponent(checkpoint)}/state`, { tenant })} />
                </div>
                {compare && (
                  <div class="panel">
                    <h2>What changed</h2>
                    <DiffPanel url={withQuery(`${base}/diff`, { tenant, from: checkpoint, to: compare })} />
                  </div>
                )}
              </div>
            )}
          </>
        )}
      </Show>
    </section>
  );
}
