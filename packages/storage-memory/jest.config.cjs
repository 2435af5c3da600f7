// The reference store is proven by the whole conformance suite, whose test file lives in the conformance package
// (see ../storage-conformance/src/reference-store.conformance.test.ts). It runs here too, by path, so this package's
// coverage counts what the suite exercises; no package dependency (that would be a cycle).
module.exports = require('../../tools/jest/preset.cjs')(__dirname, {
  roots: ['<rootDir>/src', '<rootDir>/../storage-conformance/src'],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/../storage-conformance/src/reference-store.conformance.test.ts'],
});
