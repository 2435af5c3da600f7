import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Diagnostic {
  readonly file: string;
  readonly text: string;
}

/**
 * Type-checks `files` (name → source) in `dir` the way a strict consumer does: `strict`, NodeNext, and
 * `skipLibCheck: false`, so every declaration file the program reaches — ours and what ours import — is checked.
 * Returns one diagnostic per error line of tsc.
 */
export function typeCheck(dir: string, tsc: string, files: Record<string, string>): Diagnostic[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: Object.keys(files),
    }),
  );
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (run.error) throw run.error;
  return `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .map((text) => ({ file: text.replace(/\(\d+,\d+\).*$/, ''), text }));
}

/** A module importing every entry point as a namespace; `.cts` files compile to `require()`. */
export function importEveryEntry(entries: readonly string[], exportStatement: (names: string) => string): string {
  const lines = entries.map((entry, i) => `import * as m${i} from '${entry}';`);
  return `${lines.join('\n')}\n${exportStatement(entries.map((_, i) => `m${i}`).join(', '))}\n`;
}
