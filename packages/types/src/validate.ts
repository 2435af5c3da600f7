import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses `input` with `schema` at a package boundary; on failure throws a ValidationError whose message names
 * every bad field, so the caller can act on it without reading zod's output format.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ValidationError(`Invalid ${what}: ${summary}`, issues, { cause: result.error });
}
