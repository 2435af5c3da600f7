// Runs LangGraph's checkpointer conformance suite (@langchain/langgraph-checkpoint-validation), which is written
// for vitest (globals, expect.soft). Unit tests run under jest (jest.config.cjs). Sibling @alma packages resolve
// to their TypeScript sources, so no build is needed first.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  resolve: {
    alias: [{ find: /^@alma\/([a-z0-9-]+)$/, replacement: `${packagesDir}/$1/src/index.ts` }],
  },
  test: {
    globals: true,
    include: ['src/**/*.validation.spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
