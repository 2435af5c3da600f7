import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { releaseAll } from '@alma/storage-conformance';
import { StorageError } from '@alma/types';
import type { Connection } from './connection.js';
import { PostgresStorage, type PostgresStorageOptions } from './index.js';
import { firstContact } from './setup.js';
import { adminClient, assertServerReady, connectionsNamed, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

// Every way an open can fail rejects within seconds with a StorageError naming the adapter and the cause, and leaves
// no connection behind: each case counts the server's backends of its own application_name afterwards.
const admin = adminClient();
const schemas: string[] = [];
// A TCP server that accepts connections and never answers: a host behind a firewall that drops packets. It reads
// (and drops) what it is sent, so it sees the client's end of a connection.
const sockets = new Set<Socket>();
const blackHole: Server = createServer((socket) => {
  sockets.add(socket);
  socket.resume();
  socket.on('error', () => undefined);
  socket.on('close', () => sockets.delete(socket));
});
beforeAll(async () => {
  await assertServerReady(admin);
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
});
afterAll(() =>
  releaseAll(
    () => dropSchemas(admin, schemas),
    () => admin.end(),
    () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => blackHole.close(() => resolve()));
    },
  ),
);

const appName = () => `alma-open-${randomBytes(4).toString('hex')}`;
const withDatabase = (database: string, user = 'postgres') => {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  url.username = user;
  return url.toString();
};

/** Backends exit asynchronously after the client disconnects: poll until the count settles. */
async function connectionsLeft(name: string): Promise<number> {
  let last = await connectionsNamed(admin, name);
  for (let i = 0; i < 30 && last !== 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await connectionsNamed(admin, name);
  }
  return last;
}

async function failedOpen(options: PostgresStorageOptions): Promise<{ error: StorageError; name: string }> {
  const name = appName();
  const error = await PostgresStorage.open({ connectTimeoutSeconds: 2, ...options, applicationName: name }).then(
    async (store) => {
      await store.close();
      throw new Error('open succeeded');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).message).toMatch(/^\[postgres\] /);
  expect((error as StorageError).cause).toBeDefined();
  return { error: error as StorageError, name };
}

describe('a PostgreSQL store that cannot open', () => {
  it('a refused connection (nothing listens on the port)', async () => {
    const { error, name } = await failedOpen({ url: 'postgres://postgres@127.0.0.1:1/test' });
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(await connectionsLeft(name)).toBe(0);
  });

  it('a host that never answers gives up after connectTimeoutSeconds', async () => {
    const port = (blackHole.address() as { port: number }).port;
    const { error } = await failedOpen({ url: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutSeconds: 1 });
    expect(error.message).toMatch(/CONNECT_TIMEOUT|timeout/i);
    for (let i = 0; i < 20 && sockets.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets.size).toBe(0);
  });

  it('a host whose TCP connect never completes (packets dropped) gives up too, though postgres.js would retry forever', async () => {
    // On this network 10.255.255.1 is routed but never answers: the SYN goes unanswered, and postgres.js keeps the
    // first query queued while it retries the connection without end. (Where the network refuses it at once, this
    // still passes, and the deadline itself is covered by the firstContact case below.)
    const { error, name } = await failedOpen({ url: 'postgres://postgres@10.255.255.1:5432/test', connectTimeoutSeconds: 1 });
    expect(error.message).toMatch(/no answer within 1 s \(connectTimeoutSeconds\)|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/);
    expect(await connectionsLeft(name)).toBe(0);
  });

  it('firstContact rejects at its deadline even when the query never settles', async () => {
    const never = { sql: () => ({ execute: () => new Promise(() => undefined) }) } as unknown as Connection;
    const error = await firstContact(never, 0.2, 'db.example:5432').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toBe(
      '[postgres] Connecting to db.example:5432 failed: no answer within 0.2 s (connectTimeoutSeconds). ' +
        'Is the server running and reachable?',
    );
  });

  it('wrong credentials (a role the server does not know)', async () => {
    const { error, name } = await failedOpen({ url: withDatabase(new URL(PG_URL).pathname.slice(1), 'alma_no_such_role') });
    expect(error.message).toContain('role "alma_no_such_role" does not exist');
    expect(await connectionsLeft(name)).toBe(0);
  });

  it('a database that does not exist', async () => {
    const { error, name } = await failedOpen({ url: withDatabase('alma_no_such_database') });
    expect(error.message).toContain('database "alma_no_such_database" does not exist');
    expect(await connectionsLeft(name)).toBe(0);
  });

  it('a migration that throws mid-way rolls every migration back and closes the pool', async () => {
    const schema = uniqueSchema('openfail');
    schemas.push(schema);
    // A view where a later migration creates a table: migration 001 succeeds, a later one fails.
    await admin`CREATE SCHEMA ${admin(schema)}`;
    await admin`CREATE VIEW ${admin(schema)}.alma_checkpoints AS SELECT 1 AS id`;
    const { error, name } = await failedOpen({ url: PG_URL, schema, embeddingDim: 8 });
    expect(error.message).toMatch(/Migration 00[2-9] \(.+\) of schema '.+' failed/);
    const tables = await admin`SELECT tablename FROM pg_tables WHERE schemaname = ${schema}`;
    expect(tables).toHaveLength(0);
    expect(await connectionsLeft(name)).toBe(0);
  });
});
