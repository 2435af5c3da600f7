// PostgreSQL with pgvector, for @alma/storage-pg, @alma/langgraph and @alma/cli: ALMA_PG_URL, else the local server.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { PreflightError, canInstallPackages, log } from './report.mjs';
import { localPostgresMajor, run, which } from './system.mjs';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const INSTALL_PGVECTOR = fileURLToPath(new URL('../install-pgvector.sh', import.meta.url));
const CONNECTION_DOWN = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export async function ensurePostgres() {
  const url = process.env.ALMA_PG_URL ?? DEFAULT_URL;
  // Only this machine's own server is ours to start, create a database in, or install an extension into.
  const local = isLoopback(url);
  const where = redact(url);
  let found = await probe(url);

  if (found.error && CONNECTION_DOWN.has(found.error.code) && local && startLocalCluster(where)) {
    found = await waitForServer(url);
  }
  if (found.error?.code === '3D000' && local) {
    await createDatabase(url);
    found = await probe(url);
  }
  if (found.error) {
    const down = CONNECTION_DOWN.has(found.error.code);
    throw new PreflightError(
      (down ? `no PostgreSQL answers at ${where}` : `PostgreSQL at ${where} refused the connection`) +
        ` (${describe(found.error)}). Fix: ` +
        (down ? 'start that server, or ' : 'create that role / database, or ') +
        'set ALMA_PG_URL to a PostgreSQL 13+ server with pgvector that the tests may create schemas in.',
    );
  }
  let how = 'already available';
  if (!found.vector) {
    const major = found.version.split('.')[0];
    if (!(local && canInstallPackages(which) && localPostgresMajor(major))) {
      throw new PreflightError(
        `PostgreSQL ${found.version} at ${where} has no pgvector extension. Fix: sudo bash tools/ci/install-pgvector.sh ` +
          '(Debian; builds it from the Debian source package), or install pgvector for that server, or set ALMA_PG_URL ' +
          'to a server that has it.',
      );
    }
    log(`PostgreSQL ${found.version} at ${where} has no pgvector: installing it (tools/ci/install-pgvector.sh, ~30 s once)`);
    const started = performance.now();
    if (run('bash', [INSTALL_PGVECTOR], { PG_MAJOR: major }) !== 0) {
      throw new PreflightError('tools/ci/install-pgvector.sh failed (its output is above). Fix what it names and run npm test again.');
    }
    found = await waitForServer(url);
    if (found.error || !found.vector) {
      throw new PreflightError(`pgvector was installed but PostgreSQL at ${where} still does not offer it (${describe(found.error)}).`);
    }
    how = `installed now in ${((performance.now() - started) / 1000).toFixed(0)} s`;
  }
  const source = process.env.ALMA_PG_URL === undefined ? 'the default' : 'ALMA_PG_URL';
  log(`PostgreSQL ${found.version} at ${where} (${source}), pgvector ${found.vector} ${how}`);
}

/** { version, vector } of the server, or { error } when it cannot be asked. */
async function probe(url) {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 5,
    idle_timeout: 1,
    onnotice: () => undefined,
    connection: { application_name: 'alma-preflight' },
  });
  // postgres.js retries a connection whose TCP connect never completes without failing the query: bound it.
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer within 6 s'), { code: 'ETIMEDOUT' })), 6000);
  });
  try {
    const query = sql`
      SELECT current_setting('server_version') AS version,
             (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS vector`.execute();
    query.catch(() => undefined);
    const [row] = await Promise.race([query, deadline]);
    return { version: row.version.split(' ')[0], vector: row.vector ?? undefined };
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
    await sql.end({ timeout: 0 }).catch(() => undefined);
  }
}

async function waitForServer(url, seconds = 60) {
  let found = await probe(url);
  for (let i = 0; i < seconds && found.error && CONNECTION_DOWN.has(found.error.code); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    found = await probe(url);
  }
  return found;
}

/** Starts the machine's cluster when it is down; false when there is none to start (or it is already up). */
function startLocalCluster(where) {
  const major = localPostgresMajor();
  if (!major || !which('pg_lsclusters') || process.getuid?.() !== 0) return false;
  const status = spawnSync('pg_lsclusters', ['-h', major, 'main'], { encoding: 'utf8' }).stdout ?? '';
  if (status.trim() === '' || status.includes('online')) return false;
  log(`no PostgreSQL answers at ${where}: starting cluster ${major}/main`);
  return run('pg_ctlcluster', ['--skip-systemctl-redirect', major, 'main', 'start']) === 0;
}

async function createDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const sql = postgres(target.toString(), { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    log(`creating database ${name}`);
    await sql`CREATE DATABASE ${sql(name)}`;
  } catch (error) {
    if (error.code !== '42P04') throw new PreflightError(`cannot create database ${name}: ${describe(error)}.`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function describe(error) {
  if (!error) return 'no error';
  return [error.code, error.message].filter(Boolean).join(': ');
}

function isLoopback(url) {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

function redact(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'ALMA_PG_URL (not a valid URL)';
  }
}
