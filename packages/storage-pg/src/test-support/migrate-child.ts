/**
 * Child process of the concurrent-migration test: `migrate-child.ts <url> <schema> <dim>`. Connects, prints `ready`,
 * waits for `go`, runs `migrateUp`, prints `{"applied":[versions]}`.
 */
import postgres from 'postgres';
import { migrateUp } from '../index.js';
import { waitForGo } from './go.js';

const [url, schema, dim] = process.argv.slice(2);

async function main(): Promise<void> {
  const client = postgres(url as string, { max: 1, onnotice: () => undefined });
  await client`SELECT 1`;
  await waitForGo();
  const result = await migrateUp({ client, schema: schema as string, embeddingDim: Number(dim) });
  await client.end();
  process.stdout.write(`${JSON.stringify({ applied: result.applied.map((m) => m.version) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
