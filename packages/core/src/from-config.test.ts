import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingEmbedder, OpenAIEmbeddingProvider } from '@alma/retrieval';
import { MemoryStorage } from '@alma/storage-memory';
import { ConfigError } from '@alma/types';
import { ALMA } from './alma.js';
import { createEmbedder } from './embedder-factory.js';
import { almaFromConfigObject } from './from-config.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-from-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ALMA.fromConfig', () => {
  it('builds a working ALMA from YAML: adapter by package, scopes incl. sharing, limits wired', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, `
alma:
  project_id: demo
  storage:
    adapter: memory
    options:
      persistPath: \${ALMA_DIR}/memories.json
  embedding:
    provider: local
    dimension: 128
  agents:
    helena:
      can_learn: [forms]
      share_with: [victor]
    victor:
      inherit_from: [helena]
  memory:
    max_outcomes_per_agent: 2
  checkpoints:
    on_run_complete: { keep_last: 1 }
`);
    const alma = await ALMA.fromConfig(path, { ALMA_DIR: dir });
    expect(alma.projectId).toBe('demo');
    expect(alma.storage).toBeInstanceOf(MemoryStorage);
    expect(alma.embedder).toBeInstanceOf(HashingEmbedder);
    expect(alma.embedder.dimension).toBe(128);
    expect(alma.scopes['helena']).toMatchObject({ agentName: 'helena', canLearn: ['forms'], shareWith: ['victor'] });
    expect(alma.scopes['victor']?.inheritFrom).toEqual(['helena']);
    await expect(alma.addDomainKnowledge({ agent: 'helena', domain: 'billing', fact: 'x' })).rejects.toThrow(/can_learn/);
    for (let i = 0; i < 3; i++) await alma.learn({ agent: 'victor', task: `task ${i}`, outcome: 'success', strategyUsed: `s${i} unique${i}` });
    expect((await alma.getStats({ agent: 'victor' })).counts.outcome).toBe(2);
    await alma.close();
  });

  it('builds embedders by name and rejects unknown ones', () => {
    expect(createEmbedder('hashing', 64, {})).toBeInstanceOf(HashingEmbedder);
    expect(createEmbedder('openai', 3, { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm' })).toBeInstanceOf(
      OpenAIEmbeddingProvider,
    );
    expect(() => createEmbedder('word2vec', undefined, {})).toThrow(ConfigError);
  });

  it('reports config errors before touching storage', async () => {
    await expect(almaFromConfigObject({ storage: { adapter: 'memory', optoins: {} } })).rejects.toThrow(/'optoins'/);
  });
});
