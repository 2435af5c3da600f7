import type { ComponentChildren } from 'preact';
import { ErrorBox, Link } from './components/common.js';
import { useApi } from './lib/api.js';
import { matchPath, useLocation, type Location } from './lib/router.js';
import type { Meta } from './lib/types.js';
import { HealthPage } from './pages/health.js';
import { MemoriesPage } from './pages/memories.js';
import { MemoryPage } from './pages/memory.js';
import { RetrievalPage } from './pages/retrieval.js';
import { RunPage } from './pages/run.js';
import { RunsPage } from './pages/runs.js';
import { TimelinePage } from './pages/timeline.js';

const NAV: Array<[string, string]> = [
  ['/memories', 'Memories'],
  ['/retrieval', 'Retrieval'],
  ['/runs', 'Runs'],
  ['/timeline', 'Timeline'],
  ['/health', 'Health'],
];

function page(loc: Location, meta: Meta): ComponentChildren {
  const { path } = loc;
  if (path === '/memories' || path === '/') return <MemoriesPage loc={loc} meta={meta} />;
  const memory = matchPath(path, '/memories/', 2);
  if (memory) return <MemoryPage loc={loc} meta={meta} kind={memory[0] as string} id={memory[1] as string} />;
  if (path === '/retrieval') return <RetrievalPage loc={loc} meta={meta} />;
  if (path === '/runs') return <RunsPage loc={loc} meta={meta} />;
  const run = matchPath(path, '/runs/', 1);
  if (run) return <RunPage loc={loc} meta={meta} runId={run[0] as string} />;
  if (path === '/timeline') return <TimelinePage loc={loc} meta={meta} />;
  if (path === '/health') return <HealthPage loc={loc} meta={meta} />;
  return <ErrorBox error={{ status: 404, code: 'ROUTE_NOT_FOUND', message: `There is no page at ${path}. The pages are /memories, /retrieval, /runs, /timeline and /health.` }} />;
}

function bindingText(meta: Meta): string {
  if (meta.binding.admin) return 'all tenants (admin)';
  return meta.binding.tenantId === undefined ? 'tenant-less data' : `tenant ${meta.binding.tenantId}`;
}

export function App() {
  const loc = useLocation();
  const meta = useApi<Meta>('/api/meta');
  const a = meta.answer;
  return (
    <div class="shell">
      <header class="top">
        <span class="brand">alma studio</span>
        <nav>
          {NAV.map(([href, label]) => (
            <Link key={href} href={href} class={loc.path.startsWith(href) || (href === '/memories' && loc.path === '/') ? 'active' : ''}>
              {label}
            </Link>
          ))}
        </nav>
        {a?.ok && (
          <span class="who" data-testid="binding">
            project <b>{a.data.projectId}</b> · {a.data.adapter} · <b>{bindingText(a.data)}</b>
            {a.data.binding.allowWrites ? <span class="badge warn">writes enabled</span> : <span class="badge">read-only</span>}
          </span>
        )}
      </header>
      <main>{!a ? <p class="muted">Loading…</p> : a.ok ? page(loc, a.data) : <ErrorBox error={a.error} />}</main>
    </div>
  );
}
