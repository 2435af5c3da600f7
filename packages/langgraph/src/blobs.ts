import type { ChannelVersions, Checkpoint, SerializerProtocol } from '@langchain/langgraph-checkpoint';
import {
  BoundedLru,
  ConflictError,
  StorageError,
  type NewCheckpoint,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import { decodeText, encodeValue, type Encoded, type Encoding } from './codec.js';
import type { Coordinates } from './config.js';
import { blobRecordId, blobRunId, BLOB_NODE } from './keys.js';
import { storedText } from './records.js';

/*
 * Channel blobs: a channel value of at least BLOB_MIN_BYTES that a checkpoint carries over unchanged from its parent
 * is stored once, content-addressed, as a record of the thread's blob run, and the checkpoint record names it
 * instead of holding it. A large document or tool output that sits in the state for many steps is then written
 * once, not once per step (what LangGraph's PostgresSaver does with its blobs table). Values that change every step
 * stay inline: a blob would cost them an extra write per step.
 *
 * The blob run is not the thread's run, so ALMA retention on the thread (keepLast, olderThan) never deletes a blob a
 * kept checkpoint needs; deleteThread deletes both. Blob records never change (the id names the content), so the
 * saver caches them.
 */

/** Serialised size from which an unchanged channel value becomes a blob. */
export const BLOB_MIN_BYTES = 8 * 1024;
/** Checkpoints whose channel places the saver remembers (the parents of the next puts). */
const MAX_REMEMBERED_CHECKPOINTS = 1024;
/** Blob texts cached, in UTF-16 code units (about twice that in bytes). */
const MAX_CACHED_BLOB_CHARS = 32 * 1024 * 1024;

/** Where one channel value of a checkpoint lives: in a blob, or inline (`small` once measured below the limit). */
export interface ChannelPlace {
  readonly version: string | number;
  readonly blobId?: string;
  readonly small?: boolean;
}

/** What a blob record's `metadata.langgraph` holds; `state` is the serialised channel value. */
export interface BlobInfo {
  readonly kind: 'blob';
  readonly thread_id: string;
  readonly checkpoint_ns: string;
  readonly channel: string;
  readonly encoding: Encoding;
}

interface CachedBlob {
  readonly encoding: Encoding;
  readonly text: string;
}

/** A blob record to write, with the encoding its value was serialised with. */
interface PendingBlob {
  readonly record: NewCheckpoint & { id: string };
  readonly encoding: Encoding;
}

/**
 * The checkpoint to serialise (blob channels left out), the blobs it names, the new blobs to write before it (see
 * `store`), and the places to remember.
 */
export interface SplitCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly blobs: Readonly<Record<string, string>>;
  readonly pending: readonly PendingBlob[];
  readonly places: ReadonlyMap<string, ChannelPlace>;
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
/** Only strings and objects can reach BLOB_MIN_BYTES; numbers, booleans, null and undefined are never measured. */
const mayBeLarge = (value: unknown): boolean =>
  (typeof value === 'string' && value.length * 3 >= BLOB_MIN_BYTES) || (typeof value === 'object' && value !== null);

export function blobInfoOf(metadata: Record<string, unknown>): BlobInfo | undefined {
  const info = metadata['langgraph'] as Record<string, unknown> | null | undefined;
  if (info === null || typeof info !== 'object' || info['kind'] !== 'blob' || typeof info['encoding'] !== 'string') {
    return undefined;
  }
  return info as unknown as BlobInfo;
}

/** The blob record of one serialised channel value, named by its content (the SHA-256 of its stored text). */
export function blobRecord(
  tenantId: string | undefined,
  at: Coordinates,
  channel: string,
  value: Encoded,
): NewCheckpoint {
  const info: BlobInfo = { kind: 'blob', thread_id: at.threadId, checkpoint_ns: at.ns, channel, encoding: value.encoding };
  const stored = storedText(value);
  return {
    id: blobRecordId(tenantId, at.threadId, at.ns, channel, stored.stateHash),
    ...(tenantId === undefined ? {} : { tenantId }),
    runId: blobRunId(at.threadId),
    nodeId: BLOB_NODE,
    ...stored,
    metadata: { langgraph: info },
  };
}

/** The saver's channel blobs: splitting a checkpoint on write, restoring its channels on read. */
export class ChannelBlobs {
  private readonly places = new BoundedLru<ReadonlyMap<string, ChannelPlace>>({
    maxEntries: MAX_REMEMBERED_CHECKPOINTS,
    maxWeight: MAX_REMEMBERED_CHECKPOINTS,
    weigh: () => 1,
  });
  private readonly cache = new BoundedLru<CachedBlob>({
    maxEntries: Number.MAX_SAFE_INTEGER,
    maxWeight: MAX_CACHED_BLOB_CHARS,
    weigh: (blob) => blob.text.length,
  });

  constructor(
    private readonly storage: StorageBackend,
    private readonly tenantId: string | undefined,
    private readonly scope: ScopeFilter,
    private readonly serde: () => SerializerProtocol,
    private readonly checkSize: (record: NewCheckpoint) => void,
  ) {}

  /**
   * Takes the blob channels out of `stored`. A channel not in `newVersions` whose parent (`parentRecordId`, when
   * remembered) had it at the same version in a blob names that blob without serialising it again. One not yet
   * measured is serialised alone, and becomes a new blob when large enough. Writes nothing: every size check is done
   * before `store` writes the new blobs.
   */
  async split(
    stored: Checkpoint,
    newVersions: ChannelVersions,
    parentRecordId: string | undefined,
    at: Coordinates,
  ): Promise<SplitCheckpoint> {
    const parent = parentRecordId === undefined ? undefined : this.places.get(parentRecordId);
    const inline: Record<string, unknown> = {};
    const blobs: Record<string, string> = {};
    const pending: PendingBlob[] = [];
    const places = new Map<string, ChannelPlace>();
    for (const [channel, value] of Object.entries(stored.channel_values)) {
      const version = stored.channel_versions[channel];
      const unchanged = version !== undefined && !hasOwn(newVersions, channel);
      const known = parent?.get(channel);
      const same = unchanged && known !== undefined && known.version === version ? known : undefined;
      if (same?.blobId !== undefined) {
        blobs[channel] = same.blobId;
        places.set(channel, same);
        continue;
      }
      inline[channel] = value;
      if (version === undefined) continue;
      if (!unchanged || same?.small) {
        places.set(channel, same ?? { version });
        continue;
      }
      if (!mayBeLarge(value)) {
        places.set(channel, { version, small: true });
        continue;
      }
      const encoded = await encodeValue(this.serde(), value);
      if (encoded.bytes.byteLength < BLOB_MIN_BYTES) {
        places.set(channel, { version, small: true });
        continue;
      }
      const record = blobRecord(this.tenantId, at, channel, encoded) as PendingBlob['record'];
      this.checkSize(record);
      pending.push({ record, encoding: encoded.encoding });
      blobs[channel] = record.id;
      delete inline[channel];
      places.set(channel, { version, blobId: record.id });
    }
    const checkpoint = Object.keys(blobs).length === 0 ? stored : { ...stored, channel_values: inline };
    return { checkpoint, blobs, pending, places };
  }

  /** Writes the new blobs of a split, before the checkpoint that names them (a crash leaves an unnamed blob). */
  async store(pending: readonly PendingBlob[]): Promise<void> {
    for (const { record, encoding } of pending) {
      try {
        await this.storage.saveCheckpoint(record);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // stored before: same id, same content
      }
      this.cache.set(record.id, { encoding, text: record.state });
    }
  }

  /** Remembers where the channels of a checkpoint the saver wrote or read live (its children may name its blobs). */
  remember(recordId: string, places: ReadonlyMap<string, ChannelPlace>): void {
    this.places.set(recordId, places);
  }

  /**
   * Puts the blob channels back into a read checkpoint and remembers its channel places (a put continuing from it
   * then names the same blobs). Throws StorageError when a named blob is not in the store.
   */
  async restore(recordId: string, checkpoint: Checkpoint, blobs: Readonly<Record<string, string>> | undefined, what: string) {
    if (blobs === undefined) return; // nothing to restore; inline channels need no remembered place
    const values = (checkpoint.channel_values ??= {});
    const versions = checkpoint.channel_versions ?? {};
    const places = new Map<string, ChannelPlace>();
    const named = Object.entries(blobs);
    await Promise.all(
      named.map(async ([channel, blobId]) => {
        const blob = await this.read(blobId, channel, what);
        values[channel] = await decodeText(this.serde(), blob.encoding, blob.text, `channel '${channel}' of ${what}`);
      }),
    );
    for (const channel of Object.keys(values)) {
      const version = versions[channel];
      if (version === undefined) continue;
      const blobId = blobs[channel];
      places.set(channel, blobId === undefined ? { version } : { version, blobId });
    }
    this.places.set(recordId, places);
  }

  /** Deletes a thread's blobs and forgets everything remembered (a reused thread id must not see old blobs). */
  async deleteThread(threadId: string): Promise<void> {
    this.places.clear();
    this.cache.clear();
    await this.storage.deleteCheckpoints(blobRunId(threadId), this.scope, { keepLast: 0 });
  }

  private async read(blobId: string, channel: string, what: string): Promise<CachedBlob> {
    const cached = this.cache.get(blobId);
    if (cached !== undefined) return cached;
    const record = await this.storage.getCheckpoint(blobId, this.scope);
    const info = record === undefined ? undefined : blobInfoOf(record.metadata);
    if (record === undefined || info === undefined) {
      throw new StorageError(
        'langgraph',
        `Cannot restore ${what}: its channel '${channel}' is stored in blob '${blobId}', which is not in the store ` +
          "(the thread's blob run was deleted outside deleteThread?).",
      );
    }
    const blob = { encoding: info.encoding, text: record.state };
    this.cache.set(blobId, blob);
    return blob;
  }
}
