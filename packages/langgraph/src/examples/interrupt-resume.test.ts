import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SqliteStorage } from '@alma/storage-sqlite';
import { threadRunId } from '../keys.js';
import { runInterruptResumeExample } from './interrupt-resume.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alma-langgraph-example-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('example: interrupt and resume through AlmaCheckpointSaver on SQLite', () => {
  it('stops for approval, then resumes from a new store handle and publishes', async () => {
    const dbPath = path.join(dir, 'approve.db');
    const result = await runInterruptResumeExample({ dbPath, threadId: 'thread-approve', tenantId: 'acme' });
    expect(result.interruptValue).toEqual({
      question: 'Publish this draft?',
      draft: 'A short post about persistent agent memory.',
    });
    expect(result.nextWhileInterrupted).toEqual(['human_review']);
    expect(result.final).toEqual({
      topic: 'persistent agent memory',
      draft: 'A short post about persistent agent memory.',
      decision: 'approved: ship it',
      published: 'A short post about persistent agent memory.',
    });
    expect(result.checkpointCount).toBeGreaterThanOrEqual(4);

    // The checkpoints are ordinary ALMA records of the tenant: the run is the thread.
    const store = new SqliteStorage({ path: dbPath });
    try {
      const records = await store.listCheckpoints(threadRunId('thread-approve'), { tenantId: 'acme' });
      expect(records.filter((r) => r.nodeId === 'checkpoint:')).toHaveLength(result.checkpointCount);
      expect(await store.listCheckpoints(threadRunId('thread-approve'), {})).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('takes the rejection path when the reviewer says no', async () => {
    const result = await runInterruptResumeExample({
      dbPath: path.join(dir, 'reject.db'),
      answer: { approved: false },
    });
    expect(result.final.decision).toBe('rejected');
    expect(result.final.published).toBe('(nothing published)');
  });
});
