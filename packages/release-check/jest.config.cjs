module.exports = require('../../tools/jest/preset.cjs')(__dirname, { testTimeout: 60_000 });
