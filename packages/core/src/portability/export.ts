import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { encodeHeader, encodeRecord } from './codec.js';
import { emptyCounts, requireMethod, type KindCounts, type PortableKind, type PortableStorage } from './types.js';

export interface ExportProgress {
  /** Records written so far (the header not counted). */
  readonly records: number;
  readonly kind: PortableKind;
}

export interface ExportOptions {
  /** Called after every record written. */
  onProgress?: (progress: ExportProgress) => void;
  /** Clock for the header's `exportedAt`. @default () => new Date() */
  now?: () => Date;
}

export interface ExportSummary {
  readonly records: number;
  readonly counts: KindCounts;
}

/** Writes one line and waits for the stream to drain when its buffer is full (so the export streams). */
async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

/**
 * Streams every record of `store` to `out` as JSON Lines: a header line `{"alma_export":1,"exportedAt":...}`, then
 * one `{"kind":...,"type"?:...,"record":{...}}` per record in the store's replay order (see
 * `PortableStore.exportRecords`). Dates are ISO strings, embeddings number arrays. Does not end `out`.
 */
export async function exportToJsonl(store: PortableStorage, out: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const exportRecords = requireMethod(store, 'exportRecords', 'export its records');
  const counts = emptyCounts();
  let records = 0;
  await writeLine(out, encodeHeader((options.now ?? (() => new Date()))(), store.capabilities.name));
  for await (const item of exportRecords()) {
    await writeLine(out, encodeRecord(item));
    counts[item.kind]++;
    records++;
    options.onProgress?.({ records, kind: item.kind });
  }
  return { records, counts };
}
