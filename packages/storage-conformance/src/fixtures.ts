// Builders of valid records (fresh ids from newId) for adapter authors and for the suites.
export * from './fixtures-base.js';
export * from './fixtures-memories.js';
export * from './fixtures-records.js';
