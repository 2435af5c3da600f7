import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { STORE_NAMES, type StoreName } from './stores.js';

export const USAGE = `Usage: npm run bench -- [options]

  --ops N              measured calls per operation (default 1000; warm-up: 10 %, 5..100)
  --warmup N           warm-up calls per operation
  --stores LIST        comma-separated: sqlite,postgres,cosmos,memory (default sqlite,postgres,cosmos)
  --sizes LIST         memories seeded for the retrieval rows (default 1000,10000,100000)
  --quick              smoke run: --ops 50 --sizes 1000, output in the temp directory unless --out is given
  --out FILE           markdown report (default docs/benchmarks.md); the SVG chart is written beside it
  --no-langgraph       skip the LangGraph checkpointers
  -h, --help           this text

PostgreSQL: ALMA_PG_URL (default postgres://postgres@127.0.0.1:5432/test); a unique schema is dropped afterwards.`;

export interface CliOptions {
  readonly help: boolean;
  readonly ops: number;
  readonly warmup?: number;
  readonly stores: StoreName[];
  readonly sizes: number[];
  readonly quick: boolean;
  readonly langgraph: boolean;
  /** Absolute paths of the markdown report and the chart. */
  readonly out: string;
  readonly svg: string;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got '${text}'`);
  return n;
}

/**
 * Parses the bench's flags. `cwd` resolves a relative --out (npm sets INIT_CWD to where `npm run` was typed);
 * `root` is the workspace root holding docs/. Throws with a message naming the bad flag.
 */
export function parseCli(argv: readonly string[], where: { cwd: string; root: string }): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      ops: { type: 'string' },
      warmup: { type: 'string' },
      stores: { type: 'string' },
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'no-langgraph': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick === true;
  const stores = (values.stores ?? 'sqlite,postgres,cosmos').split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of stores) {
    if (!(STORE_NAMES as readonly string[]).includes(s)) throw new Error(`--stores: unknown store '${s}' (known: ${STORE_NAMES.join(', ')})`);
  }
  const sizes = (values.sizes ?? (quick ? '1000' : '1000,10000,100000')).split(',').map((s) => positiveInt('--sizes', s.trim()));
  const defaultOut = quick ? path.join(os.tmpdir(), 'alma-bench-quick', 'benchmarks.md') : path.join(where.root, 'docs', 'benchmarks.md');
  const out = values.out === undefined ? defaultOut : path.resolve(where.cwd, values.out);
  return {
    help: values.help === true,
    ops: values.ops === undefined ? (quick ? 50 : 1000) : positiveInt('--ops', values.ops),
    ...(values.warmup === undefined ? {} : { warmup: positiveInt('--warmup', values.warmup) }),
    stores: [...new Set(stores)] as StoreName[],
    sizes: [...new Set(sizes)],
    quick,
    langgraph: values['no-langgraph'] !== true,
    out,
    svg: out.replace(/\.md$/i, '') + '.svg',
  };
}
