import { canonicalEntries, canonicalJson } from '@alma/types';

/** A state as the canonical text of each top-level value, by key. Values are immutable strings: copying is cheap. */
export type Entries = ReadonlyMap<string, string>;

/**
 * The stored form of a delta (canonical JSON, keys kept short because one is stored per step): `a` appended items
 * per key, `b` the seq of the branch snapshot the chain starts at (so a reader fetches exactly the rows it needs),
 * `d` removed keys, `s` keys set to a new value.
 */
interface DeltaPayload {
  readonly a?: Record<string, unknown[]>;
  readonly b: number;
  readonly d?: string[];
  readonly s?: Record<string, unknown>;
}

/** The entries of a plain-object state (validated like `canonicalJson`). */
export function entriesOf(state: object): Map<string, string> {
  return new Map(canonicalEntries(state));
}

/** The entries of a canonical JSON object text (a stored snapshot). */
export function entriesFromText(text: string): Map<string, string> {
  return entriesOf(JSON.parse(text) as object);
}

/** The canonical JSON text of a state given as entries. */
export function composeText(entries: Entries): string {
  const keys = [...entries.keys()].sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${entries.get(key) as string}`).join(',')}}`;
}

/**
 * The items `next` appends to `base` as the text of a JSON array, when both are arrays and `base` is a prefix of
 * `next` (canonical texts compared, so element equality is exact); otherwise undefined. Canonical element texts
 * are self-delimiting before a `,`, so a text prefix ending at an element boundary is an element prefix.
 */
export function appendedItems(base: string, next: string): string | undefined {
  if (base[0] !== '[' || next[0] !== '[' || next.length <= base.length) return undefined;
  if (base === '[]') return next;
  const head = base.slice(0, -1);
  if (!next.startsWith(head) || next[head.length] !== ',') return undefined;
  return `[${next.slice(head.length + 1)}`;
}

const section = (entries: ReadonlyArray<[string, string]>): string =>
  `{${entries.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}`;

/**
 * The top-level change set turning `base` into `next`, as stored text: keys set to their new value, keys removed,
 * and for lists that only grew just the appended items (an unchanged state gives just the chain reference).
 */
export function encodeDelta(base: Entries, next: Entries, snapshotSeq: number): string {
  const appended: Array<[string, string]> = [];
  const set: Array<[string, string]> = [];
  for (const key of [...next.keys()].sort()) {
    const text = next.get(key) as string;
    const old = base.get(key);
    if (old === text) continue;
    const items = old === undefined ? undefined : appendedItems(old, text);
    if (items !== undefined) appended.push([key, items]);
    else set.push([key, text]);
  }
  const removed = [...base.keys()].filter((key) => !next.has(key)).sort();
  const parts: string[] = [];
  if (appended.length > 0) parts.push(`"a":${section(appended)}`);
  parts.push(`"b":${snapshotSeq}`);
  if (removed.length > 0) parts.push(`"d":${JSON.stringify(removed)}`);
  if (set.length > 0) parts.push(`"s":${section(set)}`);
  return `{${parts.join(',')}}`;
}

/** Thrown by the decoding helpers for a malformed delta; the caller turns it into a StorageError naming the row. */
export class DeltaFormatError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parsePayload(text: string): DeltaPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new DeltaFormatError('the delta is not valid JSON');
  }
  if (!isRecord(payload)) throw new DeltaFormatError('the delta is malformed');
  const { a, b, d, s } = payload;
  const ok =
    typeof b === 'number' &&
    Number.isInteger(b) &&
    b >= 1 &&
    (a === undefined || (isRecord(a) && Object.values(a).every((items) => Array.isArray(items)))) &&
    (d === undefined || (Array.isArray(d) && d.every((key) => typeof key === 'string'))) &&
    (s === undefined || isRecord(s));
  if (!ok) throw new DeltaFormatError('the delta is malformed');
  return payload as unknown as DeltaPayload;
}

/** The seq of the snapshot a stored delta's chain starts at. */
export function snapshotSeqOf(deltaText: string): number {
  return parsePayload(deltaText).b;
}

/**
 * Applies stored deltas one after the other to a base state. Appended items are collected per key and joined once
 * in `result()`, so a chain of N appends to a list costs what the items weigh, not N copies of the list.
 */
export class DeltaApplier {
  private readonly values: Map<string, string>;
  private readonly appended = new Map<string, string[]>();

  constructor(base: Entries) {
    this.values = new Map(base);
  }

  apply(deltaText: string): void {
    const payload = parsePayload(deltaText);
    for (const key of payload.d ?? []) {
      this.values.delete(key);
      this.appended.delete(key);
    }
    for (const [key, value] of Object.entries(payload.s ?? {})) {
      this.values.set(key, canonicalJson(value));
      this.appended.delete(key);
    }
    for (const [key, items] of Object.entries(payload.a ?? {})) {
      const old = this.values.get(key);
      if (old === undefined || old[0] !== '[') throw new DeltaFormatError(`'${key}' is not a list to append to`);
      const text = canonicalJson(items);
      if (text === '[]') continue;
      const parts = this.appended.get(key) ?? [];
      parts.push(text.slice(1, -1));
      this.appended.set(key, parts);
    }
  }

  /** The state after every applied delta (a new map). */
  result(): Map<string, string> {
    const out = new Map(this.values);
    for (const [key, parts] of this.appended) {
      const old = out.get(key) as string;
      const items = parts.join(',');
      out.set(key, old === '[]' ? `[${items}]` : `${old.slice(0, -1)},${items}]`);
    }
    return out;
  }
}

/** `base` with a stored delta applied (a new map; `base` is not changed). */
export function applyDelta(base: Entries, deltaText: string): Map<string, string> {
  const applier = new DeltaApplier(base);
  applier.apply(deltaText);
  return applier.result();
}
