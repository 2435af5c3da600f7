import { ALMA } from './alma.js';
import { loadConfigFile, parseConfig } from './config/load.js';
import type { AlmaFileConfig } from './config/schema.js';
import { createEmbedder } from './embedder-factory.js';
import type { AlmaOptions } from './options.js';
import { loadStorageAdapter, type ModuleImporter } from './storage-loader.js';

/** Turns a validated config file into ALMA options, loading the storage adapter package it names. */
export async function optionsFromConfig(
  config: AlmaFileConfig,
  importer?: ModuleImporter,
): Promise<AlmaOptions> {
  const storage = await loadStorageAdapter(config.storage.adapter, config.storage.options, importer);
  const w = config.retrieval.weights;
  const weights = {
    ...(w.similarity !== undefined ? { similarity: w.similarity } : {}),
    ...(w.recency !== undefined ? { recency: w.recency } : {}),
    ...(w.success_rate !== undefined ? { successRate: w.success_rate } : {}),
    ...(w.confidence !== undefined ? { confidence: w.confidence } : {}),
  };
  const onRunComplete = config.checkpoints.on_run_complete;
  return {
    storage,
    projectId: config.project_id,
    requireTenant: config.require_tenant,
    embedder: createEmbedder(config.embedding.provider, config.embedding.dimension, config.embedding.options),
    agents: Object.fromEntries(
      Object.entries(config.agents).map(([name, a]) => [
        name,
        {
          canLearn: a.can_learn,
          cannotLearn: a.cannot_learn,
          shareWith: a.share_with,
          inheritFrom: a.inherit_from,
          minOccurrencesForHeuristic: a.min_occurrences_for_heuristic,
        },
      ]),
    ),
    retrieval: {
      weights,
      minScore: config.retrieval.min_score,
      recencyHalfLifeDays: config.retrieval.recency_half_life_days,
      defaultTopK: config.retrieval.default_top_k,
      cacheTtlSeconds: config.retrieval.cache_ttl_seconds,
      maxContextTokens: config.retrieval.max_context_tokens,
    },
    memory: {
      maxHeuristicsPerAgent: config.memory.max_heuristics_per_agent,
      maxOutcomesPerAgent: config.memory.max_outcomes_per_agent,
      maxAntiPatternsPerAgent: config.memory.max_anti_patterns_per_agent,
      pruneOutcomesOlderThanDays: config.memory.prune_outcomes_older_than_days,
      pruneHeuristicsBelowConfidence: config.memory.prune_heuristics_below_confidence,
    },
    learning: {
      antiPatternWriteGuard: config.learning.anti_pattern_write_guard,
      strategySimilarityThreshold: config.learning.strategy_similarity_threshold,
    },
    checkpoints: {
      maxStateSizeBytes: config.checkpoints.max_state_size_bytes,
      cleanup: {
        onRunComplete: typeof onRunComplete === 'string' ? onRunComplete : { keepLast: onRunComplete.keep_last },
      },
    },
  };
}

/** `ALMA.fromConfig('.alma/config.yaml')`: YAML validated with zod, `${ENV}` expanded, adapter loaded by package. */
export async function almaFromConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<ALMA> {
  return new ALMA(await optionsFromConfig(loadConfigFile(path, env)));
}

/** Same from an already parsed document (e.g. a JSON object). */
export async function almaFromConfigObject(document: unknown, env: NodeJS.ProcessEnv = process.env): Promise<ALMA> {
  return new ALMA(await optionsFromConfig(parseConfig(document, 'config object', env)));
}
