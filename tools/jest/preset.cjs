// Shared jest settings: tests run TypeScript sources through swc as CommonJS (packages publish ESM),
// sibling @alma packages resolve to their sources so no build is needed before tests, and every
// package must keep >= 80% line coverage of its own files.
const path = require('node:path');

/** @param {string} packageDir absolute path of the package; @param {object} [overrides] */
module.exports = function almaJestConfig(packageDir, overrides = {}) {
  const { coverageThreshold, collectCoverageFrom, ...rest } = overrides;
  return {
    rootDir: packageDir,
    displayName: path.basename(packageDir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: {
      '^(\\.{1,2}/.*)\\.js$': '$1',
      '^@alma/([a-z0-9-]+)$': '<rootDir>/../$1/src/index.ts',
      // Subpath exports (e.g. @alma/storage-sql/migrations) map to the source file the exports map names.
      '^@alma/([a-z0-9-]+)/([a-z0-9-]+)$': '<rootDir>/../$1/src/$2',
    },
    collectCoverage: true,
    coverageReporters: ['text-summary', 'lcov'],
    collectCoverageFrom: collectCoverageFrom ?? [
      'src/**/*.ts',
      '!src/**/*.test.ts',
      '!src/test-support/**',
      '!src/**/bin/**',
    ],
    coverageThreshold: coverageThreshold ?? { global: { lines: 80 } },
    // Bounded, but not at jest's 5 s: tests that start servers or child processes take seconds on a busy 2-core
    // machine. Speed is measured in the benches, never by a timeout.
    testTimeout: 20_000,
    // A test that leaves a connection open fails the run within seconds instead of hanging it.
    globalTeardown: path.join(__dirname, 'exit-watchdog.cjs'),
    ...rest,
  };
};
