import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** True when `command` is on PATH. */
export function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a command with its output on ours; returns its exit status. */
export function run(command, args, env = {}) {
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

/** `wanted` (or the newest) PostgreSQL major version installed from Debian's packages, or undefined. */
export function localPostgresMajor(wanted) {
  for (const dir of ['/etc/postgresql', '/usr/lib/postgresql']) {
    if (!existsSync(dir)) continue;
    const versions = readdirSync(dir).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b));
    if (wanted !== undefined) {
      if (versions.includes(wanted)) return wanted;
    } else if (versions.length > 0) return versions.at(-1);
  }
  return undefined;
}
