#!/usr/bin/env node
import { runCli } from '../cli.js';

// stdout is the MCP protocol channel in stdio mode: everything human-readable goes to stderr.
const log = (message: string): void => void process.stderr.write(`alma-mcp: ${message}\n`);
process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
process.on('uncaughtException', (error) => log(`uncaught exception: ${error.stack ?? error.message}`));

const result = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
if ('exitCode' in result) {
  process.exitCode = result.exitCode;
} else {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    result.running
      .close()
      .catch((error: unknown) => log(`error while closing: ${String(error)}`))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (result.running.mode === 'stdio') process.stdin.once('end', stop);
}
