export { GraphMemory, type GraphNeighbourhood } from './graph-memory.js';
export { overlaps } from './overlaps.js';
export type { AddEntityInput, AddRelationshipInput, FindEntitiesInput, InvalidateOptions, NeighboursOptions, RelationshipsQueryInput } from './inputs.js';
