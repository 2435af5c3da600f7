// Besides its own unit tests, this package runs the whole conformance suite against the in-memory reference store
// (its test file lives in ../storage-memory and imports this suite), so coverage of src/ comes from real runs.
// @alma/storage-memory is deliberately NOT a dependency here: it devDepends on this package.
module.exports = require('../../tools/jest/preset.cjs')(__dirname, {
  roots: ['<rootDir>/src', '<rootDir>/../storage-memory/src'],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/../storage-memory/src/**/*.conformance.test.ts'],
});
