import { createHash, randomBytes } from 'node:crypto';
import { MAX_ID_LENGTH } from '@alma/types';

/*
 * How LangGraph's coordinates map onto ALMA checkpoint records (one table, ids unique across the whole store):
 *
 * | ALMA field   | checkpoint record                     | pending-writes record (one per putWrites call)   |
 * |--------------|---------------------------------------|--------------------------------------------------|
 * | id           | lg:[tenant,thread,ns,checkpoint_id]   | lg:[tenant,thread,ns,checkpoint_id,task,nonce]   |
 * | runId        | langgraph:<thread_id>                 | same                                             |
 * | branchId     | [ns,checkpoint_id]                    | same: a checkpoint and its writes share a branch |
 * | nodeId       | checkpoint:<ns>                       | writes:<ns>                                      |
 *
 * Channel blobs (see `blobs.ts`) live in the run `langgraph-blobs:<thread_id>`, id lgb:[tenant,thread,ns,channel,
 * sha256 of the value], node `blob`.
 *
 * The thread is the run (deleteThread is one deleteCheckpoints call), the branch groups a checkpoint with its
 * pending writes (getTuple by id is one indexed listCheckpoints call), and the node tells a checkpoint from writes
 * and carries the namespace (the latest checkpoint of a namespace is one getLatestCheckpoint call).
 * Anything that would not be a valid ALMA id (over 256 characters, control characters) is replaced by the SHA-256
 * of its plain form under a `#` prefix, so every mapping stays injective.
 */

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** `prefix + plain` when that is a valid ALMA id, else `hashPrefix + sha256(plain)`. */
export function boundedId(prefix: string, plain: string, hashPrefix: string): string {
  const id = prefix + plain;
  if (id.length <= MAX_ID_LENGTH && !CONTROL_CHARS.test(id)) return id;
  return hashPrefix + createHash('sha256').update(plain, 'utf8').digest('hex');
}

/** The run holding every record of one LangGraph thread. */
export const threadRunId = (threadId: string): string => boundedId('langgraph:', threadId, 'langgraph#');

/** The run listing a tenant's threads (one record per thread), for `list()` without a thread_id. */
export const threadRegistryRunId = (tenantId: string | undefined): string =>
  tenantId === undefined ? 'langgraph' : boundedId('langgraph~', tenantId, 'langgraph~#');
export const THREAD_REGISTRY_NODE = 'thread';

export const checkpointNodeId = (ns: string): string => boundedId('checkpoint:', ns, 'checkpoint#');
export const writesNodeId = (ns: string): string => boundedId('writes:', ns, 'writes#');

export const checkpointBranchId = (ns: string, checkpointId: string): string =>
  boundedId('', JSON.stringify([ns, checkpointId]), '#');

export const checkpointRecordId = (tenantId: string | undefined, threadId: string, ns: string, checkpointId: string) =>
  boundedId('lg:', JSON.stringify([tenantId ?? null, threadId, ns, checkpointId]), 'lg#');

/** A random per-process prefix plus a counter: write records never collide, across processes too. */
const NONCE_PREFIX = randomBytes(6).toString('hex');
let nonceCounter = 0;
export const nextNonce = (): string => `${NONCE_PREFIX}${(nonceCounter++).toString(36)}`;

export const writesRecordId = (
  tenantId: string | undefined,
  threadId: string,
  ns: string,
  checkpointId: string,
  taskId: string,
  nonce: string
) => boundedId('lg:', JSON.stringify([tenantId ?? null, threadId, ns, checkpointId, taskId, nonce]), 'lg#');

/** The run holding a thread's channel blobs (apart from the thread's run: retention on it never deletes them). */
export const blobRunId = (threadId: string): string => boundedId('langgraph-blobs:', threadId, 'langgraph-blobs#');
export const BLOB_NODE = 'blob';

/** A channel blob, named by its content: the same value of the same channel is stored once per thread. */
export const blobRecordId = (tenantId: string | undefined, threadId: string, ns: string, channel: string, sha256: string) =>
  boundedId('lgb:', JSON.stringify([tenantId ?? null, threadId, ns, channel, sha256]), 'lgb#');

export const threadRegistryRecordId = (tenantId: string | undefined, threadId: string) =>
  boundedId('lg:', JSON.stringify(['thread', tenantId ?? null, threadId]), 'lg#');
