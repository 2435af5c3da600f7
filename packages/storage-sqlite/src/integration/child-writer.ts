import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';

/** A running child process that prints one message per line on stdout. */
export interface LineChild {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first line (already seen or future) matching `predicate`. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves once the process has exited and all of its stdout has been read. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Runs a TypeScript script the way the repository's child-process tests do:
 * `node --conditions=@alma/source --import tsx script ...args`, with `cwd` the package root.
 */
export function startTsChild(script: string, args: readonly string[], cwd: string): LineChild {
  const child = spawn(process.execPath, ['--conditions=@alma/source', '--import', 'tsx', script, ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<{ predicate: (line: string) => boolean; resolve: (line: string) => void }>();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const rl = readline.createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  const stdoutDone = new Promise<void>((resolve) => rl.once('close', resolve));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const closed = Promise.all([exited, stdoutDone]).then(([exit]) => ({ ...exit, stderr }));

  const waitForLine = (predicate: (line: string) => boolean, timeoutMs = 20_000): Promise<string> => {
    const seen = lines.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`child did not print the expected line within ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
      waiters.add(waiter);
      void closed.then(({ code, signal }) => {
        if (!waiters.delete(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`child exited (code ${code}, signal ${signal}) before the expected line; stderr:\n${stderr}`));
      });
    });
  };

  return { child, lines, waitForLine, closed };
}

/** The payload of loop iteration `i`: a deterministic size (0..48 KiB) so writes take varying time. */
export function loopPayload(i: number): string {
  return 'x'.repeat((i * 7919) % 49_152);
}
