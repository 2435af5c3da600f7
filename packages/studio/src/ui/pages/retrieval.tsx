import { Bar, Empty, Link, Show } from '../components/common.js';
import { AgentField, Field, FilterForm, TenantField } from '../components/filters.js';
import { useApi } from '../lib/api.js';
import type { Location } from '../lib/router.js';
import type { Meta, PlaygroundJson } from '../lib/types.js';
import { memoryHref } from './memories.js';

/** The score inputs ALMA's formula has today, shown as bars in this order; any other per-record field follows. */
const KNOWN = ['similarity', 'recency', 'successRate', 'confidence'] as const;
const LABELS: Record<string, string> = { similarity: 'similarity', recency: 'recency', successRate: 'success rate', confidence: 'confidence' };

function Breakdown({ values }: { values: Record<string, number | string | boolean> }) {
  const extra = Object.entries(values).filter(([k]) => k !== 'score' && !(KNOWN as readonly string[]).includes(k));
  return (
    <div class="breakdown" data-testid="breakdown">
      {KNOWN.filter((k) => typeof values[k] === 'number').map((k) => (
        <div key={k} class="component" data-field={k}>
          <span class="label">{LABELS[k]}</span>
          <Bar value={values[k] as number} />
        </div>
      ))}
      {extra.map(([k, v]) => (
        <div key={k} class="component extra" data-field={k}>
          <span class="label">{k}</span>
          <b>{typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(3)) : String(v)}</b>
        </div>
      ))}
    </div>
  );
}

export function RetrievalPage({ loc, meta }: { loc: Location; meta: Meta }) {
  const q = loc.query;
  const asked = window.location.search !== '';
  const result = useApi<PlaygroundJson>(asked ? `/api/retrieve${window.location.search}` : null);
  const scope = q.get('scope') ?? 'agent';
  return (
    <section>
      <h1>Retrieval playground</h1>
      <p class="muted">Runs <code>alma.retrieve()</code> exactly as an agent would (cache bypassed) and shows why each memory was returned.</p>
      <FilterForm path="/retrieval" key={loc.href}>
        <Field label="Task">
          <input name="task" defaultValue={q.get('task') ?? ''} placeholder="what the agent is about to do" size={40} required data-testid="task" />
        </Field>
        <AgentField agents={meta.agents} value={q.get('agent') ?? meta.agents[0] ?? null} />
        <Field label="User">
          <input name="user" defaultValue={q.get('user') ?? ''} placeholder="for preferences" size={10} />
        </Field>
        <Field label="Scope">
          <select name="scope">
            {meta.retrievalScopes.map((s) => (
              <option key={s} value={s} selected={s === scope}>{s}</option>
            ))}
          </select>
        </Field>
        <TenantField admin={meta.binding.admin} value={q.get('tenant')} />
        <Field label="Workflow">
          <input name="workflow" defaultValue={q.get('workflow') ?? ''} size={10} />
        </Field>
        <Field label="Run">
          <input name="run" defaultValue={q.get('run') ?? ''} size={10} />
        </Field>
        <Field label="Node">
          <input name="node" defaultValue={q.get('node') ?? ''} size={8} />
        </Field>
        <Field label="Top k">
          <input name="topK" type="number" min={1} max={50} defaultValue={q.get('topK') ?? '5'} size={3} />
        </Field>
        <Field label="Workflow outcomes">
          <input name="workflowOutcomes" type="checkbox" value="1" defaultChecked={q.get('workflowOutcomes') === '1'} />
        </Field>
        <Field label="Max tokens">
          <input name="maxTokens" type="number" min={1} defaultValue={q.get('maxTokens') ?? ''} placeholder="config" size={6} />
        </Field>
      </FilterForm>
      {asked && (
        <Show loaded={result}>
          {(r) => (
            <div class="playground">
              <div class="slice">
                <h2>
                  Memory slice <span class="muted">{r.items.length} memories · {r.retrievalTimeMs ?? '?'} ms · scope {String(r.metadata['scope'] ?? scope)}</span>
                </h2>
                {r.items.length === 0 ? (
                  <Empty>Nothing scored above the threshold for this task in this scope.</Empty>
                ) : (
                  <ol class="items" data-testid="slice">
                    {r.items.map(({ row, breakdown }) => (
                      <li key={`${row.kind}:${row.id}`} data-testid="slice-item" data-id={row.id}>
                        <div class="item-head">
                          <span class="kind">{row.kind.replace('_', ' ')}</span>
                          <Link href={memoryHref(row, meta.binding.admin)} class="title">{row.title}</Link>
                          {typeof breakdown['score'] === 'number' && <span class="score" data-testid="score">score {(breakdown['score'] as number).toFixed(3)}</span>}
                        </div>
                        <div class="sub">{row.subtitle}</div>
                        <Breakdown values={breakdown} />
                      </li>
                    ))}
                  </ol>
                )}
              </div>
              <div class="prompt">
                <h2>
                  toPrompt() <span class="muted">≈ {r.promptTokens} tokens</span>
                </h2>
                {r.prompt ? <pre data-testid="prompt">{r.prompt}</pre> : <Empty>The prompt is empty: nothing to inject.</Empty>}
                <details>
                  <summary>slice metadata</summary>
                  <pre>{JSON.stringify(r.metadata, null, 2)}</pre>
                </details>
              </div>
            </div>
          )}
        </Show>
      )}
    </section>
  );
}
