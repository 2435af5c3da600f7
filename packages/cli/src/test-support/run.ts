import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runAlma } from '../program.js';
import type { CliIo } from '../io.js';

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `alma <args>` in-process in `cwd`; stdin from `input` when given. */
export async function alma(cwd: string, args: string[], extra: Partial<CliIo> & { input?: string } = {}): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const { input, ...rest } = extra;
  const code = await runAlma(args, {
    stdin: input !== undefined ? Readable.from([input]) : new PassThrough(),
    stdout, stderr, env: {}, cwd, progress: false, ...rest,
  });
  await new Promise((r) => setImmediate(r));
  return { code, out, err };
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `alma-cli-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A config file for `storage` (YAML flow mapping text) in `dir`. */
export const writeConfig = (dir: string, name: string, storage: Record<string, unknown>, extra = ''): string =>
  writeFile(dir, name, `project_id: shop\nstorage: ${JSON.stringify(storage)}\nagents:\n  helper:\n    can_learn: [testing]\n${extra}`);

/** Every JSON line but the header, keys sorted recursively, sorted: two exports compared as sets. */
export function recordSet(jsonl: string): string[] {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
        : v;
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(1)
    .map((l) => JSON.stringify(sortKeys(JSON.parse(l))))
    .sort();
}
