import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Tests are compiled to CommonJS, so __dirname is this directory (src/test-support).
export const PACKAGE_DIR = join(__dirname, '..', '..');
export const BIN_SOURCE = join(PACKAGE_DIR, 'src', 'bin', 'alma.ts');
/** tsx by absolute URL: the bin runs in a temp directory where a bare 'tsx' would not resolve. */
const TSX = pathToFileURL(require.resolve('tsx')).href;

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `alma` bin from its TypeScript source in `cwd` to completion. */
export function runBin(cwd: string, args: string[], input?: string, timeoutMs = 60_000): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@alma/source', '--import', TSX, BIN_SOURCE, ...args], {
      cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`alma ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}
