import type { Readable, Writable } from 'node:stream';
import { isFloat32Array } from '@alma/types';

/** A started MCP server (`RunningCli` of @alma/mcp). */
export interface RunningServer {
  readonly mode: 'stdio' | 'http';
  /** The MCP endpoint in HTTP mode. */
  readonly url?: URL;
  /** Stops serving and closes the store. */
  close(): Promise<void>;
}

/** Everything a command touches outside itself, so the whole program runs in-process in tests. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths (config, SQLite file, export file) resolve against it. */
  readonly cwd: string;
  /** Draw progress bars on stderr. @default whether stderr is a TTY */
  readonly progress?: boolean;
  /**
   * Keeps `alma mcp` serving and resolves once the server is closed.
   * @default until SIGINT / SIGTERM, or the end of stdin in stdio mode
   */
  readonly serve?: (running: RunningServer) => Promise<void>;
}

/** Dates as ISO strings (Date.toJSON), Float32Array as number arrays. */
const replacer = (_key: string, value: unknown): unknown => (isFloat32Array(value) ? Array.from(value) : value);

export const toJson = (value: unknown): string => JSON.stringify(value, replacer, 2);

export function println(io: Pick<CliIo, 'stdout'>, text = ''): void {
  io.stdout.write(`${text}\n`);
}

export function printJson(io: Pick<CliIo, 'stdout'>, value: unknown): void {
  io.stdout.write(`${toJson(value)}\n`);
}

export function warn(io: Pick<CliIo, 'stderr'>, message: string): void {
  io.stderr.write(`alma: warning: ${message}\n`);
}

export const progressEnabled = (io: CliIo): boolean => io.progress ?? (io.stderr as { isTTY?: boolean }).isTTY === true;
