import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What the numbers were measured on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly npm: string;
  /** 1-minute load average when the run started and ended. */
  readonly loadStart: number;
  readonly loadEnd?: number;
  /** name -> version of the packages measured (workspace and third party). */
  readonly packages: Readonly<Record<string, string>>;
}

/** The packages whose versions the report lists. */
export const REPORTED_PACKAGES = [
  '@alma/core', '@alma/checkpoint', '@alma/retrieval', '@alma/storage-sqlite', '@alma/storage-pg', '@alma/storage-cosmos',
  'better-sqlite3', 'sqlite-vec', 'postgres', 'pg', '@vercel/cosmosdb-server', '@azure/cosmos',
  '@langchain/langgraph-checkpoint', '@langchain/langgraph-checkpoint-sqlite', '@langchain/langgraph-checkpoint-postgres',
];

/** The nearest directory at or above `from` whose package.json declares workspaces (the monorepo root). */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
}

/** Installed versions of `names` (resolved from the workspace root's node_modules); missing ones are left out. */
export function packageVersions(names: readonly string[], root: string = findWorkspaceRoot()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
      if (pkg.version) out[name] = pkg.version;
    } catch {
      // not installed: not listed
    }
  }
  return out;
}

/** npm's version from the user agent npm sets for scripts, else from `npm -v`. */
export function npmVersion(env: NodeJS.ProcessEnv = process.env): string {
  const fromAgent = /npm\/(\S+)/.exec(env['npm_config_user_agent'] ?? '')?.[1];
  if (fromAgent) return fromAgent;
  try {
    return execFileSync('npm', ['-v'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return 'unknown';
  }
}

export function collectMachineInfo(env: NodeJS.ProcessEnv = process.env): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    npm: npmVersion(env),
    loadStart: os.loadavg()[0] ?? 0,
    packages: packageVersions(REPORTED_PACKAGES),
  };
}

/** True when the 1-minute load average reached half the cores: other processes competed for the CPU. */
export function wasShared(machine: MachineInfo): boolean {
  return Math.max(machine.loadStart, machine.loadEnd ?? 0) >= machine.cores / 2;
}
