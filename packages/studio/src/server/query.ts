import { idSchema, parseInput, ValidationError } from '@alma/types';
import { z } from 'zod';

/**
 * The query string of a URL as a map, strictly: malformed percent-encoding and a parameter given twice are
 * ValidationErrors (a typo should fail loudly, not widen a filter). Empty values count as absent.
 */
export function rawQuery(url: string): Record<string, string> {
  const at = url.indexOf('?');
  const text = at < 0 ? '' : url.slice(at + 1).split('#')[0] ?? '';
  const out: Record<string, string> = {};
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (Object.hasOwn(out, key)) {
      throw new ValidationError(`Malformed query string: '${key}' is given twice.`, [{ path: key, message: 'given twice' }]);
    }
    if (value !== '') out[key] = value;
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw new ValidationError(`Malformed query string: '${shown}' is not valid percent-encoding.`, [
      { path: 'query', message: 'malformed percent-encoding' },
    ]);
  }
}

/**
 * Validates a query string against a strict schema; unknown parameters are named with the ones allowed. `what` names
 * the page or call, e.g. 'memory list' ("Invalid memory list query: limit: must be a whole number").
 */
export function parseQuery<S extends z.ZodObject>(url: string, schema: S, what: string): z.output<S> {
  const query = rawQuery(url);
  const allowed = Object.keys(schema.shape);
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} for the ${what}` +
        (allowed.length ? `; allowed: ${allowed.join(', ')}.` : '; it takes none.'),
      unknown.map((k) => ({ path: k, message: 'unknown parameter' })),
    );
  }
  return parseInput(schema, query, `${what} query`);
}

/** An integer parameter in [min, max]. */
export const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A number parameter in [min, max]. */
export const numberParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** `1`/`true` or `0`/`false`. */
export const flagParam = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** An ISO 8601 instant. */
export const timeParam = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time')
  .transform((v) => new Date(v));

export { idSchema as idParam };
