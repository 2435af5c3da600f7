import { and, asc, eq } from 'drizzle-orm';
import { validateArtifactRef, type ArtifactRef, type ScopeFilter } from '@alma/types';
import type { Connection } from '../connection.js';
import { guard } from '../errors.js';
import { artifactLinkFromRow, artifactLinkToRow } from '../mappers/workflow.js';
import { artifactLinks } from '../schema/index.js';
import { checkScope, tenantConditions } from '../scope-sql.js';

export function saveArtifactLink(conn: Connection, input: ArtifactRef): string {
  const link = validateArtifactRef(input);
  return guard(
    'Saving artifact link',
    () => {
      conn.db.insert(artifactLinks).values(artifactLinkToRow(link)).run();
      return link.id;
    },
    { kind: 'artifact link', id: link.id },
  );
}

/** Oldest first (createdAt, then id). */
export function getArtifactLinks(conn: Connection, memoryId: string, scope: ScopeFilter): ArtifactRef[] {
  checkScope(scope);
  return guard('Reading artifact links', () =>
    conn.db
      .select()
      .from(artifactLinks)
      .where(and(eq(artifactLinks.memoryId, memoryId), ...tenantConditions(artifactLinks.tenantId, scope)))
      .orderBy(asc(artifactLinks.createdAt), asc(artifactLinks.id))
      .all()
      .map(artifactLinkFromRow),
  );
}

export function deleteArtifactLink(conn: Connection, id: string, scope: ScopeFilter): boolean {
  checkScope(scope);
  return guard(
    'Deleting artifact link',
    () =>
      conn.db
        .delete(artifactLinks)
        .where(and(eq(artifactLinks.id, id), ...tenantConditions(artifactLinks.tenantId, scope)))
        .run().changes > 0,
  );
}
