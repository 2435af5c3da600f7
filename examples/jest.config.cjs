module.exports = require('../tools/jest/preset.cjs')(__dirname, {
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@alma/([a-z0-9-]+)$': '<rootDir>/../packages/$1/src/index.ts',
    '^@alma/([a-z0-9-]+)/([a-z0-9-]+)$': '<rootDir>/../packages/$1/src/$2',
  },
  // orchestrator-integration.ts is the runnable entry (argv handling, printing); the test spawns it as a real
  // process, where jest cannot count coverage. The flow itself (demo-flow.ts) is loaded and measured in-process.
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.test.ts', '!src/orchestrator-integration.ts', '!src/telemetry.ts'],
});
