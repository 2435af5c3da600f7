import { spawn } from 'node:child_process';
import { join } from 'node:path';

// Tests are compiled to CommonJS, so __dirname is this directory (src/test-support).
export const PACKAGE_DIR = join(__dirname, '..', '..');
export const BIN_SOURCE = join(PACKAGE_DIR, 'src', 'bin', 'alma-mcp.ts');

/** node args that run the bin from its TypeScript source, with sibling packages resolved to their sources. */
export const binArgs = (...args: string[]): string[] => ['--conditions=@alma/source', '--import', 'tsx', BIN_SOURCE, ...args];

/** Runs the bin to completion (for startup failures); resolves with its exit code and output. */
export function runBin(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, binArgs(...args), { cwd: PACKAGE_DIR, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`alma-mcp did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the bin in HTTP mode and resolves with the URL it prints on stderr, plus a stop function. */
export function startHttpBin(args: string[], timeoutMs = 30_000): Promise<{ url: URL; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, binArgs('--http', '--port', '0', ...args), { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`alma-mcp --http did not start within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const match = /listening on (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: new URL(match[1] as string),
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.on('error', reject);
  });
}
