import { ALMA } from '@alma/core';
import { SqliteStorage } from '@alma/storage-sqlite';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AlmaOptions } from '@alma/core';
import type { AlmaMcpServerOptions } from '../options.js';
import { createAlmaMcpServer } from '../server.js';

export interface Harness {
  readonly alma: ALMA;
  readonly storage: SqliteStorage;
  readonly client: Client;
  /** Calls a tool and returns the result (errors are results with isError). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls a tool that must succeed and returns its structuredContent. */
  ok<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** An ALMA over a fresh in-memory SQLite store, served by createAlmaMcpServer, with an SDK Client connected in memory. */
export async function connect(
  serverOptions: AlmaMcpServerOptions = {},
  almaOptions: Partial<AlmaOptions> = {},
): Promise<Harness> {
  const storage = new SqliteStorage({ path: ':memory:' });
  const alma = new ALMA({ storage, projectId: 'mcp-test', ...almaOptions });
  const server = createAlmaMcpServer(alma, serverOptions);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  await client.listTools(); // caches the output schemas, so every call below is validated against them
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    alma,
    storage,
    client,
    call,
    async ok<T>(name: string, args: Record<string, unknown> = {}) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      return result.structuredContent as T;
    },
    async close() {
      await client.close();
      await server.close();
      await alma.close();
    },
  };
}

/** The text of a tool result's first content block. */
export const textOf = (result: CallToolResult): string => {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
};
