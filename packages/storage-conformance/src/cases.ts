/**
 * Every conformance case, by stable id. The id is what an adapter names in `skip`; the title is what jest prints.
 * Ids never change meaning: a new check gets a new id.
 */
export const CASE_TITLES = {
  // lifecycle
  'lifecycle.capabilities': 'declares its capabilities (name, vectorSearch, transactions, multiProcess)',
  'lifecycle.fresh-store-is-empty': 'createStorage returns an empty, isolated store on every call',
  'lifecycle.close-idempotent': 'close() may be called twice',
  // memories
  'memories.round-trip': 'saves and reads back every memory type, every field, verbatim',
  'memories.round-trip-minimal': 'optional fields left out stay absent; metadata defaults round-trip',
  'memories.get-missing': 'getMemory returns undefined for an unknown id and for an id of another type',
  'memories.query-order': 'queryMemories without embedding: newest first by the type time field, ties by id ascending',
  'memories.query-top-k': 'queryMemories returns topK records (default 5)',
  'memories.query-project-agents': 'queryMemories filters by projectId and agents',
  'memories.query-type-filters':
    'queryMemories filters: minConfidence, taskType, successOnly, domain, userId, category',
  'memories.no-shared-references': 'mutating a saved input or a returned record does not change the store',
  'memories.delete': 'deleteMemory removes one record of one type and reports whether it existed',
  // batch and updates
  'batch.save-memories': 'saveMemories saves every record and returns the ids in input order',
  'batch.save-memories-empty': 'saveMemories of an empty list returns an empty list',
  'batch.save-memories-invalid': 'saveMemories with one invalid record throws ValidationError and writes nothing',
  'batch.save-memories-conflict':
    'saveMemories with a duplicate id throws ConflictError (nothing written if transactional)',
  'updates.update-memory': 'updateMemory patches the given fields only, for every type',
  'updates.update-memory-embedding': 'updateMemory of the embedding changes similarity results',
  'updates.increment-heuristic': 'incrementHeuristicOccurrence counts occurrences and successes and sets lastValidated',
  'updates.increment-heuristic-concurrent': 'concurrent incrementHeuristicOccurrence calls are atomic',
  // scoping
  'scoping.memories-levels': 'memory reads narrow by tenant, workflow, run and node',
  'scoping.memory-writes-levels': 'updates and deletes by id respect a narrower scope',
  'scoping.checkpoints-levels': 'checkpoint reads narrow by workflow, node and branch',
  'scoping.workflow-outcomes-levels':
    'workflow outcome reads narrow by workflow and run; a node filter leaves them out',
  'scoping.tenant-only-records': 'artifact, session, work item and graph reads use only the tenant part of the filter',
  'scoping.stats-and-deletes-levels': 'getStats and deleteMemories narrow by workflow and run',
  // tenant isolation
  'tenant-isolation.memory-reads': 'getMemory and queryMemories never cross tenants, at any scope',
  'tenant-isolation.vector-reads': 'similarity queries never cross tenants, at any scope',
  'tenant-isolation.stats': 'getStats counts only the caller tenant',
  'tenant-isolation.checkpoint-reads': 'checkpoint reads never cross tenants, even on a shared run id',
  'tenant-isolation.workflow-outcome-reads': 'workflow outcome reads never cross tenants',
  'tenant-isolation.artifact-reads': 'getArtifactLinks never crosses tenants',
  'tenant-isolation.session-and-progress-reads': 'session handoff and work item reads never cross tenants',
  'tenant-isolation.graph-reads': 'entity and relationship reads never cross tenants',
  'tenant-isolation.memory-writes': 'memory updates and deletes never touch another tenant',
  'tenant-isolation.record-writes':
    'checkpoint, outcome, artifact, session, work item and graph writes never cross tenants',
  'tenant-isolation.all-tenants-admin': 'allTenants reads see every tenant and tenant-less data',
  // vectors
  'vectors.order-and-similarity': 'similarity queries order by cosine similarity and report it',
  'vectors.cosine-not-dot-product': 'similarity is cosine: vector length does not change the ranking',
  'vectors.without-embedding-left-out': 'records without an embedding are left out of similarity queries',
  'vectors.other-dimension-left-out':
    'an embedding of another dimension is refused at write, or stored and left out of other-dimension queries',
  'vectors.top-k': 'similarity queries return the topK best (default 5)',
  'vectors.tie-break': 'equal similarity breaks ties by id ascending',
  'vectors.filters-combined': 'agents, minConfidence, taskType, successOnly and domain combine with similarity',
  // checkpoints
  'checkpoints.round-trip': 'saveCheckpoint returns the stored record with seq 1; getCheckpoint reads it back',
  'checkpoints.created-at-default': 'saveCheckpoint without createdAt stamps the current time',
  'checkpoints.seq-per-run': 'seq starts at 1 and increases by 1 per run',
  'checkpoints.latest': 'getLatestCheckpoint returns the highest seq of the run or of scope.branchId',
  'checkpoints.latest-per-branch': 'getLatestCheckpointPerBranch returns one checkpoint per branch, by seq ascending',
  'checkpoints.list': 'listCheckpoints lists by seq ascending, filtered by branch, limited (default 100)',
  'checkpoints.list-cursor-paging': 'listCheckpoints pages with afterSeq and limit without gaps or repeats',
  'checkpoints.delete-run': 'deleteCheckpoints without options deletes the whole run only',
  'checkpoints.delete-keep-last': 'deleteCheckpoints keepLast keeps the N highest seqs',
  'checkpoints.delete-older-than': 'deleteCheckpoints olderThan deletes the older checkpoints of the run',
  'checkpoints.delete-older-than-all-runs': 'deleteCheckpointsOlderThan deletes across every run in scope',
  'checkpoints.seq-after-delete': 'after keepLast the next seq continues above the highest kept',
  // checkpoint concurrency
  'checkpoints.concurrent-seq': '60 concurrent saveCheckpoint calls on one run get seqs 1..60 exactly',
  'checkpoints.concurrent-interleaved-runs': 'concurrent writers on interleaved runs get 1..N per run',
  'checkpoints.concurrent-branches': 'concurrent writers on several branches share the run seq without duplicates',
  // cleanup
  'cleanup.memories-older-than': 'deleteMemories olderThan uses each type time field',
  'cleanup.memories-below-confidence': 'deleteMemories belowConfidence deletes confidence < threshold',
  'cleanup.memories-combined-filters':
    'deleteMemories with olderThan and belowConfidence deletes records matching both',
  'cleanup.memories-project-agent': 'deleteMemories is limited to its projectId and agent',
  // workflow outcomes
  'workflow-outcomes.round-trip': 'saveWorkflowOutcome and getWorkflowOutcome round-trip every field',
  'workflow-outcomes.get-missing-and-delete': 'unknown ids read as undefined; deleteWorkflowOutcome reports existence',
  'workflow-outcomes.query-filters': 'queryWorkflowOutcomes filters by project, agents, workflowId and result',
  'workflow-outcomes.query-order-top-k': 'queryWorkflowOutcomes: newest createdAt first, ties by id, topK (default 10)',
  'workflow-outcomes.similarity': 'queryWorkflowOutcomes with embedding orders by cosine similarity',
  // artifacts
  'artifacts.round-trip-order': 'artifact links round-trip every field, oldest first',
  'artifacts.delete-link': 'deleteArtifactLink removes one link and reports existence',
  'artifacts.delete-memory-cascades': 'deleteMemory deletes the memory artifact links only',
  'artifacts.delete-memories-cascades': 'deleteMemories deletes the artifact links of the deleted memories',
  // sessions
  'sessions.round-trip': 'session handoffs round-trip every field',
  'sessions.list-order-filters-limit': 'listSessionHandoffs: newest first, by project and agent, limit (default 50)',
  'sessions.update': 'updateSessionHandoff patches the given fields only',
  'sessions.delete': 'deleteSessionHandoffs deletes by project and agent and returns the count',
  // progress
  'progress.round-trip': 'work items round-trip every field',
  'progress.list-order-filters': 'listWorkItems: oldest first, by project, agent and status',
  'progress.update': 'updateWorkItem patches the given fields only',
  'progress.delete': 'deleteWorkItem removes one item and reports existence',
  // graph
  'graph.entity-round-trip': 'entities round-trip every field',
  'graph.query-entities': 'queryEntities: case-insensitive exact name, entityType, limit, oldest first',
  'graph.relationship-round-trip': 'relationships round-trip every field',
  'graph.query-relationships': 'queryRelationships by entity ids and direction, relationType, limit, oldest first',
  'graph.relationships-as-of': 'asOf keeps relationships valid at the instant (validFrom inclusive, validTo exclusive)',
  'graph.delete-entity-cascades': 'deleteEntity deletes every relationship touching the entity',
  'graph.delete-relationship': 'deleteRelationship removes one relationship and reports existence',
  // graph traversal (traverseGraph where the store has it, always checked against walkGraph)
  'graph-traversal.hops': 'neighbours to 1, 2, 3 and 10 hops on a graph with a cycle, each at its fewest hops',
  'graph-traversal.directions': "direction 'out', 'in' and 'both'",
  'graph-traversal.relation-types': 'relationTypes keeps only those types, matched literally; [] matches no edge',
  'graph-traversal.as-of': 'asOf walks only edges valid at the instant (expired and future ones left out); none walks all',
  'graph-traversal.max-entities': 'maxEntities keeps the first entities by depth then id and reports truncated',
  'graph-traversal.tenant-isolation': "another tenant's entities and edges are invisible; its root reads as undefined",
  'graph-traversal.project-isolation': "another project's entities and edges are invisible; its root reads as undefined",
  'graph-traversal.bad-input': 'a bad traversal query is rejected with ValidationError; hostile root ids find nothing',
  // stats
  'stats.empty': 'getStats of an empty project counts zero',
  'stats.counts': 'getStats counts each memory type, workflow outcomes and the total',
  'stats.agent-and-project': 'getStats narrows by projectId and agent',
  // bad input
  'bad-input.invalid-memories':
    'saveMemory rejects invalid records of every type with ValidationError, writing nothing',
  'bad-input.invalid-records': 'every other save* rejects invalid records with ValidationError, writing nothing',
  'bad-input.invalid-patches': 'update* rejects patches that would make a record invalid',
  'bad-input.malformed-ids': 'empty, over-long and control-character ids are rejected with ValidationError',
  'bad-input.oversized-fields': 'text, embedding and URL fields over their limits are rejected',
  'bad-input.duplicate-ids': 'every save* rejects a duplicate id with ConflictError and keeps the original',
  'bad-input.injection-strings-round-trip': 'quotes, SQL/NoSQL syntax, unicode and emoji round-trip verbatim',
  'bad-input.injection-strings-in-filters': 'injection-shaped filter values match literally and never widen a read',
  'bad-input.long-text-round-trip': 'text at the maximum length round-trips verbatim',
  'bad-input.invalid-scope-filter': 'a read with an invalid ScopeFilter is rejected with ValidationError',
  'bad-input.nul-character': 'U+0000 in text round-trips or is refused with ValidationError, writing nothing',
  // run catalog
  'runs.summary': 'getRun sums checkpoints, sizes, branches and times of a run; status starts as running',
  'runs.list-order-cursor': 'listRuns is newest first and cursor-paginated without gaps or repeats',
  'runs.filters': 'listRuns filters by workflowId, agent, status and metadata',
  'runs.update': 'updateRun sets status, agent and metadata; unknown runs and bad patches are refused',
  'runs.tenant-isolation': 'runs are tenant-isolated for getRun, listRuns and updateRun',
  'runs.follow-deletes': 'the summary follows retention deletes; latestSeq never goes back',
  // checkpoints, v2
  'checkpoints.expected-latest': 'expectedLatestId: a write continuing from a stale tip is refused and stores nothing',
  'checkpoints.expected-latest-concurrent': 'expectedLatestId: of concurrent writers continuing from one tip, one wins',
  'checkpoints.tombstone': 'deleting a whole run tombstones it: late writes are refused, the catalog forgets it',
  'checkpoints.main-line': 'branchId null selects the main line in listCheckpoints and getLatestCheckpoint',
  'checkpoints.encoding-round-trip': 'encoding round-trips: delta stays delta, absent stays absent',
  'checkpoints.delta-reconstruction':
    'CheckpointManager deltas: random writes on three branches read back exactly through a fresh manager',
  // portability
  'portability.export-everything': 'exportRecords yields every record of every tenant, checkpoints in run/seq order',
  'portability.restore-checkpoint': 'restoreCheckpoint keeps id, seq and time; a taken seq is a ConflictError',
  'portability.round-trip': 'export from one store and replay into another gives the same export',
} as const satisfies Record<string, string>;

export type CaseId = keyof typeof CASE_TITLES;

/** Every case id, in registration order. */
export const CONFORMANCE_CASES: readonly CaseId[] = Object.freeze(Object.keys(CASE_TITLES) as CaseId[]);

export function isCaseId(value: string): value is CaseId {
  return Object.prototype.hasOwnProperty.call(CASE_TITLES, value);
}

