import type { Command } from 'commander';
import { readConfig } from '../config.js';
import { plural, table } from '../format.js';
import { printJson, println, progressEnabled, type CliIo } from '../io.js';
import { runMigrations, type MigrationReport } from '../migrations.js';
import { type CommonOptions, withGlobals } from '../options.js';

function printReport(io: CliIo, r: MigrationReport): void {
  if (r.applied) {
    println(io, r.applied.length ? `Applied ${r.applied.map((m) => `${m.version} ${m.name}`).join(', ')}.` : 'Nothing to apply.');
  }
  if (r.migrations.length === 0) {
    println(io, `${r.adapter} ${r.target}: ${r.note ?? 'no migrations'}`);
    return;
  }
  const state = r.pending.length ? `${r.pending.length} pending` : 'up to date';
  println(io, `${r.adapter} ${r.target}: schema version ${r.currentVersion ?? 'none'} of ${r.latestVersion} (${state})`);
  if (r.note) println(io, `note: ${r.note}`);
  const rows = r.migrations.map((m) => [String(m.version), m.name, m.applied ? `applied ${m.appliedAt?.toISOString() ?? ''}`.trim() : 'pending']);
  println(io, table([['VERSION', 'NAME', 'STATE'], ...rows]));
  if (r.pending.length && !r.applied) println(io, 'Run `alma migrate up` to apply the pending migrations.');
}

export function registerMigrate(program: Command, io: CliIo): void {
  const migrate = program.command('migrate').description('schema migrations of the store the config names');
  for (const action of ['status', 'up'] as const) {
    const cmd = migrate
      .command(action)
      .description(action === 'status' ? 'which migrations are applied and which are pending (reads only)' : 'apply every pending migration');
    cmd.action(async (_opts: unknown, command: Command) => {
      const opts = withGlobals<CommonOptions>(command);
      const loaded = readConfig(io, opts.config);
      if (action === 'up' && progressEnabled(io)) {
        // The adapters apply their migrations in one call: say up front how many and which.
        const pending = await runMigrations(loaded, 'status');
        if (pending.pending.length) {
          io.stderr.write(`migrating: applying ${plural(pending.pending.length, 'pending migration')} (${pending.pending.join(', ')} of ${pending.latestVersion})…\n`);
        }
      }
      const report = await runMigrations(loaded, action);
      if (opts.json) printJson(io, report);
      else printReport(io, report);
    });
  }
}
