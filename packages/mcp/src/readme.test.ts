import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Harness } from './test-support/in-memory.js';

// One consistent list: the README's tables name exactly what the server registers.
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const firstColumn = (pattern: RegExp): string[] => [...readme.matchAll(pattern)].map((m) => m[1] as string);

let h: Harness;
beforeAll(async () => {
  h = await connect();
});
afterAll(async () => h.close());

describe('README', () => {
  it('lists exactly the server tools', async () => {
    const documented = firstColumn(/^\| `(alma_[a-z_]+)` \|/gm);
    const served = (await h.client.listTools()).tools.map((t) => t.name);
    expect(documented).toEqual(served);
  });

  it('lists exactly the server resources and templates', async () => {
    const documented = firstColumn(/^\| `(alma:\/\/[^`]+)` \|/gm);
    const resources = (await h.client.listResources()).resources.map((r) => r.uri);
    const templates = (await h.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(documented).toEqual([...resources, ...templates]);
  });
});
