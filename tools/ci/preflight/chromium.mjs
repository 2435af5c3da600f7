// Debian's Chromium, for @alma/studio's browser tests (playwright-core drives it; nothing downloads a browser).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { PreflightError, canInstallPackages, log } from './report.mjs';
import { run, which } from './system.mjs';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium() {
  let how = 'already installed';
  if (!existsSync(CHROMIUM)) {
    if (!canInstallPackages(which)) {
      throw new PreflightError(
        `@alma/studio's browser tests need Chromium at ${CHROMIUM}. Fix: sudo apt-get install -y chromium (Debian).`,
      );
    }
    log(`no Chromium at ${CHROMIUM}: installing Debian's chromium package (about a minute, once)`);
    const started = performance.now();
    const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-qq', 'chromium'];
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', install, env) !== 0) {
      // A fresh machine may have no package lists yet.
      run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-qq'], env);
      if (run('apt-get', install, env) !== 0 || !existsSync(CHROMIUM)) {
        throw new PreflightError('apt-get could not install chromium (its output is above). Fix that and run npm test again.');
      }
    }
    how = `installed now in ${((performance.now() - started) / 1000).toFixed(0)} s`;
  }
  const version = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim() || 'Chromium';
  log(`${version} at ${CHROMIUM} ${how}`);
}
