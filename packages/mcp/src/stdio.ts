import type { ALMA } from '@alma/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import type { AlmaMcpServerOptions } from './options.js';
import { createAlmaMcpServer } from './server.js';

export interface RunningStdioServer {
  /** Closes the MCP server (not the ALMA instance). */
  close(): Promise<void>;
}

/**
 * Serves `alma` over stdio (newline-delimited JSON-RPC, the MCP standard). stdout carries only protocol messages;
 * log to stderr.
 */
export async function startStdioServer(
  alma: ALMA,
  options: AlmaMcpServerOptions = {},
  streams: { stdin?: Readable; stdout?: Writable } = {},
): Promise<RunningStdioServer> {
  const server = createAlmaMcpServer(alma, options);
  await server.connect(new StdioServerTransport(streams.stdin, streams.stdout));
  return { close: () => server.close() };
}
