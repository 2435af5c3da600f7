import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@alma/types';
import { assignScope, cleanPatch, jsonText, opt, parseJson, scopeFields, scopeValues, stripUndefined } from './values.js';

describe('record <-> row helpers', () => {
  it('opt keeps present values only', () => {
    expect(opt('a', 1)).toEqual({ a: 1 });
    expect(opt('a', 0)).toEqual({ a: 0 });
    expect(opt('a', null)).toEqual({});
    expect(opt('a', undefined)).toEqual({});
  });

  it('scope columns: null when absent; back to the fields present', () => {
    expect(scopeValues({ tenantId: 't', runId: 'r' })).toEqual({ tenantId: 't', workflowId: null, runId: 'r', nodeId: null });
    const row = { tenantId: null, workflowId: 'w', runId: null, nodeId: 'n' };
    expect(scopeFields(row)).toEqual({ workflowId: 'w', nodeId: 'n' });
    const out = assignScope({ id: 'x' }, row);
    expect(out).toEqual({ id: 'x', workflowId: 'w', nodeId: 'n' });
    expect(Object.keys(assignScope({}, { tenantId: 't' }))).toEqual(['tenantId']);
  });

  it('patches drop undefined values and identity keys', () => {
    expect(stripUndefined({ a: 1, b: undefined, c: null })).toEqual({ a: 1, c: null });
    expect(cleanPatch({ id: 'x', title: 't', agent: undefined, status: 'done' }, ['id', 'agent'])).toEqual({ title: 't', status: 'done' });
    expect(cleanPatch(undefined, ['id'])).toEqual({});
  });

  it('jsonText reports what does not serialise as a ValidationError naming the field', () => {
    expect(jsonText({ a: [1] }, 'metadata')).toBe('{"a":[1]}');
    expect(jsonText(undefined, 'metadata')).toBeUndefined();
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const bad of [{ n: 1n }, cycle]) {
      let caught: unknown;
      try {
        jsonText(bad, 'metadata');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).message).toMatch(/^metadata is not JSON-serialisable: /);
      expect((caught as ValidationError).cause).toBeDefined();
    }
  });

  it('parseJson falls back for missing, empty, null and broken text', () => {
    expect(parseJson('{"a":1}', {})).toEqual({ a: 1 });
    expect(parseJson('[]', ['x'])).toEqual([]);
    for (const text of [null, undefined, '', 'null', '{broken']) expect(parseJson(text, ['fallback'])).toEqual(['fallback']);
  });
});
