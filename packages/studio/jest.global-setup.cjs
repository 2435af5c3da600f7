// Builds src/ui into dist/ui with Vite before the tests, so they always load the page of the current sources.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = function buildUi() {
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [__dirname] })), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build'], { cwd: __dirname, stdio: ['ignore', 'inherit', 'inherit'], timeout: 120_000 });
};
