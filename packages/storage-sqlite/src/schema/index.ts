export * from './memory-tables.js';
export * from './workflow-tables.js';
export * from './extra-tables.js';
