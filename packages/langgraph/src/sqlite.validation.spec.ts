// LangGraph's checkpointer conformance suite against AlmaCheckpointSaver on ALMA's SQLite store: a fresh database
// file per checkpointer, removed when the suite is done with it. Run with `npx vitest run` (see vitest.config.mts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validate } from '@langchain/langgraph-checkpoint-validation';
import { SqliteStorage } from '@alma/storage-sqlite';
import { AlmaCheckpointSaver } from './saver.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-langgraph-validation-'));
const files = new WeakMap<AlmaCheckpointSaver, string>();
let counter = 0;

validate<AlmaCheckpointSaver>({
  checkpointerName: '@alma/langgraph (SQLite)',
  createCheckpointer() {
    const file = path.join(dir, `checkpointer-${++counter}.db`);
    const saver = new AlmaCheckpointSaver({ storage: new SqliteStorage({ path: file }) });
    files.set(saver, file);
    return saver;
  },
  async destroyCheckpointer(saver) {
    await saver.storage.close();
    const file = files.get(saver);
    for (const suffix of ['', '-wal', '-shm']) if (file) fs.rmSync(file + suffix, { force: true });
  },
  afterAll() {
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
