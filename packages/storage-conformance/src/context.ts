import { it } from '@jest/globals';
import type { StorageBackend } from '@alma/types';
import { CASE_TITLES, CONFORMANCE_CASES, type CaseId } from './cases.js';
import { parseConformanceOptions, type ConformanceOptions, type ResolvedConformanceOptions } from './options.js';

/** Extra tools a case body gets beside its store. */
export interface CaseEnv {
  /** Creates one more fresh store through `createStorage` (closed by the suite when the case ends). */
  readonly openStore: () => Promise<StorageBackend>;
}

/** The body of one case: it gets a fresh store, closed by the suite when the body ends. */
export type CaseBody = (store: StorageBackend, env: CaseEnv) => Promise<void>;

/** What every suite function receives. */
export interface SuiteContext {
  /** Adapter name. */
  readonly name: string;
  /** Dimension of every embedding the suite writes. */
  readonly embeddingDim: number;
  /** Registers case `id` as a jest test (or as `it.skip` with the adapter's reason). */
  readonly test: (id: CaseId, body: CaseBody) => void;
  /** Case ids registered so far. */
  readonly registered: ReadonlySet<CaseId>;
}

/** The jest title of a case: its id, its title, and the skip reason when skipped. */
export function caseTitle(id: CaseId, skipReason?: string): string {
  const title = `${id}: ${CASE_TITLES[id]}`;
  return skipReason === undefined ? title : `${title} [SKIPPED: ${skipReason}]`;
}

/**
 * Builds the context the suite functions register their cases with. Use it to run one capability on its own:
 * `checkpointSuite(createSuiteContext({ name, createStorage }))` inside a describe block.
 */
export function createSuiteContext(options: ConformanceOptions | ResolvedConformanceOptions): SuiteContext {
  const opts = parseConformanceOptions(options as ConformanceOptions);
  const registered = new Set<CaseId>();
  const test = (id: CaseId, body: CaseBody): void => {
    if (registered.has(id)) throw new Error(`@alma/storage-conformance: case '${id}' registered twice`);
    registered.add(id);
    const reason = opts.skip[id];
    if (reason !== undefined) {
      it.skip(caseTitle(id, reason), () => undefined);
      return;
    }
    it(
      caseTitle(id),
      async () => {
        const opened: StorageBackend[] = [];
        const openStore = async (): Promise<StorageBackend> => {
          const store = await opts.createStorage({ embeddingDim: opts.embeddingDim });
          opened.push(store);
          return store;
        };
        try {
          await body(await openStore(), { openStore });
        } finally {
          for (const store of opened) await store.close();
        }
      },
      opts.timeoutMs,
    );
  };
  return { name: opts.name, embeddingDim: opts.embeddingDim, test, registered };
}

/** Throws when a case of CONFORMANCE_CASES was never registered: no case may disappear silently. */
export function assertEveryCaseRegistered(ctx: SuiteContext): void {
  const missing = CONFORMANCE_CASES.filter((id) => !ctx.registered.has(id));
  if (missing.length > 0) {
    throw new Error(`@alma/storage-conformance: cases never registered: ${missing.join(', ')}`);
  }
}
