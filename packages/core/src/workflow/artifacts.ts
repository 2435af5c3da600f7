import {
  MEMORY_TYPES,
  newId,
  NotFoundError,
  parseInput,
  toArtifactType,
  validateArtifactRef,
  type ArtifactRef,
  type ScopeFilter,
  type StorageBackend,
} from '@alma/types';
import { linkArtifactInputSchema, type LinkArtifactInput } from '../inputs.js';

/** Is there a memory or workflow outcome with this id in scope? */
async function targetExists(storage: StorageBackend, id: string, scope: ScopeFilter): Promise<boolean> {
  for (const type of MEMORY_TYPES) if (await storage.getMemory(type, id, scope)) return true;
  return (await storage.getWorkflowOutcome(id, scope)) !== undefined;
}

/** Validates, checks the target exists (NotFoundError otherwise — no dangling links), then saves the link. */
export async function linkArtifact(
  storage: StorageBackend,
  now: Date,
  input: LinkArtifactInput,
  scope: ScopeFilter,
): Promise<ArtifactRef> {
  const i = parseInput(linkArtifactInputSchema, input, 'linkArtifact input');
  const link = validateArtifactRef({
    id: newId('art'),
    memoryId: i.memoryId,
    ...(scope.tenantId ? { tenantId: scope.tenantId } : {}),
    artifactType: toArtifactType(i.artifactType),
    storageUrl: i.storageUrl,
    ...(i.filename !== undefined ? { filename: i.filename } : {}),
    ...(i.mimeType !== undefined ? { mimeType: i.mimeType } : {}),
    ...(i.sizeBytes !== undefined ? { sizeBytes: i.sizeBytes } : {}),
    ...(i.checksum !== undefined ? { checksum: i.checksum } : {}),
    metadata: i.metadata ?? {},
    createdAt: now,
  });
  if (!(await targetExists(storage, i.memoryId, scope))) throw new NotFoundError('Memory', i.memoryId);
  await storage.saveArtifactLink(link);
  return link;
}
