import { parseCli, USAGE } from './cli.js';
import { findWorkspaceRoot } from './machine.js';
import { runAndWrite } from './run.js';

/** `npm run bench` entry point: flags in, table out, docs/benchmarks.md + .svg written. */
async function main(): Promise<void> {
  const root = findWorkspaceRoot();
  const argv = process.argv.slice(2);
  const cli = parseCli(argv, { cwd: process.env['INIT_CWD'] ?? process.cwd(), root });
  if (cli.help) {
    console.log(USAGE);
    return;
  }
  await runAndWrite({
    ops: cli.ops,
    ...(cli.warmup === undefined ? {} : { warmup: cli.warmup }),
    stores: cli.stores,
    sizes: cli.sizes,
    langgraph: cli.langgraph,
    out: cli.out,
    svg: cli.svg,
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
  });
  console.log(`\nwrote ${cli.out}\nwrote ${cli.svg}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
