import { describe, expect, it } from '@jest/globals';
import { internalVersionProblems, satisfies } from './versions.js';
import type { Manifest, PackageInfo } from './workspace.js';

const pkg = (manifest: Partial<Manifest> & { name: string }): PackageInfo => ({
  name: manifest.name,
  dir: `/x/${manifest.name}`,
  manifest: { version: '0.1.0', ...manifest },
});

describe('satisfies', () => {
  it.each([
    ['^0.1.0', '0.1.0', true],
    ['^0.1.0', '0.1.7', true],
    ['^0.1.0', '0.2.0', false],
    ['^0.1.2', '0.1.1', false],
    ['^0.0.3', '0.0.3', true],
    ['^0.0.3', '0.0.4', false],
    ['^1.2.0', '1.9.0', true],
    ['^1.2.0', '2.0.0', false],
    ['~1.2.0', '1.2.9', true],
    ['~1.2.0', '1.3.0', false],
    ['0.1.0', '0.1.0', true],
    ['0.1.0', '0.1.1', false],
  ] as const)('%s with %s is %s', (range, version, expected) => {
    expect(satisfies(range, version)).toBe(expected);
  });

  it('refuses range forms it does not read instead of guessing', () => {
    expect(satisfies('>=0.1.0', '0.1.0')).toBe('unsupported');
    expect(satisfies('workspace:*', '0.1.0')).toBe('unsupported');
    expect(satisfies('^0.1', '0.1.0')).toBe('unsupported');
  });
});

describe('internalVersionProblems', () => {
  const types = pkg({ name: '@alma/types', version: '0.2.0' });
  const conformance = pkg({ name: '@alma/storage-conformance', private: true });

  it('accepts a set whose internal ranges the workspace versions satisfy', () => {
    const core = pkg({ name: '@alma/core', dependencies: { '@alma/types': '^0.2.0', zod: '^4.0.0' } });
    expect(internalVersionProblems([types, core], [types, core])).toEqual([]);
  });

  it('names a range the workspace version is outside of, a private dependency and an unknown one', () => {
    const stale = pkg({ name: '@alma/core', dependencies: { '@alma/types': '^0.1.0' } });
    const leaky = pkg({ name: '@alma/storage-x', peerDependencies: { '@alma/storage-conformance': '^0.1.0' } });
    const unknown = pkg({ name: '@alma/cli', dependencies: { '@alma/nope': '^0.1.0' } });
    const loose = pkg({ name: '@alma/mcp', dependencies: { '@alma/types': '*' } });
    const all = [types, conformance, stale, leaky, unknown, loose];
    expect(internalVersionProblems([stale, leaky, unknown, loose], all)).toEqual([
      '@alma/core needs @alma/types@^0.1.0 but the workspace has 0.2.0',
      '@alma/storage-x depends on @alma/storage-conformance, which is private (never published)',
      '@alma/cli depends on @alma/nope, which is not in the workspace',
      "@alma/mcp: range '*' of @alma/types is not an exact, ^ or ~ version",
    ]);
  });
});
