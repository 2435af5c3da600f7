import { Bar, Empty, Link, Pager, Show } from '../components/common.js';
import { AgentField, Field, FilterForm, TenantField } from '../components/filters.js';
import { useApi, withQuery } from '../lib/api.js';
import { ago, pct, time } from '../lib/format.js';
import { navigate, type Location } from '../lib/router.js';
import type { MemoryPageJson, Meta, Row } from '../lib/types.js';

const SORT_LABELS: Record<string, string> = { lastUsed: 'last used', created: 'created', confidence: 'confidence', successRate: 'success rate' };

/** The link to a memory's page (the tenant goes along in admin mode: ids are unique per tenant only). */
export const memoryHref = (row: Pick<Row, 'kind' | 'id' | 'tenantId'>, admin: boolean): string =>
  withQuery(`/memories/${encodeURIComponent(row.kind)}/${encodeURIComponent(row.id)}`, { tenant: admin ? row.tenantId : undefined });

export function MemoryTable({ rows, admin, extra }: { rows: Row[]; admin: boolean; extra?: (row: Row) => string }) {
  const has = (key: 'confidence' | 'successRate' | 'occurrences') => rows.some((r) => r[key] !== undefined);
  return (
    <table class="list" data-testid="memory-table">
      <thead>
        <tr>
          <th>Memory</th>
          <th>Agent</th>
          {admin && <th>Tenant</th>}
          {has('confidence') && <th>Confidence</th>}
          {has('successRate') && <th>Success</th>}
          {has('occurrences') && <th class="num">Seen</th>}
          {extra && <th class="num">Similarity</th>}
          <th>Last used</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.kind}:${r.id}`} data-testid="memory-row" data-id={r.id}>
            <td>
              <Link href={memoryHref(r, admin)} class="title">
                {r.title}
              </Link>
              <div class="sub">{r.subtitle}</div>
            </td>
            <td>{r.agent ?? r.userId ?? '–'}</td>
            {admin && <td>{r.tenantId ?? <span class="muted">(none)</span>}</td>}
            {has('confidence') && <td><Bar value={r.confidence} /></td>}
            {has('successRate') && <td>{pct(r.successRate)}</td>}
            {has('occurrences') && <td class="num">{r.occurrences ?? '–'}</td>}
            {extra && <td class="num">{extra(r)}</td>}
            <td title={time(r.lastUsed)}>{ago(r.lastUsed)}</td>
            <td title={time(r.created)}>{time(r.created).slice(0, 10)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MemoriesPage({ loc, meta }: { loc: Location; meta: Meta }) {
  const q = loc.query;
  const kind = q.get('kind') ?? 'heuristic';
  const spec = meta.kinds.find((k) => k.kind === kind);
  const list = useApi<MemoryPageJson>(`/api/memories${window.location.search}`);
  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(loc.query);
    for (const [k, v] of Object.entries(changes)) if (v === undefined) next.delete(k); else next.set(k, v);
    const text = next.toString();
    navigate(text ? `/memories?${text}` : '/memories');
  };
  return (
    <section>
      <h1>Memories</h1>
      <div class="tabs" role="tablist">
        {meta.kinds.map((k) => (
          <button key={k.kind} type="button" role="tab" aria-selected={k.kind === kind} class={k.kind === kind ? 'tab active' : 'tab'}
            onClick={() => go({ kind: k.kind === 'heuristic' ? undefined : k.kind, sort: undefined, order: undefined, offset: undefined })}>
            {k.label}
          </button>
        ))}
      </div>
      <FilterForm path="/memories" key={loc.href} keep={{ kind: q.get('kind') ?? undefined }}>
        <TenantField admin={meta.binding.admin} value={q.get('tenant')} />
        <AgentField agents={meta.agents} value={q.get('agent')} label={kind === 'user_preference' ? 'User' : 'Agent'} />
        <Field label="Workflow">
          <input name="workflow" defaultValue={q.get('workflow') ?? ''} placeholder="any" size={12} />
        </Field>
        <Field label="Text">
          <input name="text" type="search" defaultValue={q.get('text') ?? ''} placeholder="contains…" size={18} data-testid="text-filter" />
        </Field>
        <Field label="Sort by">
          <select name="sort">
            {(spec?.sorts ?? ['lastUsed']).map((s) => (
              <option key={s} value={s} selected={(q.get('sort') ?? 'lastUsed') === s}>{SORT_LABELS[s] ?? s}</option>
            ))}
          </select>
        </Field>
        <Field label="Order">
          <select name="order">
            <option value="desc">highest / newest first</option>
            <option value="asc" selected={q.get('order') === 'asc'}>lowest / oldest first</option>
          </select>
        </Field>
      </FilterForm>
      <Show loaded={list}>
        {(page) => (
          <>
            {page.rows.length === 0 ? (
              <Empty>No {spec?.label.toLowerCase() ?? kind} memories match.</Empty>
            ) : (
              <MemoryTable rows={page.rows} admin={meta.binding.admin} />
            )}
            <Pager offset={page.offset} limit={page.limit} shown={page.rows.length} total={page.total} hasMore={page.hasMore}
              go={(offset) => go({ offset: offset ? String(offset) : undefined })}
              note={page.mode === 'scan' ? `searched ${page.scanned?.toLocaleString('en-US')} records${page.truncated ? ' (the newest only: narrow the filter)' : ''}` : undefined} />
          </>
        )}
      </Show>
    </section>
  );
}
