/** Keyword families for inferring a task type from its description (ALMA's TaskTypeValidator). */
export const TASK_TYPE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  testing: ['test', 'validate', 'verify', 'check', 'qa'],
  form_testing: ['form', 'input', 'field', 'validation'],
  api_testing: ['api', 'endpoint', 'rest', 'graphql', 'request'],
  database_validation: ['database', 'query', 'sql', 'schema'],
  ui_testing: ['ui', 'component', 'button', 'click', 'element'],
  performance_testing: ['performance', 'load', 'stress', 'speed'],
  security_testing: ['security', 'auth', 'permission', 'xss', 'injection'],
  accessibility_testing: ['accessibility', 'a11y', 'aria', 'screen reader'],
};

/** The family with the most keyword hits (whole words, or phrases); 'general' when none hits. Ties: first listed. */
export function inferTaskType(task: string): string {
  const text = ` ${task.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  let best = 'general';
  let bestHits = 0;
  for (const [type, keywords] of Object.entries(TASK_TYPE_KEYWORDS)) {
    const hits = keywords.filter((k) => text.includes(` ${k} `) || text.includes(` ${k}s `)).length;
    if (hits > bestHits) {
      best = type;
      bestHits = hits;
    }
  }
  return best;
}
