import { afterAll } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runStorageConformance } from '@alma/storage-conformance';
import { SqliteStorage } from './index.js';
import { vectorIndexTuning } from './queries/vector-index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-sqlite-conf-'));
let n = 0;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The file variant sends every similarity query through the sqlite-vec index (normally only used above 2,000
// filtered rows), so the whole vector suite also checks the index path; the :memory: variant checks brute force.
Object.assign(vectorIndexTuning, { bruteForceMaxRows: 0, minFilteredFraction: 0 });

runStorageConformance({
  name: 'sqlite (file, vec0 index)',
  createStorage: async ({ embeddingDim }) =>
    new SqliteStorage({ path: path.join(dir, `store-${++n}.db`), embeddingDim }),
});
