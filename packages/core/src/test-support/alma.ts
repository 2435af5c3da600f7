import { MemoryStorage } from '@alma/storage-memory';
import { ALMA } from '../alma.js';
import type { AlmaOptions } from '../options.js';

/** An ALMA over a fresh in-memory store with a controllable clock. */
export function makeAlma(options: Partial<AlmaOptions> = {}): { alma: ALMA; storage: MemoryStorage; clock: { now: Date } } {
  const clock = { now: new Date('2026-06-01T12:00:00.000Z') };
  const storage = new MemoryStorage({ now: () => clock.now });
  const alma = new ALMA({ storage, projectId: 'shop', now: () => clock.now, ...options });
  return { alma, storage, clock };
}
