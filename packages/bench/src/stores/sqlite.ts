import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { SqliteStorage } from '@alma/storage-sqlite';
import { STORE_LABELS, type OpenedStore } from '../stores.js';

/** ALMA's SqliteStorage on a file in a fresh temp directory; SqliteSaver on another file of the same directory. */
export async function openSqlite(): Promise<OpenedStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-bench-sqlite-'));
  const storage = new SqliteStorage({ path: path.join(dir, 'alma.db'), embeddingDim: 384 });
  return {
    name: 'sqlite',
    label: STORE_LABELS.sqlite,
    storage,
    async openLangGraph() {
      // SqliteSaver switches the file to WAL on first use, as SqliteStorage does: same engine, same journal mode.
      const saver = SqliteSaver.fromConnString(path.join(dir, 'langgraph.db'));
      return {
        label: 'SqliteSaver (file, WAL)',
        saver,
        close: async () => {
          saver.db.close();
        },
      };
    },
    async close() {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
