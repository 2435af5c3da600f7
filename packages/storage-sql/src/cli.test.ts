import { describe, expect, it } from '@jest/globals';
import { runMigrateCommand, statusLines, upLines, type MigrateCommand, type MigrateTarget } from './cli.js';
import type { MigrationResult, MigrationStatus } from './migrations.js';

const STATUS: MigrationStatus = {
  currentVersion: 1,
  latestVersion: 2,
  pending: [2],
  migrations: [
    { version: 1, name: 'baseline', applied: true, appliedAt: new Date('2025-01-01T00:00:00Z') },
    { version: 2, name: 'workflow columns', applied: false },
  ],
};
const UP: MigrationResult = { applied: [{ version: 2, name: 'workflow columns' }], currentVersion: 2 };

function command(overrides: Partial<MigrateTarget> = {}): MigrateCommand & { seen: Array<Record<string, unknown>> } {
  const seen: Array<Record<string, unknown>> = [];
  return {
    name: 'alma-test',
    description: 'migrations of the test store',
    options: [{ flags: '--db <path>', description: 'the database' }],
    seen,
    target(values) {
      seen.push(values);
      if (!values['db']) return '--db <path> is required.';
      return { heading: `Database: ${String(values['db'])}`, where: String(values['db']), status: async () => STATUS, up: async () => UP, ...overrides };
    },
  };
}

async function run(args: string[], cmd: MigrateCommand = command()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMigrateCommand(cmd, args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('runMigrateCommand', () => {
  it('prints the status table and what up applied', async () => {
    expect(await run(['migrate', 'status', '--db', 'x.db'])).toEqual({
      code: 0,
      err: [],
      out: [
        'Database: x.db',
        'version name              status   applied at',
        '001     baseline          applied  2025-01-01T00:00:00.000Z',
        '002     workflow columns  pending',
        'Current version: 001 (latest 002), 1 pending.',
      ],
    });
    expect((await run(['migrate', 'up', '--db', 'x.db'])).out).toEqual(['Applied 002 workflow columns', 'x.db is now at version 002.']);
  });

  it('takes the options before or after the subcommand', async () => {
    const before = await run(['--db', 'x.db', '--json', 'migrate', 'status']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out.join('\n'))).toMatchObject({ currentVersion: 1 });
    expect((await run(['migrate', '--db', 'x.db', 'up'])).out.at(-1)).toBe('x.db is now at version 002.');
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await run(['migrate', 'status', '--db', 'x.db', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ currentVersion: 1, pending: [2] });
  });

  it('usage errors exit 2, --help exits 0', async () => {
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, err: [] });
    expect(help.out[0]).toBe('Usage: alma-test [options] [command]');
    expect(help.out.join('\n')).toMatch(/--db <path>\s+the database/);
    expect((await run(['migrate', 'up', '--help'])).out.join('\n')).toMatch(/Global Options:.*--json/s);
    expect(await run(['migrate', 'status', '--bogus'])).toMatchObject({ code: 2, err: ["alma-test: unknown option '--bogus'"] });
    expect(await run(['migrate', 'down', '--db', 'x'])).toMatchObject({ code: 2, err: ["alma-test: unknown command 'down'"] });
    expect(await run(['migrate', 'status', 'extra', '--db', 'x'])).toMatchObject({ code: 2, err: [expect.stringMatching(/too many arguments/)] });
    expect(await run(['migrate', 'up'])).toEqual({ code: 2, out: [], err: ['alma-test: --db <path> is required.'] });
    expect(await run([])).toMatchObject({ code: 2 });
  });

  it('a failure exits 1 with the first line of its message', async () => {
    const failing = command({ status: async () => { throw new Error('no such file\nstack'); }, up: async () => { throw 'plain'; } });
    expect(await run(['migrate', 'status', '--db', 'x'], failing)).toEqual({ code: 1, out: [], err: ['alma-test: no such file'] });
    expect(await run(['migrate', 'up', '--db', 'x'], failing)).toEqual({ code: 1, out: [], err: ['alma-test: plain'] });
  });

  it('formats: nothing applied, no version yet', () => {
    expect(upLines('db', { applied: [], currentVersion: 6 })).toEqual(['db is up to date at version 006.']);
    expect(statusLines('Schema: s', { ...STATUS, currentVersion: null }).at(-1)).toBe('Current version: none (latest 002), 1 pending.');
  });
});
