import { createInterface } from 'node:readline';

/** Child side of `startChild`: print `ready`, then wait for `go` on stdin. */
export async function waitForGo(): Promise<void> {
  process.stdout.write('ready\n');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) if (line.trim() === 'go') break;
  rl.close();
}
