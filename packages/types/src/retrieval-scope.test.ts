import { describe, expect, it } from '@jest/globals';
import { broaden, compareScopes, isBroaderThan, narrow, parseRetrievalScope, RETRIEVAL_SCOPE_ORDER } from './retrieval-scope.js';
import { ValidationError } from './errors.js';

describe('RetrievalScope', () => {
  it('orders NODE < RUN < WORKFLOW < AGENT < TENANT < GLOBAL', () => {
    expect(RETRIEVAL_SCOPE_ORDER).toEqual(['node', 'run', 'workflow', 'agent', 'tenant', 'global']);
    expect(isBroaderThan('global', 'tenant')).toBe(true);
    expect(isBroaderThan('node', 'run')).toBe(false);
    expect(compareScopes('agent', 'agent')).toBe(0);
  });

  it('broadens and narrows one level, saturating at the ends', () => {
    expect(broaden('node')).toBe('run');
    expect(broaden('global')).toBe('global');
    expect(narrow('run')).toBe('node');
    expect(narrow('node')).toBe('node');
  });

  it('parses case-insensitively and lists valid values on error', () => {
    expect(parseRetrievalScope(' WorkFlow ')).toBe('workflow');
    expect(() => parseRetrievalScope('planet')).toThrow(ValidationError);
    expect(() => parseRetrievalScope('planet')).toThrow(/node, run, workflow, agent, tenant, global/);
  });
});
