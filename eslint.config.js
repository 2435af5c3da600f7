// Lint for every package. The module-boundary rule is the enforcement of our dependency direction:
// types -> reducers -> checkpoint/retrieval -> core -> storage adapters / mcp; adapters never import each other,
// the SQL adapters share their common logic through storage-sql (types only).
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/coverage', '**/node_modules', '**/*.cjs', '**/*.js'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:types', onlyDependOnLibsWithTags: ['layer:types'] },
            { sourceTag: 'layer:reducers', onlyDependOnLibsWithTags: ['layer:types'] },
            { sourceTag: 'layer:reference', onlyDependOnLibsWithTags: ['layer:types'] },
            // The logic the SQL adapters share (row mappers, scope conditions, migration status, export paging).
            { sourceTag: 'layer:sql', onlyDependOnLibsWithTags: ['layer:types'] },
            { sourceTag: 'layer:engine', onlyDependOnLibsWithTags: ['layer:types', 'layer:reducers', 'layer:reference'] },
            { sourceTag: 'layer:testing', onlyDependOnLibsWithTags: ['layer:types', 'layer:reducers', 'layer:engine', 'layer:reference'] },
            {
              sourceTag: 'layer:core',
              onlyDependOnLibsWithTags: ['layer:types', 'layer:reducers', 'layer:engine', 'layer:reference', 'layer:testing'],
            },
            {
              sourceTag: 'layer:adapter',
              onlyDependOnLibsWithTags: ['layer:types', 'layer:reducers', 'layer:engine', 'layer:core', 'layer:testing', 'layer:sql'],
            },
            {
              sourceTag: 'layer:app',
              onlyDependOnLibsWithTags: [
                'layer:types', 'layer:reducers', 'layer:reference', 'layer:engine', 'layer:core', 'layer:adapter',
                'layer:testing', 'layer:sql',
              ],
            },
            {
              // Private tools (the bench) measure the apps too, e.g. @alma/langgraph against LangGraph's savers.
              sourceTag: 'layer:tool',
              onlyDependOnLibsWithTags: [
                'layer:types', 'layer:reducers', 'layer:reference', 'layer:engine', 'layer:core', 'layer:adapter',
                'layer:testing', 'layer:sql', 'layer:app',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
];
