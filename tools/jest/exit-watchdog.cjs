// globalTeardown of every package's jest run. On a 2-core machine jest runs test files inside its own process, so
// a pool, socket or server that a test forgot to close keeps that process alive after the last test: the run hangs
// instead of failing. Once every test has finished and been reported, the process gets 10 s to exit; after that it
// fails, naming what still holds it. The timer is unref'd: it never keeps a clean process alive itself.
const GRACE_MS = 10_000;

module.exports = async function exitWatchdog() {
  setTimeout(() => {
    const held = process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout');
    process.stderr.write(
      `\n[alma-jest] every test finished, but ${GRACE_MS / 1000} s later the process is still held open by: ` +
        `${held.join(', ') || 'unknown handles'}. A test did not close what it opened (connections, servers, ` +
        'child processes): release it in afterAll. Failing instead of hanging.\n',
    );
    process.exit(1);
  }, GRACE_MS).unref();
};
