import { describe, expect, it } from '@jest/globals';
import { Agent } from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { ConfigError } from '@alma/types';
import { buildClientOptions, parseConnectionString, resolveOptions, type TokenCredential } from './options.js';

const endpoint = 'https://example.documents.azure.com:443/';
const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveOptions({ endpoint, key: 'k' })).toMatchObject({
      databaseId: 'alma',
      containerPrefix: 'alma_',
      vectorSearch: 'auto',
      vectorIndexType: 'quantizedFlat',
      createIfNotExists: true,
      maxRetryAttemptsOn429: 9,
      maxRetryWaitSeconds: 30,
      openTimeoutMs: 10_000,
    });
  });

  it('accepts key auth, Entra ID credentials and a caller-provided client', () => {
    expect(resolveOptions({ endpoint, aadCredentials: credential }).aadCredentials).toBe(credential);
    const client = new CosmosClient({ endpoint, key: 'a2V5' });
    try {
      expect(resolveOptions({ client }).client).toBe(client);
    } finally {
      client.dispose();
    }
  });

  it('rejects bad combinations with a ConfigError naming the option', () => {
    expect(configError(() => resolveOptions({})).message).toMatch(/options\.endpoint: is required/);
    expect(configError(() => resolveOptions({ endpoint })).message).toMatch(/options\.key: give key or aadCredentials/);
    expect(configError(() => resolveOptions({ endpoint, key: 'k', aadCredentials: credential })).message).toMatch(
      /options\.aadCredentials: give key or aadCredentials, not both/,
    );
    const client = { database: () => undefined } as unknown as CosmosClient;
    expect(configError(() => resolveOptions({ client, endpoint })).message).toMatch(/options\.endpoint: must not be set together with client/);
    expect(configError(() => resolveOptions({ endpoint, key: 'k', vectorSearch: 'native' })).message).toMatch(/options\.embeddingDim/);
    expect(configError(() => resolveOptions({ endpoint, key: 'k', containerPrefix: 'a/b' })).message).toMatch(/containerPrefix/);
    expect(configError(() => resolveOptions({ endpoint, key: 'k', unknown: 1 } as never)).message).toMatch(/unknown/i);
    expect(configError(() => resolveOptions({ endpoint: 'not a url', key: 'k' })).message).toMatch(/options\.endpoint/);
    expect(configError(() => resolveOptions({ endpoint, aadCredentials: {} as never })).message).toMatch(/TokenCredential/);
  });

  it('never echoes the key in an error message', () => {
    const secret = 'c3VwZXItc2VjcmV0LWtleQ==';
    const error = configError(() => resolveOptions({ key: secret, maxRetryAttemptsOn429: -1 }));
    expect(error.message).not.toContain(secret);
  });
});

describe('buildClientOptions', () => {
  it('passes the 429 retry policy to the SDK', () => {
    const options = buildClientOptions(resolveOptions({ endpoint, key: 'k', maxRetryAttemptsOn429: 3, maxRetryWaitSeconds: 7 }));
    expect(options.connectionPolicy?.retryOptions).toEqual({
      maxRetryAttemptCount: 3,
      maxWaitTimeInSeconds: 7,
      fixedRetryIntervalInMilliseconds: 0,
    });
  });

  it('uses the key or the credential, and the agent when given', () => {
    const agent = new Agent();
    const withKey = buildClientOptions(resolveOptions({ endpoint, key: 'k', agent }));
    expect(withKey).toMatchObject({ endpoint, key: 'k', agent });
    expect(withKey.aadCredentials).toBeUndefined();
    const withAad = buildClientOptions(resolveOptions({ endpoint, aadCredentials: credential }));
    expect(withAad.aadCredentials).toBe(credential);
    expect(withAad.key).toBeUndefined();
    expect(withAad.agent).toBeUndefined();
    agent.destroy();
  });
});

describe('parseConnectionString', () => {
  it('reads AccountEndpoint and AccountKey', () => {
    expect(parseConnectionString(`AccountEndpoint=${endpoint};AccountKey=a2V5PT0=;`)).toEqual({ endpoint, key: 'a2V5PT0=' });
  });

  it('rejects a connection string without them', () => {
    expect(() => parseConnectionString('AccountEndpoint=x')).toThrow(ConfigError);
  });
});
