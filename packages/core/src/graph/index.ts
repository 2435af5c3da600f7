export { GraphMemory, type GraphNeighbourhood } from './graph-memory.js';
export { expandFrontier, overlaps } from './traverse.js';
export type { AddEntityInput, AddRelationshipInput, FindEntitiesInput, InvalidateOptions, NeighboursOptions, RelationshipsQueryInput } from './inputs.js';
