import type { Migration } from './types.js';

export const artifactLinkTables: Migration = {
  version: 4,
  name: 'artifact links',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS artifact_links (
        id TEXT PRIMARY KEY, memory_id TEXT NOT NULL, tenant_id TEXT, artifact_type TEXT NOT NULL,
        storage_url TEXT NOT NULL, filename TEXT, mime_type TEXT, size_bytes INTEGER, checksum TEXT,
        metadata TEXT NOT NULL, created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_artifact_links_memory ON artifact_links(memory_id, created_at);
    `);
  },
};
