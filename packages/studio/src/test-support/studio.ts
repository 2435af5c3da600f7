import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ALMA } from '@alma/core';
import { startStudio, type RunningStudio } from '../server/http.js';
import type { StudioOptions } from '../options.js';
import { almaOn, openStore, seedStore, type Seeded } from './seed.js';

export interface SeededStore {
  readonly dir: string;
  readonly path: string;
  readonly seeded: Seeded;
  remove(): void;
}

/** A seeded SQLite file in a fresh temp directory. */
export async function seededStore(prefix: string): Promise<SeededStore> {
  const dir = mkdtempSync(join(tmpdir(), `alma-studio-${prefix}-`));
  const path = join(dir, 'alma.db');
  try {
    return { dir, path, seeded: await seedStore(path), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface TestStudio {
  readonly alma: ALMA;
  readonly studio: RunningStudio;
  /** http://127.0.0.1:<port> (no trailing slash). */
  readonly base: string;
  close(): Promise<void>;
}

/** A studio on a free port over the store at `path`. */
export async function serveStore(path: string, options: StudioOptions = {}): Promise<TestStudio> {
  const alma = almaOn(openStore(path));
  try {
    const studio = await startStudio(alma, { port: 0, ...options });
    return {
      alma, studio, base: studio.url.origin,
      close: async () => {
        try {
          await studio.close();
        } finally {
          await alma.close();
        }
      },
    };
  } catch (error) {
    await alma.close();
    throw error;
  }
}
