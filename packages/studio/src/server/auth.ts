import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { isLoopback } from '../options.js';
import { StudioError } from './errors.js';
import { rawQuery } from './query.js';

export const COOKIE = 'alma_studio_token';

const sameToken = (given: string, token: Buffer): boolean => {
  const g = Buffer.from(given);
  return g.length === token.length && timingSafeEqual(g, token);
};

/** "[::1]:8780" -> "[::1]", "localhost:8780" -> "localhost". */
const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? ''));

function cookieOf(c: Context, name: string): string | undefined {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * Who may ask. Bound to loopback, a request must name a loopback Host (a web page cannot reach the studio through
 * DNS rebinding). With a token, a request carries `Authorization: Bearer <token>` or the cookie that opening the
 * printed URL (`?token=<token>`) sets; the URL is then reloaded without the token. Writes also need the
 * `x-alma-studio` header, which a cross-site form or image cannot send.
 */
export function guard(host: string, token: string | undefined): MiddlewareHandler {
  const secret = token === undefined ? undefined : Buffer.from(token);
  const loopback = isLoopback(host);
  return async (c, next) => {
    if (loopback && !isLoopback(hostnameOf(c.req.header('host') ?? ''))) {
      throw new StudioError(403, 'FORBIDDEN_HOST', 'Forbidden Host header: this studio answers only requests to 127.0.0.1 / localhost (DNS rebinding protection).');
    }
    if (secret) {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const cookie = cookieOf(c, COOKIE);
      if (!(bearer && sameToken(bearer, secret)) && !(cookie && sameToken(cookie, secret))) {
        const fromUrl = c.req.method === 'GET' ? rawQuery(c.req.url)['token'] : undefined;
        if (fromUrl !== undefined && sameToken(fromUrl, secret)) {
          const url = new URL(c.req.url);
          url.searchParams.delete('token');
          c.header('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
          return c.redirect(`${url.pathname}${url.search}`, 303);
        }
        throw new StudioError(
          401, 'UNAUTHORIZED', 'This studio needs its token: open the URL `alma studio` printed (it carries ?token=…) or send Authorization: Bearer <token>.',
          undefined, { 'www-authenticate': 'Bearer realm="alma-studio"' },
        );
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header('x-alma-studio') !== '1') {
      throw new StudioError(403, 'FORBIDDEN', 'Writes need the header x-alma-studio: 1 (sent by the studio page; refused from other sites).');
    }
    await next();
  };
}
