import type { ComponentChildren } from 'preact';
import { navigate } from '../lib/router.js';

/** A GET form whose fields become the page's query string (empty ones left out); submitting resets paging. */
export function FilterForm({ path, children, keep = {} }: { path: string; children: ComponentChildren; keep?: Record<string, string | undefined> }) {
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(keep)) if (v) q.set(k, v);
        for (const [k, v] of new FormData(e.currentTarget as HTMLFormElement)) if (typeof v === 'string' && v.trim() !== '') q.set(k, v.trim());
        const text = q.toString();
        navigate(text ? `${path}?${text}` : path);
      }}
    >
      {children}
      <button type="submit">Apply</button>
    </form>
  );
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** The admin's tenant filter ('*' or empty = every tenant). */
export function TenantField({ admin, value }: { admin: boolean; value: string | null }) {
  if (!admin) return null;
  return (
    <Field label="Tenant">
      <input name="tenant" defaultValue={value ?? ''} placeholder="all tenants" size={12} />
    </Field>
  );
}

export function AgentField({ agents, value, name = 'agent', label = 'Agent' }: { agents: string[]; value: string | null; name?: string; label?: string }) {
  return (
    <Field label={label}>
      <input name={name} defaultValue={value ?? ''} list="alma-agents" placeholder="any" size={12} />
      <datalist id="alma-agents">
        {agents.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
    </Field>
  );
}
