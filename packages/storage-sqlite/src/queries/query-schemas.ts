// The query argument schemas live in @alma/types; queries import them from there. What is left here is for
// queries/memories.ts until it does the same.
export { memoryDeleteSchema, memoryQuerySchema, parseInput as parseQuery, statsQuerySchema } from '@alma/types';
