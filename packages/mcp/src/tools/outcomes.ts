import { workflowResultSchema } from '@alma/types';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { bindContext } from '../binding.js';
import { id, metadata, record, text, writeAction } from '../schemas.js';
import { defineTool, READ_ONLY, WRITES, type ToolDeps } from './define.js';

const patterns = (what: string) => z.array(text('A pattern or strategy.')).max(100).optional().describe(what);

/** alma_learn_from_workflow, alma_link_artifact, alma_get_artifacts. */
export function registerOutcomeTools(server: McpServer, deps: ToolDeps): void {
  const { alma, binding } = deps;

  defineTool(server, deps, {
    name: 'alma_learn_from_workflow',
    title: 'Learn from a finished workflow run',
    description:
      'Records how a workflow run ended. Successful patterns become (or strengthen) heuristics, failed patterns ' +
      "become anti-patterns. By default the run's checkpoints are then deleted (cleanupCheckpoints: false keeps them).",
    input: {
      context: z
        .strictObject({
          tenantId: id("Optional, and only ever the server's own tenant.").optional(),
          workflowId: id('Workflow id.'),
          runId: id('Run id.'),
        })
        .describe('The finished run.'),
      agent: id('The agent that ran the workflow.'),
      result: workflowResultSchema,
      summary: text('What happened in the run.'),
      strategiesUsed: patterns('Strategies the run used.'),
      successfulPatterns: patterns('Patterns that worked (become heuristics).'),
      failedPatterns: patterns('Patterns that failed (become anti-patterns).'),
      durationSeconds: z.number().min(0).optional(),
      nodeCount: z.number().int().min(0).optional(),
      errorMessage: z.string().max(20_000).optional(),
      domain: id("Checked against the agent's can_learn / cannot_learn.").optional(),
      metadata: metadata.optional(),
      cleanupCheckpoints: z.boolean().optional().describe("Delete the run's checkpoints afterwards (default true)."),
    },
    output: {
      workflowOutcome: record,
      heuristics: z.array(z.object({ action: writeAction, id: z.string(), strategy: z.string() })),
      antiPatterns: z.array(z.object({ action: writeAction, id: z.string(), pattern: z.string() })),
      checkpointsDeleted: z.number().int(),
    },
    annotations: WRITES,
  }, async ({ context, cleanupCheckpoints, ...outcome }) => {
    const r = await alma.learnFromWorkflow(
      bindContext(binding, context),
      outcome,
      cleanupCheckpoints === undefined ? {} : { cleanupCheckpoints },
    );
    return {
      workflowOutcome: r.workflowOutcome,
      heuristics: r.heuristics.map((h) => ({ action: h.action, id: h.heuristic.id, strategy: h.heuristic.strategy })),
      antiPatterns: r.antiPatterns.map((a) => ({ action: a.action, id: a.antiPattern.id, pattern: a.antiPattern.pattern })),
      checkpointsDeleted: r.checkpointsDeleted,
    };
  });

  defineTool(server, deps, {
    name: 'alma_link_artifact',
    title: 'Link an artifact to a memory',
    description:
      'Links an externally stored artifact (file, screenshot, log, report ... by URL) to an existing memory or ' +
      'workflow outcome. Unknown artifact types are stored as "other".',
    input: {
      memoryId: id('The memory or workflow outcome id.'),
      artifactType: z.string().min(1).max(64).describe('file, document, image, video, screenshot, log, trace, diff, test_result, coverage_report, report, metrics or other.'),
      storageUrl: z.string().min(1).max(4096).describe('Where the artifact lives (s3://, https://, a path).'),
      filename: z.string().max(1024).optional(),
      mimeType: z.string().max(255).optional(),
      sizeBytes: z.number().int().min(0).optional(),
      checksum: z.string().max(255).optional().describe('e.g. a SHA-256 hex digest.'),
      metadata: metadata.optional(),
    },
    output: { artifact: record },
    annotations: WRITES,
  }, async (args) => ({ artifact: await alma.linkArtifact({ ...args, context: bindContext(binding) }) }));

  defineTool(server, deps, {
    name: 'alma_get_artifacts',
    title: 'Get the artifacts of a memory',
    description: 'The artifact links of a memory or workflow outcome, oldest first.',
    input: { memoryId: id('The memory or workflow outcome id.') },
    output: { memoryId: z.string(), artifacts: z.array(record), count: z.number().int() },
    annotations: READ_ONLY,
  }, async ({ memoryId }) => {
    const artifacts = await alma.getArtifacts(memoryId, bindContext(binding));
    return { memoryId, artifacts, count: artifacts.length };
  });
}
