import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
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
    const prompts = (await h.client.listPrompts()).prompts.map((p) => p.name);
    const documented = firstColumn(/^\| `(alma_[a-z_]+)` \|/gm).filter((name) => !prompts.includes(name));
    const served = (await h.client.listTools()).tools.map((t) => t.name);
    expect(documented).toEqual(served);
  });

  it('lists exactly the server prompts', async () => {
    const section = readme.slice(readme.indexOf('## Prompts'), readme.indexOf('## Scope is bound'));
    const documented = [...section.matchAll(/^\| `(alma_[a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual((await h.client.listPrompts()).prompts.map((p) => p.name));
  });

  it('lists exactly the server resources and templates', async () => {
    const documented = firstColumn(/^\| `(alma:\/\/[^`]+)` \|/gm);
    const templates = (await h.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    // Resources a template lists (alma://memories/heuristic ...) are documented by their template's row.
    const listedByTemplate = (uri: string) => templates.some((t) => new UriTemplate(t).match(uri) !== null);
    const resources = (await h.client.listResources()).resources.map((r) => r.uri).filter((uri) => !listedByTemplate(uri));
    expect(resources).toEqual(['alma://stats']);
    expect(documented.sort()).toEqual([...resources, ...templates].sort());
  });
});
