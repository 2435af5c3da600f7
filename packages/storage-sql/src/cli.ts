import { parseArgs, type ParseArgsConfig } from 'node:util';
import { padVersion, type MigrationResult, type MigrationStatus } from './migrations.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** The database a migrate command works on, as the adapter resolved it from the command's options. */
export interface MigrateTarget {
  /** The first line of the status table, e.g. `Database: ./alma.db`. */
  readonly heading: string;
  /** How result lines name the target, e.g. `./alma.db`. */
  readonly where: string;
  status(): Promise<MigrationStatus>;
  up(): Promise<MigrationResult>;
}

/** An adapter's `<bin> migrate <status|up>` command. */
export interface MigrateCommand {
  /** The bin name, prefixing every error line. */
  readonly name: string;
  readonly usage: string;
  /** The adapter's own options (`--json` and `--help` are added). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** The target the parsed options name, or a usage error message (exit code 2). */
  target(values: Readonly<Record<string, string | boolean | undefined>>): MigrateTarget | string;
}

/** The `migrate status` table. */
export function statusLines(heading: string, s: MigrationStatus): string[] {
  const width = Math.max(4, ...s.migrations.map((m) => m.name.length));
  const lines = [heading, `${'version'.padEnd(8)}${'name'.padEnd(width + 2)}${'status'.padEnd(9)}applied at`];
  for (const m of s.migrations) {
    const when = m.appliedAt ? m.appliedAt.toISOString() : '';
    lines.push(`${padVersion(m.version).padEnd(8)}${m.name.padEnd(width + 2)}${(m.applied ? 'applied' : 'pending').padEnd(9)}${when}`.trimEnd());
  }
  const current = s.currentVersion === null ? 'none' : padVersion(s.currentVersion);
  lines.push(`Current version: ${current} (latest ${padVersion(s.latestVersion)}), ${s.pending.length} pending.`);
  return lines;
}

/** What `migrate up` applied. */
export function upLines(where: string, r: MigrationResult): string[] {
  if (r.applied.length === 0) return [`${where} is up to date at version ${padVersion(r.currentVersion)}.`];
  return [
    ...r.applied.map((m) => `Applied ${padVersion(m.version)} ${m.name}`),
    `${where} is now at version ${padVersion(r.currentVersion)}.`,
  ];
}

/** Runs `command` on `argv`. Returns the exit code: 0 ok, 1 failure, 2 usage error. Never throws. */
export async function runMigrateCommand(command: MigrateCommand, argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`${command.name}: ${(error as Error).message}`);
    io.err(command.usage);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const { positionals } = parsed;
  if (values['help']) {
    io.out(command.usage);
    return 0;
  }
  const [group, action, ...extra] = positionals;
  if (group !== 'migrate' || (action !== 'status' && action !== 'up') || extra.length > 0) {
    io.err(`${command.name}: unknown command '${positionals.join(' ')}'.`);
    io.err(command.usage);
    return 2;
  }
  const target = command.target(values);
  if (typeof target === 'string') {
    io.err(`${command.name}: ${target}`);
    return 2;
  }
  try {
    const result = action === 'status' ? await target.status() : await target.up();
    if (values['json']) io.out(JSON.stringify(result, null, 2));
    else {
      const lines = action === 'status'
        ? statusLines(target.heading, result as MigrationStatus)
        : upLines(target.where, result as MigrationResult);
      for (const line of lines) io.out(line);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${command.name}: ${message.split('\n')[0]}`);
    return 1;
  }
}
