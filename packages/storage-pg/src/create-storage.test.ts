import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { releaseAll } from '@alma/storage-conformance';
import { ConfigError } from '@alma/types';
import { createStorage, PostgresStorage } from './index.js';
import { adminClient, assertServerReady, dropSchemas, PG_URL, uniqueSchema } from './test-support/pg.js';

const admin = adminClient();
const schema = uniqueSchema('cs');
beforeAll(() => assertServerReady(admin));
afterAll(() =>
  releaseAll(
    () => dropSchemas(admin, [schema]),
    () => admin.end(),
  ));

describe('createStorage', () => {
  it('takes this package options', async () => {
    const store = await createStorage({ url: PG_URL, schema, embeddingDim: 8 });
    expect(store).toBeInstanceOf(PostgresStorage);
    expect(store.capabilities).toEqual({ name: 'postgres', vectorSearch: 'native', transactions: true, multiProcess: true });
    await store.close();
  });

  it("takes ALMA's postgres: config section (host, port, database, user, pool_size, ssl_mode ...)", async () => {
    const url = new URL(PG_URL);
    const store = await createStorage({
      host: url.hostname,
      port: Number(url.port || 5432),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      pool_size: 2,
      embedding_dim: 8,
      ssl_mode: 'disable',
      schema,
    });
    expect(store.options).toMatchObject({ poolSize: 2, embeddingDim: 8, schema });
    await store.close();
  });

  it('rejects contradicting or invalid connection settings', async () => {
    await expect(createStorage({ url: PG_URL, host: 'x' })).rejects.toThrow(ConfigError);
    await expect(createStorage({ host: 'x', ssl_mode: 'sometimes' })).rejects.toThrow(/ssl_mode must be one of/);
    await expect(createStorage({ schema: 'bad name' })).rejects.toThrow(/schema/);
  });
});
