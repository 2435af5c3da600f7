import { Empty, Link, Show } from '../components/common.js';
import { AgentField, Field, FilterForm, TenantField } from '../components/filters.js';
import { useApi, withQuery } from '../lib/api.js';
import { ago, bytes, time } from '../lib/format.js';
import { navigate, type Location } from '../lib/router.js';
import type { Meta, RunJson, RunPageJson } from '../lib/types.js';

const STATUSES = ['running', 'completed', 'failed', 'cancelled'];

export const runHref = (run: Pick<RunJson, 'runId' | 'tenantId'>, admin: boolean, extra: Record<string, string | undefined> = {}): string =>
  withQuery(`/runs/${encodeURIComponent(run.runId)}`, { tenant: admin ? run.tenantId : undefined, ...extra });

export function RunsPage({ loc, meta }: { loc: Location; meta: Meta }) {
  const q = loc.query;
  const page = useApi<RunPageJson>(`/api/runs${window.location.search}`);
  const admin = meta.binding.admin;
  return (
    <section>
      <h1>Runs</h1>
      <FilterForm path="/runs" key={loc.href}>
        <TenantField admin={admin} value={q.get('tenant')} />
        <Field label="Workflow">
          <input name="workflow" defaultValue={q.get('workflow') ?? ''} placeholder="any" size={12} />
        </Field>
        <Field label="Status">
          <select name="status">
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={q.get('status') === s}>{s}</option>
            ))}
          </select>
        </Field>
        <AgentField agents={meta.agents} value={q.get('agent')} />
      </FilterForm>
      <Show loaded={page}>
        {(p) => (
          <>
            {p.runs.length === 0 ? (
              <Empty>No runs match.</Empty>
            ) : (
              <table class="list" data-testid="run-table">
                <thead>
                  <tr>
                    <th>Run</th>
                    {admin && <th>Tenant</th>}
                    <th>Workflow</th>
                    <th>Agent</th>
                    <th>Status</th>
                    <th>Started</th>
                    <th>Last checkpoint</th>
                    <th class="num">Checkpoints</th>
                    <th>Branches</th>
                    <th class="num">State</th>
                  </tr>
                </thead>
                <tbody>
                  {p.runs.map((r) => (
                    <tr key={`${r.tenantId ?? ''}:${r.runId}`} data-testid="run-row" data-id={r.runId}>
                      <td><Link href={runHref(r, admin)} class="title">{r.runId}</Link></td>
                      {admin && <td>{r.tenantId ?? <span class="muted">(none)</span>}</td>}
                      <td>{r.workflowId ?? '–'}</td>
                      <td>{r.agent ?? '–'}</td>
                      <td><span class={`badge st-${r.status}`}>{r.status}</span></td>
                      <td title={time(r.firstAt)}>{time(r.firstAt)}</td>
                      <td title={time(r.lastAt)}>{ago(r.lastAt)} <span class="muted">(seq {r.latestSeq})</span></td>
                      <td class="num">{r.checkpointCount}</td>
                      <td>{r.branches.length ? r.branches.join(', ') : <span class="muted">main only</span>}</td>
                      <td class="num">{bytes(r.stateBytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div class="pager">
              <button type="button" disabled={!q.get('cursor')} onClick={() => { const n = new URLSearchParams(q); n.delete('cursor'); navigate(withQuery('/runs', Object.fromEntries(n))); }}>
                ⇤ First page
              </button>
              <button type="button" disabled={!p.nextCursor} onClick={() => navigate(withQuery('/runs', { ...Object.fromEntries(q), cursor: p.nextCursor }))}>
                Next →
              </button>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
