import type { ALMA } from '@alma/core';
import { BoundedLru, ValidationError, type ScopeFilter } from '@alma/types';
import { kindLabel, searchTextOf, sortsOf, sortValue, toRow, type MemoryKind, type MemoryRow, type SortKey } from './kinds.js';
import { countRecords, readRecords } from './read.js';

export interface MemoryListQuery {
  readonly kind: MemoryKind;
  readonly scope: ScopeFilter;
  readonly agent?: string | undefined;
  /** Case-insensitive substring of the record's texts or id. */
  readonly text?: string | undefined;
  readonly sort: SortKey;
  readonly order: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
}

export interface MemoryPage {
  readonly rows: MemoryRow[];
  readonly offset: number;
  readonly limit: number;
  /** Every matching record; undefined when only the store could count it and a filter prevents that. */
  readonly total?: number;
  readonly hasMore: boolean;
  /** 'store': the store paged (its own order); 'scan': records were read and filtered or sorted here. */
  readonly mode: 'store' | 'scan';
  /** scan mode: records read; `truncated` when the scan stopped at its limit (older records not searched). */
  readonly scanned?: number;
  readonly truncated?: boolean;
}

interface Scan {
  readonly rows: MemoryRow[];
  readonly scanned: number;
  readonly at: number;
}

/** A scan is reused while paging through it, then read again (other processes may write the store). */
const SCAN_TTL_MS = 20_000;
/** Pages this deep in the store's order are read by the store; deeper ones from a (cached) scan. */
const STORE_PAGE_DEPTH = 2000;

/**
 * Pages of memories. The first pages of the store's own order (newest first by the kind's time field) with no text
 * filter are read by the store: page N reads offset + limit + 1 records, nothing else. A text filter, another sort
 * or a page past the first 2,000 reads up to `maxScan` records of the scope once (kept as rows, embeddings dropped),
 * filters and sorts them here, and keeps the result for 20 s so paging through it does not read the store again.
 */
export class MemoryLister {
  private readonly scans = new BoundedLru<Scan>({ maxEntries: 8, maxWeight: 200_000, weigh: (s) => s.rows.length + 1 });

  constructor(
    private readonly alma: ALMA,
    private readonly maxScan: number,
    private readonly now: () => number = Date.now,
  ) {}

  async list(q: MemoryListQuery): Promise<MemoryPage> {
    if (!sortsOf(q.kind).includes(q.sort)) {
      throw new ValidationError(`${kindLabel(q.kind)} memories cannot be sorted by ${q.sort}; use one of: ${sortsOf(q.kind).join(', ')}.`, [
        { path: 'sort', message: 'not available for this type' },
      ]);
    }
    const storeOrder = q.text === undefined && q.sort === 'lastUsed' && q.order === 'desc';
    return storeOrder && q.offset + q.limit <= STORE_PAGE_DEPTH ? this.storePage(q) : this.scanPage(q);
  }

  /** Forget every cached scan (after a delete). */
  clear(): void {
    this.scans.clear();
  }

  private async storePage(q: MemoryListQuery): Promise<MemoryPage> {
    const want = q.offset + q.limit + 1;
    const [found, total] = await Promise.all([
      readRecords(this.alma, q.kind, { scope: q.scope, agent: q.agent, topK: want }),
      countRecords(this.alma, q.kind, q.scope, q.agent),
    ]);
    const rows = found.slice(q.offset, q.offset + q.limit).map((f) => toRow(q.kind, f.record));
    return {
      rows, offset: q.offset, limit: q.limit, ...(total === undefined ? {} : { total }), hasMore: found.length > q.offset + q.limit, mode: 'store',
    };
  }

  private async scanPage(q: MemoryListQuery): Promise<MemoryPage> {
    const scan = await this.scan(q);
    const rows = scan.rows.slice(q.offset, q.offset + q.limit);
    return {
      rows, offset: q.offset, limit: q.limit, total: scan.rows.length, hasMore: q.offset + q.limit < scan.rows.length, mode: 'scan',
      scanned: scan.scanned, truncated: scan.scanned >= this.maxScan,
    };
  }

  private async scan(q: MemoryListQuery): Promise<Scan> {
    const key = JSON.stringify([q.kind, q.scope, q.agent ?? null, q.text ?? null, q.sort, q.order]);
    const cached = this.scans.get(key);
    if (cached && this.now() - cached.at < SCAN_TTL_MS) return cached;
    const found = await readRecords(this.alma, q.kind, { scope: q.scope, agent: q.agent, topK: this.maxScan });
    const needle = q.text?.toLowerCase();
    const rows: MemoryRow[] = [];
    for (const { record } of found) {
      if (needle === undefined || searchTextOf(q.kind, record).includes(needle)) rows.push(toRow(q.kind, record));
    }
    const sign = q.order === 'asc' ? 1 : -1;
    rows.sort((a, b) => sign * (sortValue(a, q.sort) - sortValue(b, q.sort)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const scan = { rows, scanned: found.length, at: this.now() };
    this.scans.set(key, scan);
    return scan;
  }
}
