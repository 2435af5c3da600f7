import { describe, expect, it } from '@jest/globals';
import { StorageError } from '@alma/types';
import { byVersion, checkNotNewer, latestVersion, migrationStatusOf, padVersion } from './migrations.js';

const MIGRATIONS = [
  { version: 1, name: 'baseline' },
  { version: 3, name: 'workflow tables' },
  { version: 2, name: 'scope columns' },
];
const WHO = { adapter: 'sqlite', packageName: '@alma/storage-sqlite' };

describe('migration status', () => {
  it('lists applied and pending versions', () => {
    const when = new Date('2025-01-01T00:00:00Z');
    const status = migrationStatusOf(new Map([[1, when], [3, when]]), byVersion(MIGRATIONS), WHO);
    expect(status).toEqual({
      currentVersion: 3,
      latestVersion: 3,
      pending: [2],
      migrations: [
        { version: 1, name: 'baseline', applied: true, appliedAt: when },
        { version: 2, name: 'scope columns', applied: false },
        { version: 3, name: 'workflow tables', applied: true, appliedAt: when },
      ],
    });
    expect(migrationStatusOf(new Map(), MIGRATIONS, WHO)).toMatchObject({ currentVersion: null, pending: [1, 3, 2] });
  });

  it('refuses a database newer than the package', () => {
    expect(() => checkNotNewer([1, 2], MIGRATIONS, WHO)).not.toThrow();
    let caught: unknown;
    try {
      migrationStatusOf(new Map([[7, new Date()], [5, new Date()]]), MIGRATIONS, WHO);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect((caught as StorageError).adapter).toBe('sqlite');
    expect((caught as StorageError).message).toBe(
      '[sqlite] The database schema is at version 7, newer than this @alma/storage-sqlite knows (3). Upgrade @alma/storage-sqlite.',
    );
  });

  it('orders and prints versions', () => {
    expect(byVersion(MIGRATIONS).map((m) => m.version)).toEqual([1, 2, 3]);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 3, 2]);
    expect(latestVersion(MIGRATIONS)).toBe(3);
    expect([padVersion(7), padVersion(12), padVersion(1234)]).toEqual(['007', '012', '1234']);
  });
});
