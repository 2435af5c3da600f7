import { Command, CommanderError } from 'commander';
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

/** One option of an adapter's migrate command, in commander's notation: `--db <path>`. */
export interface MigrateOption {
  readonly flags: string;
  readonly description: string;
}

/** An adapter's `<bin> migrate <status|up>` command. */
export interface MigrateCommand {
  /** The bin name, prefixing every error line. */
  readonly name: string;
  readonly description: string;
  /** The adapter's own options (`--json` is added); accepted before or after the subcommand. */
  readonly options: readonly MigrateOption[];
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

/** Text commander writes (help, errors) as lines. */
const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');

/**
 * Runs `command` on `argv` with commander, the parser of every ALMA bin. Returns the exit code: 0 ok (and for
 * --help / --version), 1 failure, 2 usage error. Never throws.
 */
export async function runMigrateCommand(command: MigrateCommand, argv: readonly string[], io: CliIo): Promise<number> {
  let action: { name: 'status' | 'up'; values: Record<string, string | boolean | undefined> } | undefined;
  const program = new Command(command.name)
    .description(command.description)
    .exitOverride()
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => lines(text).forEach((line) => io.out(line)),
      writeErr: (text) => lines(text).forEach((line) => io.err(line)),
      outputError: (text, write) => write(`${command.name}: ${text.replace(/^error: /, '')}`),
    });
  for (const option of command.options) program.option(option.flags, option.description);
  program.option('--json', 'print JSON instead of a table', false);
  const migrate = program.command('migrate').description('schema migrations of the database');
  for (const name of ['status', 'up'] as const) {
    migrate
      .command(name)
      .description(name === 'status' ? 'the migrations applied and pending (reads only)' : 'apply every pending migration, each in its own transaction')
      .action((_options: unknown, cmd: Command) => {
        action = { name, values: cmd.optsWithGlobals<Record<string, string | boolean | undefined>>() };
      });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  if (!action) return 0;
  const target = command.target(action.values);
  if (typeof target === 'string') {
    io.err(`${command.name}: ${target}`);
    return 2;
  }
  try {
    const result = action.name === 'status' ? await target.status() : await target.up();
    if (action.values['json']) io.out(JSON.stringify(result, null, 2));
    else {
      const out = action.name === 'status'
        ? statusLines(target.heading, result as MigrationStatus)
        : upLines(target.where, result as MigrationResult);
      for (const line of out) io.out(line);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${command.name}: ${message.split('\n')[0]}`);
    return 1;
  }
}
