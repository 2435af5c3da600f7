import { describe, expect, it } from '@jest/globals';
import {
  canAgentRead,
  isDomainAllowed,
  memoryScopeSchema,
  readableAgents,
  type MemoryScope,
  type MemoryScopeInput,
} from './memory-scope.js';

const scope = (input: MemoryScopeInput): MemoryScope => memoryScopeSchema.parse(input);

describe('memoryScopeSchema', () => {
  it('fills in defaults', () => {
    expect(scope({ agentName: 'helena' })).toEqual({
      agentName: 'helena',
      canLearn: [],
      cannotLearn: [],
      shareWith: [],
      inheritFrom: [],
      minOccurrencesForHeuristic: 3,
    });
  });

  it('rejects unknown keys, empty domains and a zero minimum', () => {
    expect(memoryScopeSchema.safeParse({ agentName: 'a', canlearn: [] }).success).toBe(false);
    expect(memoryScopeSchema.safeParse({ agentName: 'a', canLearn: [''] }).success).toBe(false);
    expect(memoryScopeSchema.safeParse({ agentName: 'a', minOccurrencesForHeuristic: 0 }).success).toBe(false);
    expect(memoryScopeSchema.safeParse({ agentName: '' }).success).toBe(false);
  });
});

describe('isDomainAllowed', () => {
  it('allows every domain when canLearn is empty', () => {
    expect(isDomainAllowed(scope({ agentName: 'a' }), 'anything')).toBe(true);
  });

  it('allows only listed domains when canLearn is set', () => {
    const s = scope({ agentName: 'a', canLearn: ['testing', 'forms'] });
    expect(isDomainAllowed(s, 'forms')).toBe(true);
    expect(isDomainAllowed(s, 'billing')).toBe(false);
  });

  it('cannotLearn wins over canLearn', () => {
    const s = scope({ agentName: 'a', canLearn: ['forms'], cannotLearn: ['forms', 'billing'] });
    expect(isDomainAllowed(s, 'forms')).toBe(false);
    expect(isDomainAllowed(s, 'billing')).toBe(false);
    expect(isDomainAllowed(scope({ agentName: 'a', cannotLearn: ['billing'] }), 'billing')).toBe(false);
    expect(isDomainAllowed(scope({ agentName: 'a', cannotLearn: ['billing'] }), 'forms')).toBe(true);
  });
});

describe('canAgentRead / readableAgents', () => {
  const scopes = {
    senior: scope({ agentName: 'senior', shareWith: ['junior'] }),
    junior: scope({ agentName: 'junior', inheritFrom: ['mentor'] }),
    mentor: scope({ agentName: 'mentor' }),
    loner: scope({ agentName: 'loner' }),
  };

  it('an agent reads its own memories, configured or not', () => {
    expect(canAgentRead(scopes, 'loner', 'loner')).toBe(true);
    expect(canAgentRead(scopes, 'ghost', 'ghost')).toBe(true);
  });

  it('a reader reads agents it inherits from (pull)', () => {
    expect(canAgentRead(scopes, 'junior', 'mentor')).toBe(true);
    expect(canAgentRead(scopes, 'mentor', 'junior')).toBe(false);
  });

  it('a reader reads agents that share with it (push)', () => {
    expect(canAgentRead(scopes, 'junior', 'senior')).toBe(true);
    expect(canAgentRead(scopes, 'senior', 'junior')).toBe(false);
  });

  it('neither inherit nor share: no access', () => {
    expect(canAgentRead(scopes, 'loner', 'senior')).toBe(false);
    expect(canAgentRead(scopes, 'mentor', 'loner')).toBe(false);
    expect(canAgentRead(scopes, 'ghost', 'senior')).toBe(false);
    expect(canAgentRead(scopes, 'loner', 'ghost')).toBe(false);
  });

  it('agent names that are Object.prototype members are ordinary unknown agents', () => {
    expect(canAgentRead(scopes, 'constructor', 'senior')).toBe(false);
    expect(canAgentRead(scopes, 'loner', 'toString')).toBe(false);
    expect(canAgentRead(scopes, '__proto__', 'hasOwnProperty')).toBe(false);
    expect(readableAgents(scopes, 'constructor')).toEqual(['constructor']);
  });

  it('readableAgents lists self, inheritFrom and sharers', () => {
    expect(readableAgents(scopes, 'junior').sort()).toEqual(['junior', 'mentor', 'senior']);
    expect(readableAgents(scopes, 'loner')).toEqual(['loner']);
    expect(readableAgents(scopes, 'ghost')).toEqual(['ghost']);
  });

  it('readableAgents agrees with canAgentRead', () => {
    const agents = [...Object.keys(scopes), 'ghost'];
    for (const reader of agents) {
      const readable = new Set(readableAgents(scopes, reader));
      for (const owner of agents) {
        if (owner === 'ghost' && reader !== 'ghost') continue;
        expect([reader, owner, readable.has(owner)]).toEqual([reader, owner, canAgentRead(scopes, reader, owner)]);
      }
    }
  });

  it('readableAgents lists no duplicates', () => {
    const both = {
      a: scope({ agentName: 'a', inheritFrom: ['b', 'b'] }),
      b: scope({ agentName: 'b', shareWith: ['a'] }),
    };
    expect(readableAgents(both, 'a')).toEqual(['a', 'b']);
  });
});
