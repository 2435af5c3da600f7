import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parseConfig } from '@alma/core';
import { parse as parseYaml } from 'yaml';
import { configTemplate, projectIdFor } from '../config-template.js';
import { importAdapter, pgMigrateOptions, runMigrations } from '../migrations.js';
import { alma, tempDir, writeConfig } from '../test-support/run.js';
import { PG_URL, pgAdmin, uniqueSchema } from '../test-support/services.js';

const { dir, cleanup } = tempDir('init');
afterAll(cleanup);

describe('alma init', () => {
  it('writes a commented SQLite config that loads, and refuses to overwrite without --force', async () => {
    const first = await alma(dir, ['init']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('Wrote .alma/config.yaml');
    const text = readFileSync(join(dir, '.alma/config.yaml'), 'utf8');
    expect(text).toMatch(/^# ALMA configuration/);
    const config = parseConfig(parseYaml(text), 'template', {});
    expect(config.storage).toEqual({ adapter: 'sqlite', options: { path: '.alma/alma.db' } });
    expect(Object.keys(config.agents)).toEqual(['helper']);

    writeFileSync(join(dir, '.alma/config.yaml'), 'project_id: mine\n');
    const again = await alma(dir, ['init']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^alma: .*config\.yaml already exists; pass --force to overwrite it\n$/);
    expect(readFileSync(join(dir, '.alma/config.yaml'), 'utf8')).toBe('project_id: mine\n');
    expect((await alma(dir, ['init', '--force'])).code).toBe(0);
    expect(readFileSync(join(dir, '.alma/config.yaml'), 'utf8')).toBe(text);
    const custom = await alma(dir, ['init', '--config', 'conf/alma.yaml']);
    expect(custom.out).toContain('Next: alma migrate up --config conf/alma.yaml');
    expect(existsSync(join(dir, 'conf/alma.yaml'))).toBe(true);
  });

  it('takes the project id from the directory when it is a valid id', () => {
    expect(projectIdFor('/home/me/my-app')).toBe('my-app');
    expect(projectIdFor('/home/me/has space')).toBe('default');
    expect(configTemplate('p')).toContain('project_id: p\n');
  });
});

describe('alma migrate', () => {
  it('SQLite: status before, up, status after (text and --json)', async () => {
    const before = await alma(dir, ['migrate', 'status']);
    expect(before.code).toBe(0);
    expect(before.out).toMatch(/sqlite .*alma\.db: schema version none of \d+ \(\d+ pending\)/);
    expect(before.out).toContain('the database file does not exist yet');
    expect(before.out).toContain('Run `alma migrate up`');
    expect(existsSync(join(dir, '.alma/alma.db'))).toBe(false);
    const up = await alma(dir, ['migrate', 'up'], { progress: true });
    expect(up.out).toMatch(/^Applied 0 baseline/);
    expect(up.err).toMatch(/^migrating: applying 7 pending migrations \(0, 1, 2, 3, 4, 5, 6 of 6\)…\n$/);
    expect(up.out).toMatch(/\(up to date\)/);
    const again = await alma(dir, ['migrate', 'up', '--json']);
    const report = JSON.parse(again.out) as { applied: unknown[]; pending: unknown[]; adapter: string; migrations: Array<{ applied: boolean }> };
    expect(report).toMatchObject({ adapter: 'sqlite', applied: [], pending: [] });
    expect(report.migrations.every((m) => m.applied)).toBe(true);
    expect((await alma(dir, ['migrate', 'up'])).out).toMatch(/^Nothing to apply\./);
  });

  it('memory and cosmos have no versioned schema; unknown adapters are an error', async () => {
    writeConfig(dir, 'memory.yaml', { adapter: 'memory' });
    expect((await alma(dir, ['migrate', 'status', '-c', 'memory.yaml'])).out).toBe('memory in-memory store: the memory store has no schema to migrate\n');
    writeConfig(dir, 'cosmos.yaml', { adapter: 'cosmos', options: { endpoint: 'https://x.example', key: 'k' } });
    expect((await alma(dir, ['migrate', 'status', '-c', 'cosmos.yaml'])).out).toMatch(/^cosmos database alma: Cosmos DB has no schema migrations/);
    writeConfig(dir, 'other.yaml', { adapter: 'some-third-party-adapter' });
    const other = await alma(dir, ['migrate', 'status', '-c', 'other.yaml']);
    expect(other).toMatchObject({ code: 1, err: "alma: alma migrate does not know the adapter 'some-third-party-adapter'; use that adapter's own migration tool\n" });
    writeConfig(dir, 'nopath.yaml', { adapter: 'sqlite' });
    expect((await alma(dir, ['migrate', 'up', '-c', 'nopath.yaml'])).err).toMatch(/storage\.options\.path .* is required/);
  });

  it('a missing adapter package says what to install', async () => {
    await expect(importAdapter('postgres', () => Promise.reject(new Error('Cannot find package')))).rejects.toThrow(
      /cannot load the storage adapter package @alma\/storage-pg \(Cannot find package\); is it installed\? `npm install @alma\/storage-pg`/,
    );
  });

  it('maps ALMA-style PostgreSQL options for the migrate functions', () => {
    expect(pgMigrateOptions({ url: 'postgres://h/db', schema: 's', embedding_dim: 8, auto_migrate: false, autoMigrate: true })).toEqual({
      url: 'postgres://h/db', schema: 's', embeddingDim: 8,
    });
    expect(pgMigrateOptions({ host: 'db', port: 6543, user: 'me', password: 'p w', database: 'mem', ssl_mode: 'require', pool_size: 2 })).toEqual({
      url: 'postgres://me:p%20w@db:6543/mem?sslmode=require', poolSize: 2,
    });
    expect(pgMigrateOptions({ host: 'db', ssl_mode: 'disable' })).toEqual({ url: 'postgres://postgres@db:5432/alma_memory' });
  });

  it('runMigrations works from a loaded config object', async () => {
    const report = await runMigrations({ path: 'x', config: { storage: { adapter: 'memory', options: {} } } as never }, 'up');
    expect(report.note).toMatch(/no schema/);
  });
});

describe('alma migrate on PostgreSQL', () => {
  it('status, up, status on a unique schema (dropped afterwards)', async () => {
    const sql = await pgAdmin();
    const schema = uniqueSchema('cli_mig');
    try {
      writeConfig(dir, 'pg.yaml', { adapter: 'postgres', options: { url: PG_URL, schema, embedding_dim: 8 } });
      const before = JSON.parse((await alma(dir, ['migrate', 'status', '-c', 'pg.yaml', '--json'])).out) as { currentVersion: null; pending: number[]; target: string };
      expect(before.currentVersion).toBeNull();
      expect(before.pending.length).toBeGreaterThan(0);
      expect(before.target).toBe(`schema ${schema}`);
      const up = await alma(dir, ['migrate', 'up', '-c', 'pg.yaml']);
      expect(up.code).toBe(0);
      expect(up.out).toMatch(new RegExp(`^Applied .*\\npostgres schema ${schema}: schema version \\d+ of \\d+ \\(up to date\\)`));
    } finally {
      await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
      await sql.end({ timeout: 5 });
    }
  });
});
