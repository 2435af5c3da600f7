import { Empty, Pager, Show } from '../components/common.js';
import { EventList } from '../components/events.js';
import { AgentField, Field, FilterForm, TenantField } from '../components/filters.js';
import { useApi, withQuery } from '../lib/api.js';
import { navigate, type Location } from '../lib/router.js';
import type { Meta, TimelineJson } from '../lib/types.js';

/** Learning per day: created (bottom), strengthened / seen again, weakened (top). */
function DayChart({ days }: { days: TimelineJson['days'] }) {
  if (days.length === 0) return null;
  const max = Math.max(...days.map((d) => d.created + d.strengthened + d.weakened), 1);
  const bw = Math.max(6, Math.min(28, Math.floor(720 / days.length) - 4));
  const h = 90;
  return (
    <svg class="chart" width={days.length * (bw + 4) + 8} height={h + 22} role="img" aria-label="learning events per day" data-testid="day-chart">
      {days.map((d, i) => {
        const x = 4 + i * (bw + 4);
        const seg = (n: number) => (n / max) * h;
        const c = seg(d.created);
        const s = seg(d.strengthened);
        const w = seg(d.weakened);
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${d.created} created, ${d.strengthened} strengthened or seen again, ${d.weakened} weakened`}</title>
            <rect x={x} y={h - c} width={bw} height={c} class="c-created" />
            <rect x={x} y={h - c - s} width={bw} height={s} class="c-strengthened" />
            <rect x={x} y={h - c - s - w} width={bw} height={w} class="c-weakened" />
            {(i === 0 || i === days.length - 1) && <text x={x} y={h + 16} class="axis">{d.day.slice(5)}</text>}
          </g>
        );
      })}
    </svg>
  );
}

export function TimelinePage({ loc, meta }: { loc: Location; meta: Meta }) {
  const q = loc.query;
  const page = useApi<TimelineJson>(`/api/timeline${window.location.search}`);
  return (
    <section>
      <h1>Learning timeline</h1>
      <p class="muted">When heuristics and anti-patterns were created or strengthened, and from which outcomes.</p>
      <FilterForm path="/timeline" key={loc.href}>
        <TenantField admin={meta.binding.admin} value={q.get('tenant')} />
        <AgentField agents={meta.agents} value={q.get('agent')} />
        <Field label="Memories">
          <select name="kind">
            <option value="">heuristics and anti-patterns</option>
            <option value="heuristic" selected={q.get('kind') === 'heuristic'}>heuristics</option>
            <option value="anti_pattern" selected={q.get('kind') === 'anti_pattern'}>anti-patterns</option>
          </select>
        </Field>
      </FilterForm>
      <Show loaded={page}>
        {(t) => (
          <>
            <DayChart days={t.days} />
            {t.events.length === 0 ? <Empty>Nothing learned yet in this scope.</Empty> : <EventList events={t.events} admin={meta.binding.admin} />}
            <Pager offset={t.offset} limit={t.limit} shown={t.events.length} total={t.total} hasMore={t.offset + t.events.length < t.total}
              go={(offset) => navigate(withQuery('/timeline', { ...Object.fromEntries(q), offset: offset || undefined }))} />
          </>
        )}
      </Show>
    </section>
  );
}
