/** A set-up problem the preflight cannot fix by itself; its message names the fix in one line. */
export class PreflightError extends Error {}

export function log(message) {
  process.stdout.write(`[preflight] ${message}\n`);
}

/** Whether this process may install system packages itself (root on a machine with apt-get). */
export function canInstallPackages(which) {
  return process.getuid?.() === 0 && which('apt-get');
}
