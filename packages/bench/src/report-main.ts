import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from './machine.js';

/**
 * The glue of a `npm run bench:*` script: runs `report` in a fresh temp directory (removed afterwards), writes the
 * markdown it returns to `docs/<file>` and prints it; a failure prints its message and sets exit code 1.
 */
export function runReport(file: string, report: (dir: string) => Promise<string>): void {
  const dir = mkdtempSync(join(tmpdir(), `alma-bench-${file.replace(/\.md$/, '')}-`));
  report(dir)
    .then((markdown) => {
      writeFileSync(join(findWorkspaceRoot(), 'docs', file), markdown);
      console.log(markdown);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
