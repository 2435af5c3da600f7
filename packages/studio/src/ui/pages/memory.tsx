import { useState } from 'preact/hooks';
import { Empty, ErrorBox, JsonView, Link, Show } from '../components/common.js';
import { EventList } from '../components/events.js';
import { call, useApi, withQuery, type ApiError } from '../lib/api.js';
import { bytes, time } from '../lib/format.js';
import { navigate, type Location } from '../lib/router.js';
import type { MemoryDetailJson, Meta } from '../lib/types.js';
import { MemoryTable } from './memories.js';

function Delete({ detail, tenant }: { detail: MemoryDetailJson; tenant: string | null }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const id = String(detail.record['id']);
  const remove = async () => {
    const url = withQuery(`/api/memories/${detail.kind}/${encodeURIComponent(id)}/delete`, { tenant });
    const a = await call<{ deleted: boolean }>(url, { method: 'POST', body: { confirm: id } });
    if (a.ok) navigate(withQuery('/memories', { kind: detail.kind === 'heuristic' ? undefined : detail.kind, tenant }));
    else setError(a.error);
  };
  return (
    <div class="danger">
      {!asking && <button type="button" class="danger" onClick={() => setAsking(true)}>Delete…</button>}
      {asking && (
        <span role="alertdialog" aria-label="Confirm delete">
          Delete {detail.label.toLowerCase()} <code>{id}</code> and its artifact links for good?{' '}
          <button type="button" class="danger" onClick={() => void remove()}>Delete</button>{' '}
          <button type="button" onClick={() => setAsking(false)}>Cancel</button>
        </span>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}

export function MemoryPage({ loc, meta, kind, id }: { loc: Location; meta: Meta; kind: string; id: string }) {
  const tenant = loc.query.get('tenant');
  const detail = useApi<MemoryDetailJson>(`/api/memories/${encodeURIComponent(kind)}/${encodeURIComponent(id)}${window.location.search}`);
  const admin = meta.binding.admin;
  return (
    <section>
      <p class="crumbs">
        <Link href={withQuery('/memories', { kind: kind === 'heuristic' ? undefined : kind, tenant })}>← Memories</Link>
      </p>
      <Show loaded={detail}>
        {(d) => {
          const { embeddingDimension, metadata, ...fields } = d.record as Record<string, unknown>;
          return (
            <>
              <h1>
                <span class="kind">{d.label}</span> {String(d.record['id'])}
              </h1>
              <table class="fields" data-testid="fields">
                <tbody>
                  {Object.entries(fields).map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td>{typeof v === 'object' && v !== null ? <JsonView value={v} open={1} /> : String(v)}</td>
                    </tr>
                  ))}
                  {embeddingDimension !== undefined && (
                    <tr>
                      <th>embedding</th>
                      <td>{String(embeddingDimension)} dimensions</td>
                    </tr>
                  )}
                  <tr>
                    <th>metadata</th>
                    <td><JsonView value={metadata ?? {}} open={2} /></td>
                  </tr>
                </tbody>
              </table>
              {meta.binding.allowWrites && <Delete detail={d} tenant={tenant} />}

              <h2>History</h2>
              {d.history.length ? <EventList events={d.history} admin={admin} showMemory={false} /> : <Empty>No learning events: this kind of memory is written once.</Empty>}

              {d.formed.length > 0 && (
                <>
                  <h2>{d.kind === 'outcome' ? 'Heuristics formed from it' : 'Memories it extracted'}</h2>
                  <MemoryTable rows={d.formed} admin={admin} />
                </>
              )}

              <h2>Artifacts</h2>
              {d.artifacts.length === 0 ? (
                <Empty>No artifact links.</Empty>
              ) : (
                <ul class="artifacts" data-testid="artifacts">
                  {d.artifacts.map((a) => (
                    <li key={a.id}>
                      <span class="badge">{a.artifactType}</span> <code>{a.storageUrl}</code> {a.filename ? `· ${a.filename}` : ''}{' '}
                      <span class="muted">{a.mimeType ?? ''} {a.sizeBytes !== undefined ? bytes(a.sizeBytes) : ''} · {time(a.createdAt)}</span>
                    </li>
                  ))}
                </ul>
              )}

              <h2>Graph neighbours</h2>
              {d.graph.length === 0 ? (
                <Empty>No graph entity is linked to this memory or named in it.</Empty>
              ) : (
                <div class="graph-entities" data-testid="graph">
                  {d.graph.map((g) => {
                    const names = new Map([[g.entity.id, g.entity.name], ...g.neighbours.map((n) => [n.entity.id, n.entity.name] as [string, string])]);
                    return (
                      <div key={g.entity.id} class="entity">
                        <b>{g.entity.name}</b> <span class="muted">({g.entity.entityType}, {g.via === 'linked' ? 'linked by id' : 'named in the text'})</span>
                        <ul>
                          {g.relationships.map((r) => (
                            <li key={r.id}>
                              {names.get(r.sourceId) ?? r.sourceId} <span class="rel">—{r.relationType}→</span> {names.get(r.targetId) ?? r.targetId}
                            </li>
                          ))}
                          {g.relationships.length === 0 && <li class="muted">no relationships valid now</li>}
                        </ul>
                      </div>
                    );
                  })}
                </div>
              )}

              <h2>Similar memories</h2>
              {d.similar.length === 0 ? (
                <Empty>No embedding to compare by, or nothing similar.</Empty>
              ) : (
                <MemoryTable rows={d.similar} admin={admin} extra={(r) => ((r as { similarity?: number }).similarity ?? 0).toFixed(3)} />
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
