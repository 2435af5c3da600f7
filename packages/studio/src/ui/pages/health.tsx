import { useState } from 'preact/hooks';
import { Empty, ErrorBox, JsonView, Link, Show } from '../components/common.js';
import { AgentField, FilterForm, TenantField } from '../components/filters.js';
import { call, useApi, withQuery, type ApiError } from '../lib/api.js';
import { bytes, num, pct } from '../lib/format.js';
import type { Location } from '../lib/router.js';
import type { HealthJson, Meta } from '../lib/types.js';

interface Candidates {
  tenantId: string | null;
  prune: { total: number; items: Array<{ memoryType: 'heuristic' | 'outcome' | 'domain_knowledge' | 'anti_pattern'; id: string; agent: string; reason: string; details: string }> };
  decay: Array<{ id: string; agent: string; score: number; ageDays: number; confidence: number; summary: string }>;
  metrics: { totalItems: number; avgHeuristicConfidence: number; staleHeuristicCount: number; lowConfidenceCount: number; storageBytes: number; agentsCount: number };
  alerts: Array<{ level: string; category: string; message: string; currentValue: number; threshold: number }>;
}

interface Migrations {
  currentVersion?: number | null;
  latestVersion?: number;
  pending?: number[];
  note?: string;
  target?: string;
}

function ForgetButton({ items, tenant, done }: { items: Candidates['prune']['items']; tenant: string | undefined; done: (message: string) => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const forget = async () => {
    const a = await call<{ deleted: number }>(withQuery('/api/forget', { tenant }), {
      method: 'POST', body: { items: items.map(({ memoryType, id }) => ({ memoryType, id })), confirm: items.length },
    });
    setAsking(false);
    if (a.ok) done(`Forgot ${a.data.deleted} memories.`);
    else setError(a.error);
  };
  return (
    <div class="danger">
      {!asking && <button type="button" class="danger" onClick={() => setAsking(true)}>Forget these {items.length}…</button>}
      {asking && (
        <span role="alertdialog" aria-label="Confirm forget">
          Delete these {items.length} memories for good? <button type="button" class="danger" onClick={() => void forget()}>Forget {items.length}</button>{' '}
          <button type="button" onClick={() => setAsking(false)}>Cancel</button>
        </span>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}

export function HealthPage({ loc, meta }: { loc: Location; meta: Meta }) {
  const q = loc.query;
  const tenant = q.get('tenant') ?? undefined;
  const report = useApi<HealthJson>(`/api/health${window.location.search}`);
  const candidates = useApi<Candidates>(withQuery('/api/health/candidates', { tenant, agent: q.get('agent') ?? undefined }));
  const admin = meta.binding.admin;
  const [notice, setNotice] = useState<string | undefined>();
  return (
    <section>
      <h1>Health</h1>
      <FilterForm path="/health" key={loc.href}>
        <TenantField admin={admin} value={q.get('tenant')} />
        <AgentField agents={meta.agents} value={q.get('agent')} label="Candidates of agent" />
      </FilterForm>
      <Show loaded={report}>
        {(h) => {
          const m = h.migrations as Migrations | undefined;
          return (
            <>
              <div class="cards" data-testid="counts">
                {meta.kinds.map((k) => (
                  <Link key={k.kind} class="card" href={withQuery('/memories', { kind: k.kind === 'heuristic' ? undefined : k.kind, tenant })}>
                    <span class="card-num">{num(h.counts[k.kind])}</span>
                    <span class="card-label">{k.label}</span>
                  </Link>
                ))}
              </div>
              <div class="columns">
                <div>
                  <h2>Store</h2>
                  <table class="fields">
                    <tbody>
                      <tr><th>adapter</th><td>{h.store?.adapter ?? h.adapter}</td></tr>
                      {h.store?.target && <tr><th>target</th><td><code>{h.store.target}</code></td></tr>}
                      <tr><th>size</th><td data-testid="store-size">{h.store?.sizeBytes !== undefined ? bytes(h.store.sizeBytes) : 'not reported by this store'}</td></tr>
                      <tr><th>memories</th><td>{num(h.totalMemories)} (+ {num(h.counts.workflow_outcome)} workflow outcomes)</td></tr>
                      <tr>
                        <th>migrations</th>
                        <td data-testid="migrations">
                          {m === undefined ? 'not reported' : m.note && m.latestVersion === 0 ? m.note : `version ${m.currentVersion ?? 'none'} of ${m.latestVersion ?? '?'}${m.pending?.length ? `, pending ${m.pending.join(', ')}` : ', up to date'}`}
                        </td>
                      </tr>
                      <tr>
                        <th>runs</th>
                        <td>{Object.entries(h.runs.byStatus).map(([s, n]) => `${n} ${s}`).join(', ')}{h.runs.more ? ` (first ${h.runs.counted})` : ''}</td>
                      </tr>
                    </tbody>
                  </table>
                  {Object.keys(h.problems).length > 0 && <JsonView value={h.problems} name="could not read" />}
                </div>
                {h.perTenant && (
                  <div>
                    <h2>Per tenant</h2>
                    <table class="list compact" data-testid="per-tenant">
                      <thead><tr><th>tenant</th>{meta.kinds.map((k) => <th key={k.kind} class="num">{k.label}</th>)}</tr></thead>
                      <tbody>
                        {h.perTenant.map((t) => (
                          <tr key={t.tenantId ?? '(none)'}>
                            <td>{t.tenantId ?? <span class="muted">(none)</span>}</td>
                            {meta.kinds.map((k) => <td key={k.kind} class="num">{num(t.counts[k.kind])}</td>)}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
            </>
          );
        }}
      </Show>
      <h2>Decay and forgetting candidates</h2>
      {notice && <p role="status" class="notice">{notice}</p>}
      <Show loaded={candidates}>
        {(c) => (
          <div data-testid="candidates">
            <p class="muted">
              For {c.tenantId === null ? (admin ? 'the tenant-less data (pick a tenant above)' : 'the tenant-less data') : `tenant ${c.tenantId}`}: {num(c.metrics.totalItems)} memories,
              average heuristic confidence {pct(c.metrics.avgHeuristicConfidence)}, {c.metrics.staleHeuristicCount} stale and {c.metrics.lowConfidenceCount} low-confidence heuristics, about {bytes(c.metrics.storageBytes)}.
            </p>
            {c.alerts.map((a) => (
              <p key={a.category} class={`alert ${a.level}`}>{a.level}: {a.message} ({typeof a.currentValue === 'number' ? a.currentValue.toFixed(2) : a.currentValue} vs {a.threshold})</p>
            ))}
            <h3>The prune policy would forget {c.prune.total}</h3>
            {c.prune.items.length === 0 ? (
              <Empty>Nothing: every memory passes the prune policy.</Empty>
            ) : (
              <>
                <table class="list compact" data-testid="prune">
                  <thead><tr><th>type</th><th>memory</th><th>agent</th><th>reason</th><th>details</th></tr></thead>
                  <tbody>
                    {c.prune.items.map((i) => (
                      <tr key={i.id}>
                        <td>{i.memoryType}</td>
                        <td><Link href={withQuery(`/memories/${i.memoryType}/${encodeURIComponent(i.id)}`, { tenant })}>{i.id}</Link></td>
                        <td>{i.agent}</td>
                        <td><span class="badge">{i.reason}</span></td>
                        <td>{i.details}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {meta.binding.allowWrites && <ForgetButton items={c.prune.items} tenant={tenant} done={(message) => { setNotice(message); report.reload(); candidates.reload(); }} />}
              </>
            )}
            <h3>Heuristics decaying most</h3>
            {c.decay.length === 0 ? (
              <Empty>No heuristics.</Empty>
            ) : (
              <table class="list compact" data-testid="decay">
                <thead><tr><th>heuristic</th><th>agent</th><th class="num">decay score</th><th class="num">age (days)</th><th class="num">confidence</th></tr></thead>
                <tbody>
                  {c.decay.map((d) => (
                    <tr key={d.id}>
                      <td><Link href={withQuery(`/memories/heuristic/${encodeURIComponent(d.id)}`, { tenant })}>{d.summary || d.id}</Link></td>
                      <td>{d.agent}</td>
                      <td class="num">{d.score.toFixed(3)}</td>
                      <td class="num">{d.ageDays}</td>
                      <td class="num">{pct(d.confidence)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </Show>
    </section>
  );
}
