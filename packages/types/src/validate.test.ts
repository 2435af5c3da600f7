import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { thrown } from './test-support/fixtures.js';
import { parseInput } from './validate.js';

const schema = z.object({ name: z.string().min(1), tags: z.array(z.string()), nested: z.object({ n: z.number() }) });

describe('parseInput', () => {
  it('returns the parsed data', () => {
    const input = { name: 'x', tags: ['a'], nested: { n: 1 } };
    expect(parseInput(schema, input, 'thing')).toEqual(input);
  });

  it('applies transforms and defaults', () => {
    const withDefault = z.object({ n: z.coerce.number().default(3) });
    expect(parseInput(withDefault, { n: '7' }, 'n')).toEqual({ n: 7 });
    expect(parseInput(withDefault, {}, 'n')).toEqual({ n: 3 });
  });

  it('throws a ValidationError naming every bad path', () => {
    const error = thrown(() => parseInput(schema, { name: '', tags: ['ok', 5], nested: {} }, 'thing')) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^Invalid thing: /);
    expect(error.issues.map((i) => i.path)).toEqual(['name', 'tags.1', 'nested.n']);
    expect(error.message).toContain('name: ');
    expect(error.message).toContain('tags.1: ');
    expect(error.message).toContain('nested.n: ');
    expect(error.message.split('; ')).toHaveLength(3);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it('names the root when the input itself is wrong', () => {
    const error = thrown(() => parseInput(schema, 'nope', 'thing')) as ValidationError;
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('(root)');
    expect(error.message).toMatch(/^Invalid thing: \(root\): /);
  });
});
