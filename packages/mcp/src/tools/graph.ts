import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { id, record } from '../schemas.js';
import { defineTool, CHANGES, DELETES, READ_ONLY, WRITES, WRITES_IDEMPOTENT, type ToolDeps } from './define.js';

const type = (what: string) => z.string().trim().min(1).max(128).describe(what);
const instant = (what: string) => z.iso.datetime({ offset: true }).describe(`${what} (ISO 8601 date-time).`);
const properties = z.record(z.string(), z.unknown()).describe('Free-form JSON properties.');
/** Most entities a neighbourhood or search returns. */
const MAX_ENTITIES = 200;

/** alma_graph_add_entity, _add_relationship, _find_entities, _neighbours, _invalidate_relationship, _delete_entity. */
export function registerGraphTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding } = deps;
  const context = () => bindContext(binding);

  defineTool(server, deps, {
    name: 'alma_graph_add_entity',
    title: 'Add a graph entity',
    description: 'Adds an entity (person, project, service ...); an entity with the same name (any case) and type is reused.',
    input: { name: z.string().trim().min(1).max(1000), entityType: type('e.g. person, project, service.'), properties: properties.optional() },
    output: { entity: record, created: z.boolean() },
    annotations: WRITES_IDEMPOTENT,
  }, async (input) => ({ ...(await alma.graph.addEntity({ ...input, context: context() })) }));

  defineTool(server, deps, {
    name: 'alma_graph_add_relationship',
    title: 'Add a graph relationship',
    description:
      'Adds a directed, typed edge between two existing entities, optionally valid only from/until an instant. ' +
      'The same edge with an overlapping validity is not stored twice.',
    input: {
      sourceId: id('Source entity id.'),
      targetId: id('Target entity id.'),
      relationType: type('e.g. works_on, depends_on.'),
      properties: properties.optional(),
      confidence: z.number().min(0).max(1).optional(),
      validFrom: instant('Valid from').optional(),
      validTo: instant('Valid until (exclusive)').optional(),
    },
    output: { relationship: record, created: z.boolean() },
    annotations: WRITES,
  }, async ({ validFrom, validTo, ...input }) => ({
    ...(await alma.graph.addRelationship({
      ...input,
      ...(validFrom !== undefined ? { validFrom: new Date(validFrom) } : {}),
      ...(validTo !== undefined ? { validTo: new Date(validTo) } : {}),
      context: context(),
    })),
  }));

  defineTool(server, deps, {
    name: 'alma_graph_find_entities',
    title: 'Find graph entities',
    description: 'Entities by name (any case) and/or type, oldest first.',
    input: {
      name: z.string().trim().min(1).max(1000).optional(),
      entityType: type('Only this type.').optional(),
      limit: z.number().int().min(1).max(MAX_ENTITIES).default(50),
    },
    output: { entities: z.array(record) },
    annotations: READ_ONLY,
  }, async (query) => ({ entities: await alma.graph.findEntities({ ...query, context: context() }) }));

  defineTool(server, deps, {
    name: 'alma_graph_neighbours',
    title: "An entity's neighbourhood",
    description: 'Entities within `hops` edges of an entity (edges valid at `asOf`, default now), nearest first, with the edges that connect them.',
    input: {
      entityId: id('The root entity.'),
      hops: z.number().int().min(1).max(5).default(1),
      direction: z.enum(['out', 'in', 'both']).default('both'),
      relationTypes: z.array(type('A relation type.')).max(50).optional(),
      asOf: instant('Only edges valid at').optional(),
      maxEntities: z.number().int().min(1).max(MAX_ENTITIES).default(50),
    },
    output: {
      root: record,
      entities: z.array(z.object({ entity: record, depth: z.number().int() })),
      relationships: z.array(record),
      truncated: z.boolean(),
    },
    annotations: READ_ONLY,
  }, async ({ entityId, asOf, ...options }) => {
    const n = await alma.graph.neighbours(entityId, { ...options, ...(asOf !== undefined ? { asOf: new Date(asOf) } : {}), context: context() });
    return { root: n.root, entities: n.entities, relationships: n.relationships, truncated: n.truncated };
  });

  defineTool(server, deps, {
    name: 'alma_graph_invalidate_relationship',
    title: 'End a relationship',
    description: "Ends a relationship's validity at an instant (default now) instead of deleting it; history stays queryable.",
    input: { id: id('The relationship id.'), at: instant('End at').optional() },
    output: { relationship: record },
    annotations: CHANGES,
  }, async ({ id: relId, at }) => ({
    relationship: await alma.graph.invalidateRelationship(relId, { ...(at !== undefined ? { at: new Date(at) } : {}), context: context() }),
  }));

  defineTool(server, deps, {
    name: 'alma_graph_delete_entity',
    title: 'Delete a graph entity',
    description: 'Deletes an entity and every relationship touching it.',
    input: { id: id('The entity id.') },
    output: { id: z.string(), deleted: z.boolean() },
    annotations: DELETES,
  }, async ({ id: entityId }) => ({ id: entityId, deleted: await alma.graph.deleteEntity(entityId, { context: context() }) }));
}
