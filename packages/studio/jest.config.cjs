module.exports = require('../../tools/jest/preset.cjs')(__dirname, {
  // The browser tests load the built page: build it once per test run (about 2 s).
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.test.ts', '!src/test-support/**', '!src/ui/**', '!src/bench/**'],
});
