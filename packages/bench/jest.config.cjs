// Coverage is taken over what `npm test` can exercise. Excluded, each for a reason:
// - src/main.ts: the CLI glue of `npm run bench` (argument parsing and the run itself are covered through
//   cli.ts and run.ts);
// - src/stores/postgres.ts and src/stores/cosmos.ts: they need a PostgreSQL server / start the Cosmos protocol
//   server, so only the real bench runs them; the unit test keeps `npm test` fast on SQLite and memory.
module.exports = require('../../tools/jest/preset.cjs')(__dirname, {
  collectCoverageFrom: [
    'src/**/*.ts',
    '!src/**/*.test.ts',
    '!src/test-support/**',
    '!src/main.ts',
    '!src/linear-storage-main.ts', // CLI glue of `npm run bench:storage`; linear-storage.ts itself is tested
    '!src/import-main.ts', // CLI glue of `npm run bench:import`; import-throughput.ts itself is tested
    '!src/telemetry-main.ts', // CLI glue of `npm run bench:telemetry`; telemetry-overhead.ts itself is tested
    '!src/report-main.ts', // the shared glue of those scripts (temp dir, write docs/<file>, exit code)
    '!src/stores/postgres.ts',
    '!src/stores/cosmos.ts',
  ],
});
