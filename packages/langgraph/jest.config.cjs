// Unit tests (jest). LangGraph's conformance suite runs under vitest instead (vitest.config.mts, *.validation.spec.ts).
module.exports = require('../../tools/jest/preset.cjs')(__dirname, {
  collectCoverageFrom: [
    'src/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/*.spec.ts',
    '!src/test-support/**',
    '!src/**/bin/**',
  ],
});
