import { withQuery } from '../lib/api.js';
import { time } from '../lib/format.js';
import type { EventJson } from '../lib/types.js';
import { Link } from './common.js';

const sourceHref = (s: EventJson['sources'][number], tenant: string | undefined, admin: boolean) =>
  withQuery(`/memories/${s.kind}/${encodeURIComponent(s.id)}`, { tenant: admin ? tenant : undefined });

/** Learning events, newest first: when, what happened to which memory, and the records it came from. */
export function EventList({ events, admin, showMemory = true }: { events: EventJson[]; admin: boolean; showMemory?: boolean }) {
  return (
    <ol class="events" data-testid="events">
      {events.map((e) => (
        <li key={`${e.memoryId}:${e.action}:${e.at}`} class={`event ${e.action.replace(' ', '-')}`} data-testid="event" data-action={e.action}>
          <time>{time(e.at)}</time>
          <span class={`badge act-${e.action.replace(' ', '-')}`}>{e.action}</span>
          <span class="kind">{e.memoryKind === 'heuristic' ? 'heuristic' : 'anti-pattern'}</span>
          {showMemory && (
            <Link href={withQuery(`/memories/${e.memoryKind}/${encodeURIComponent(e.memoryId)}`, { tenant: admin ? e.tenantId : undefined })} class="title">
              {e.title}
            </Link>
          )}
          <span class="muted">
            {' '}· {e.agent}
            {admin && e.tenantId ? ` · ${e.tenantId}` : ''} · {e.detail}
          </span>
          {(e.sources.length > 0 || (e.missingSources?.length ?? 0) > 0) && (
            <ul class="sources">
              {e.sources.map((s) => (
                <li key={s.id}>
                  from {s.kind === 'outcome' ? 'outcome' : 'workflow run'}{' '}
                  <Link href={sourceHref(s, e.tenantId, admin)}>{s.title}</Link> <span class="muted">({s.result}, {time(s.at)})</span>
                </li>
              ))}
              {(e.missingSources?.length ?? 0) > 0 && <li class="muted">{e.missingSources?.length} source outcome(s) no longer stored</li>}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
