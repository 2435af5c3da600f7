import { describe, expect, it } from '@jest/globals';
import { releaseAll } from './teardown.js';

describe('releaseAll', () => {
  it('runs every step in order, even after one fails, then throws that error', async () => {
    const ran: string[] = [];
    const boom = new Error('close failed');
    await expect(
      releaseAll(
        () => ran.push('stores'),
        () => {
          ran.push('schemas');
          throw boom;
        },
        async () => {
          ran.push('admin');
        },
      ),
    ).rejects.toBe(boom);
    expect(ran).toEqual(['stores', 'schemas', 'admin']);
  });

  it('gathers several failures into one AggregateError', async () => {
    const error = await releaseAll(
      () => Promise.reject(new Error('a')),
      () => Promise.reject(new Error('b')),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['a', 'b']);
  });

  it('resolves when every step succeeds', async () => {
    await expect(releaseAll(() => undefined, async () => 1)).resolves.toBeUndefined();
  });
});
