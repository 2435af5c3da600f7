import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';

/**
 * Makes the protocol server check master-key signatures the way the Cosmos DB service does (it checks none by
 * itself), so a wrong key gets the service's 401. The signature is HMAC-SHA256, keyed with the base64-decoded
 * account key, over `verb \n resourceType \n resourceLink \n x-ms-date \n \n` (all lower case but the link), where a
 * path with an even number of segments names a resource (`dbs/a/colls/b`: type `colls`, link the whole path) and an
 * odd one a feed (`dbs/a/colls`: type `colls`, link its parent).
 */
export function requireMasterKey(server: Server, key: string): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (signatureMatches(req, key)) {
      for (const handler of handlers) handler(req, res);
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        code: 'Unauthorized',
        message: "The input authorization token can't serve the request. The wrong key is being used.",
      }),
    );
  });
}

function signatureMatches(req: IncomingMessage, key: string): boolean {
  const auth = decodeURIComponent(String(req.headers['authorization'] ?? ''));
  const sig = /(?:^|&)sig=([^&]+)/.exec(auth)?.[1];
  const date = String(req.headers['x-ms-date'] ?? '');
  if (!sig || !date) return false;
  const segments = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  const feed = segments.length % 2 === 1;
  const type = feed ? (segments.at(-1) as string) : (segments.at(-2) ?? '');
  const link = (feed ? segments.slice(0, -1) : segments).join('/');
  const text = `${(req.method ?? 'GET').toLowerCase()}\n${type.toLowerCase()}\n${link}\n${date.toLowerCase()}\n\n`;
  const expected = createHmac('sha256', Buffer.from(key, 'base64')).update(text).digest();
  const given = Buffer.from(sig, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
