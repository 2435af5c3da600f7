import { request, type Agent } from 'node:https';
import { StorageError } from '@alma/types';
import { ADAPTER } from './errors.js';

/**
 * One plain HTTPS request to the account endpoint, before the SDK's first call. The SDK retries an endpoint that
 * never answers (a firewall that drops packets, a wrong host) for minutes, and keeps retrying after `dispose()`, so
 * without this an unreachable account would hang `open()`. Any HTTP answer, 401 included, means reachable: the SDK
 * then reports auth and other errors itself. Rejects with a StorageError within `timeoutMs`.
 */
export function assertReachable(endpoint: string, agent: Agent | undefined, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string, cause?: unknown) => {
      req.destroy();
      reject(
        new StorageError(ADAPTER, `open failed: the account endpoint ${endpoint} ${reason}. Is the endpoint right and reachable?`, {
          ...(cause === undefined ? {} : { cause }),
        }),
      );
    };
    const req = request(endpoint, { method: 'GET', ...(agent ? { agent } : {}), timeout: timeoutMs }, (res) => {
      res.resume();
      resolve();
    });
    req.on('timeout', () => fail(`did not answer within ${timeoutMs} ms (openTimeoutMs)`, new Error('ETIMEDOUT')));
    req.on('error', (error) => fail(`cannot be reached (${(error as NodeJS.ErrnoException).code ?? error.message})`, error));
    req.end();
  });
}
