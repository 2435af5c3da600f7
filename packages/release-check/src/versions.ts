import type { PackageInfo } from './workspace.js';

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

function parts(version: string): [number, number, number] | undefined {
  const m = VERSION.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

const compare = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/**
 * Does `version` satisfy `range`? Only the forms our manifests use between internal packages: an exact version,
 * `^x.y.z` (0.x: the minor is fixed, as npm reads it) and `~x.y.z`. Anything else is reported as unsupported
 * instead of being guessed at, so the check cannot pass by accident.
 */
export function satisfies(range: string, version: string): boolean | 'unsupported' {
  const have = parts(version);
  const op = range[0] === '^' || range[0] === '~' ? range[0] : '';
  const want = parts(range.slice(op.length));
  if (!have || !want) return 'unsupported';
  if (compare(have, want) < 0) return false;
  if (op === '') return compare(have, want) === 0;
  // How many leading parts must stay equal: ~ keeps major.minor; ^ keeps the first non-zero part and those before.
  const fixed = op === '~' ? 2 : want[0] !== 0 ? 1 : want[1] !== 0 ? 2 : 3;
  return have.slice(0, fixed).every((n, i) => n === want[i]);
}

/**
 * What keeps a set of packages from being published together: an internal dependency (runtime or peer) on a
 * package that is private or unknown, or whose range the workspace version does not satisfy. Empty when every
 * published package can be installed from the published set alone.
 */
export function internalVersionProblems(packages: readonly PackageInfo[], all: readonly PackageInfo[]): string[] {
  const byName = new Map(all.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const p of packages) {
    const deps = { ...(p.manifest.dependencies ?? {}), ...(p.manifest.peerDependencies ?? {}) };
    for (const [name, range] of Object.entries(deps)) {
      if (!name.startsWith('@alma/')) continue;
      const target = byName.get(name);
      if (!target) problems.push(`${p.name} depends on ${name}, which is not in the workspace`);
      else if (target.manifest.private) problems.push(`${p.name} depends on ${name}, which is private (never published)`);
      else {
        const ok = satisfies(range, target.manifest.version);
        if (ok === 'unsupported') problems.push(`${p.name}: range '${range}' of ${name} is not an exact, ^ or ~ version`);
        else if (!ok) problems.push(`${p.name} needs ${name}@${range} but the workspace has ${target.manifest.version}`);
      }
    }
  }
  return problems;
}
