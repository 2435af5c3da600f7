import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface Child<T> {
  /** Resolves once the child printed `ready` (it has connected and waits for `go`). */
  readonly ready: Promise<void>;
  go(): void;
  /** The JSON object the child printed last; rejects with its stderr when it fails. */
  readonly result: Promise<T>;
}

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Starts `src/test-support/<script>` in its own Node process (TypeScript through tsx, sibling packages from
 * source). The child prints `ready`, waits for `go` on stdin, works, and prints one JSON line.
 */
export function startChild<T>(script: string, args: readonly string[]): Child<T> {
  const child = spawn(
    process.execPath,
    ['--conditions=@alma/source', '--import', 'tsx', path.join(__dirname, script), ...args],
    { cwd: PACKAGE_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<T>((resolve, reject) => {
    child.on('close', (code) => {
      markReady();
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as T);
      else reject(new Error(`${script} exited ${code}: ${stderr}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
}
