import { basename } from 'node:path';
import { idSchema } from '@alma/types';

/** A project id from the directory name, when it is a valid id. */
export function projectIdFor(dir: string): string {
  const name = basename(dir).trim();
  return name && idSchema.safeParse(name).success && /^[\w.-]+$/.test(name) ? name : 'default';
}

/** The commented `.alma/config.yaml` that `alma init` writes: SQLite, offline embeddings, one example agent. */
export function configTemplate(projectId: string): string {
  return `# ALMA configuration, read by \`alma\`, \`alma-mcp\` and ALMA.fromConfig('.alma/config.yaml').
# \${ENV_VAR} references are replaced by environment variables when the file is loaded.

# Memories of different projects never mix.
project_id: ${projectId}

# Set to true in multi-tenant deployments: every call must then name a tenant (alma ... --tenant <id>).
require_tenant: false

# Where memories, checkpoints and runs live. Adapters: sqlite | postgres | cosmos | memory
# (each is its own package: npm install @alma/storage-sqlite).
storage:
  adapter: sqlite
  options:
    # Relative to the directory you run alma from; created on first use.
    path: .alma/alma.db
# PostgreSQL + pgvector instead (npm install @alma/storage-pg):
# storage:
#   adapter: postgres
#   options:
#     url: \${ALMA_PG_URL}
#     schema: alma
#     embeddingDim: 384
# Azure Cosmos DB instead (npm install @alma/storage-cosmos):
# storage:
#   adapter: cosmos
#   options:
#     endpoint: \${COSMOS_ENDPOINT}
#     key: \${COSMOS_KEY}
#     databaseId: alma

# How text becomes vectors: hashing (offline, the default) | openai | azure | transformers
embedding:
  provider: hashing

# One entry per agent: which domains it may learn, and whose memories it may read.
agents:
  helper:
    domain: coding
    can_learn: [testing, debugging, refactoring]
    cannot_learn: [billing]
    share_with: []
    inherit_from: []
    # Repeats of a successful strategy before it becomes a heuristic.
    min_occurrences_for_heuristic: 3

retrieval:
  default_top_k: 5
  max_context_tokens: 2000

checkpoints:
  # keep-all | delete-run | { keep_last: N }
  on_run_complete: keep-all
`;
}
