#!/usr/bin/env node
// `npm test`'s pretest step (and so `.ci/run`'s): makes sure the services the tests need are here, the same way for
// a person and for CI. Quick when everything is in place; sets up what a fresh machine of our kind lacks (it has
// PostgreSQL 15 running, but no pgvector); otherwise stops within seconds with one line that names the fix.
import { ensureChromium } from './preflight/chromium.mjs';
import { ensurePostgres } from './preflight/postgres.mjs';
import { PreflightError, log } from './preflight/report.mjs';

const started = performance.now();
try {
  await ensurePostgres();
  ensureChromium();
  log(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s`);
} catch (error) {
  if (!(error instanceof PreflightError)) throw error;
  process.stderr.write(`[preflight] npm test cannot run: ${error.message}\n`);
  process.exit(1);
}
