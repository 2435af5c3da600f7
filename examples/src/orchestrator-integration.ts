// Runnable: `npm start` from the repository root (or `npm start -w @alma/examples`).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { runDemo, workerMain } from './demo-flow.js';

async function main(argv: string[]): Promise<void> {
  const script = resolve(argv[1] as string);
  if (argv[2] === '--worker') return workerMain(argv[3] as string, argv[4] as string);
  const keep = process.env['ALMA_DEMO_DIR'];
  const dir = keep ? resolve(keep) : mkdtempSync(resolve(tmpdir(), 'alma-demo-'));
  if (keep) mkdirSync(dir, { recursive: true });
  console.log(`ALMA orchestrator demo — SQLite database in ${dir}\n`);
  try {
    const result = await runDemo({ dir, workerScript: script, log: (line) => console.log(line) });
    console.log(`\nDone: resumed from seq ${result.resumedFrom.seq} after the crash; the next run sees ` +
      `${result.after.heuristics.length} heuristic(s) and ${result.after.antiPatterns.length} anti-pattern(s) it did not have before.`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
