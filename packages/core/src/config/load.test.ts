import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@alma/types';
import { expandEnv } from './env.js';
import { loadConfigFile, parseConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'alma-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('config loading', () => {
  it('reads the alma: section, applies defaults and keeps agents with share_with / inherit_from', () => {
    const path = file('ok.yaml', `
alma:
  project_id: shop
  storage:
    adapter: sqlite
    options:
      path: \${DB_DIR}/alma.db
  agents:
    helena:
      can_learn: [testing, forms]
      cannot_learn: [backend]
      share_with: [victor]
      min_occurrences_for_heuristic: 2
    victor:
      inherit_from: [helena]
  retrieval:
    weights: { similarity: 0.5, recency: 0.5 }
`);
    const config = loadConfigFile(path, { DB_DIR: '/data' });
    expect(config.project_id).toBe('shop');
    expect(config.storage).toEqual({ adapter: 'sqlite', options: { path: '/data/alma.db' } });
    expect(config.agents['helena']).toMatchObject({ share_with: ['victor'], min_occurrences_for_heuristic: 2 });
    expect(config.agents['victor']).toMatchObject({ inherit_from: ['helena'], can_learn: [], min_occurrences_for_heuristic: 3 });
    expect(config.retrieval).toMatchObject({ default_top_k: 5, min_score: 0.2, weights: { similarity: 0.5, recency: 0.5 } });
    expect(config.memory.max_outcomes_per_agent).toBe(500);
    expect(config.checkpoints).toEqual({ max_state_size_bytes: 1_048_576, on_run_complete: 'keep-all' });
  });

  it('accepts a document without the alma: wrapper and the storage string shorthand', () => {
    expect(parseConfig({ storage: 'memory' }).storage).toEqual({ adapter: 'memory', options: {} });
    expect(parseConfig(null).project_id).toBe('default');
  });

  it('names the unknown key and its path', () => {
    expect(() => parseConfig({ alma: { retrieval: { wieghts: {} } } })).toThrow(/alma\.retrieval.*'wieghts'/);
    expect(() => parseConfig({ alma: { agents: { a: { can_lern: [] } } } })).toThrow(/alma\.agents\.a.*'can_lern'/);
  });

  it('names the bad value', () => {
    const err = (() => {
      try {
        parseConfig({ retrieval: { min_score: 3 } });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toMatch(/alma\.retrieval\.min_score/);
  });

  it('rejects a top level that is not a mapping, unreadable files and bad YAML', () => {
    expect(() => parseConfig([1, 2])).toThrow(/mapping/);
    expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/Cannot read config file/);
    expect(() => loadConfigFile(file('bad.yaml', 'alma: [unclosed'))).toThrow(/not valid YAML/);
  });
});

describe('expandEnv', () => {
  it('expands ${VAR} and ${VAR:-default} everywhere in the tree', () => {
    expect(expandEnv({ a: ['x-${A}', { b: '${B:-fallback}' }], n: 3 }, { A: '1' })).toEqual({
      a: ['x-1', { b: 'fallback' }],
      n: 3,
    });
  });

  it('fails on an unset variable, naming it and where it is used', () => {
    expect(() => expandEnv({ storage: { options: { url: '${PG_URL}' } } }, {})).toThrow(
      /PG_URL is not set \(used at alma\.storage\.options\.url\)/,
    );
  });
});
