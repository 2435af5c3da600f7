/**
 * A small labelled retrieval set: 48 agent memories (strategies, facts, failures) and 16 task queries with the ids
 * of the memories that are relevant to them (judged by hand). Four queries are paraphrases that share few or no
 * words with their relevant memories: a lexical embedder is expected to miss those.
 */
export interface QualityDoc {
  readonly id: string;
  readonly text: string;
}

export interface QualityQuery {
  readonly query: string;
  readonly relevant: readonly string[];
  /** The query shares (almost) no words with its relevant memories. */
  readonly paraphrase?: boolean;
}

export const QUALITY_DOCS: readonly QualityDoc[] = [
  { id: 'api-1', text: 'When an API request times out, retry it with exponential backoff and jitter' },
  { id: 'api-2', text: 'The payments API returns HTTP 429 when the rate limit of 100 requests per minute is exceeded' },
  { id: 'api-3', text: 'Validate API request bodies with a JSON schema before calling downstream services' },
  { id: 'api-4', text: 'Paginate API list endpoints with a cursor instead of offset and limit' },
  { id: 'db-1', text: 'Run database migrations inside a transaction so a failed migration rolls back' },
  { id: 'db-2', text: 'Add an index on orders.customer_id: the customer order history query scanned the whole table' },
  { id: 'db-3', text: 'SQLite reports database is locked under concurrent writers; enable WAL mode and a busy timeout' },
  { id: 'db-4', text: 'Use connection pooling for PostgreSQL and keep the pool size below max_connections' },
  { id: 'test-1', text: 'Flaky end-to-end tests usually wait on fixed sleeps; wait for the element to be visible instead' },
  { id: 'test-2', text: 'Form validation tests must cover empty input, too-long input and unicode characters' },
  { id: 'test-3', text: 'Mock the clock in unit tests that depend on the current date' },
  { id: 'test-4', text: 'Run the integration test suite against a disposable database container' },
  { id: 'deploy-1', text: 'Deploy to staging first and run smoke tests before promoting the release to production' },
  { id: 'deploy-2', text: 'Blue-green deployment lets you roll back instantly by switching traffic to the old version' },
  { id: 'deploy-3', text: 'The production deploy failed because an environment variable was missing in the container' },
  { id: 'deploy-4', text: 'Pin Docker base image versions so builds are reproducible' },
  { id: 'auth-1', text: 'Rotate OAuth client secrets every 90 days and store them in the key vault' },
  { id: 'auth-2', text: 'Login failures spiked because JWT tokens expired while clocks on servers drifted' },
  { id: 'auth-3', text: 'Hash passwords with argon2id, never with md5 or sha1' },
  { id: 'auth-4', text: 'Check user permissions on the server for every request, not only in the UI' },
  { id: 'ui-1', text: 'Buttons need an accessible name: add aria-label when the button only shows an icon' },
  { id: 'ui-2', text: 'Lazy-load images below the fold to speed up the first page render' },
  { id: 'ui-3', text: 'Dropdown menus must be usable with the keyboard: arrow keys, Enter and Escape' },
  { id: 'ui-4', text: 'Show a loading skeleton instead of a spinner for slow dashboard widgets' },
  { id: 'perf-1', text: 'Cache expensive report queries in Redis with a five minute TTL' },
  { id: 'perf-2', text: 'Profile CPU hot paths before optimising; the JSON serializer was the bottleneck' },
  { id: 'perf-3', text: 'Batch embedding requests: one call with 100 texts is much faster than 100 calls' },
  { id: 'perf-4', text: 'Memory leak in the worker came from an event listener added on every request' },
  { id: 'log-1', text: 'Log structured JSON with a request id so traces can be joined across services' },
  { id: 'log-2', text: 'Never log access tokens, passwords or other secrets' },
  { id: 'log-3', text: 'Alert on the error rate, not on single errors, to avoid paging for noise' },
  { id: 'ci-1', text: 'Cache node_modules in CI keyed by the lockfile hash to cut build time' },
  { id: 'ci-2', text: 'The CI pipeline fails when lint warnings exceed the threshold' },
  { id: 'ci-3', text: 'Run tests in parallel shards in CI to keep the pipeline under ten minutes' },
  { id: 'style-1', text: 'User prefers TypeScript strict mode and no any types' },
  { id: 'style-2', text: 'User prefers small pull requests with one change each' },
  { id: 'style-3', text: 'Write commit messages in the imperative mood' },
  { id: 'net-1', text: 'Uploads fail with ECONNRESET when the proxy closes idle sockets; enable keep-alive' },
  { id: 'net-2', text: 'Set a timeout on every outbound HTTP call; the default waits forever' },
  { id: 'net-3', text: 'DNS lookups were slow inside the cluster; cache resolved addresses' },
  { id: 'email-1', text: 'Transactional emails go through the queue so a mail server outage does not block signup' },
  { id: 'email-2', text: 'Bounce notifications from the mail provider must disable the address after three bounces' },
  { id: 'data-1', text: 'CSV imports must detect the file encoding; Excel exports are often Windows-1252' },
  { id: 'data-2', text: 'Deduplicate customer records by normalised email address before the import' },
  { id: 'sec-1', text: 'Escape user input in HTML templates to prevent cross-site scripting' },
  { id: 'sec-2', text: 'Use parameterised SQL queries; string concatenation caused an injection bug' },
  { id: 'cost-1', text: 'Shut down preview environments at night to cut the cloud bill' },
  { id: 'cost-2', text: 'Move cold logs to archive storage after 30 days' },
];

export const QUALITY_QUERIES: readonly QualityQuery[] = [
  { query: 'API request timeout, should I retry?', relevant: ['api-1', 'net-2'] },
  { query: 'database migration failed halfway', relevant: ['db-1'] },
  { query: 'sqlite database locked with concurrent writes', relevant: ['db-3'] },
  { query: 'fix flaky end-to-end tests', relevant: ['test-1'] },
  { query: 'deploy the release to production safely', relevant: ['deploy-1', 'deploy-2', 'deploy-3'] },
  { query: 'JWT login failures after tokens expired', relevant: ['auth-2'] },
  { query: 'make icon buttons accessible', relevant: ['ui-1', 'ui-3'] },
  { query: 'upload fails with ECONNRESET', relevant: ['net-1'] },
  { query: 'speed up the CI pipeline build', relevant: ['ci-1', 'ci-3'] },
  { query: 'store secrets and passwords safely', relevant: ['auth-1', 'auth-3', 'log-2'] },
  { query: 'slow customer order history query', relevant: ['db-2'] },
  { query: 'import customer records from a CSV file', relevant: ['data-1', 'data-2'] },
  { query: 'how can we pay less for cloud hosting', relevant: ['cost-1', 'cost-2'], paraphrase: true },
  { query: 'website feels sluggish when it first opens', relevant: ['ui-2', 'ui-4'], paraphrase: true },
  { query: 'prevent attackers from running code through form fields', relevant: ['sec-1', 'sec-2'], paraphrase: true },
  { query: 'wrong timestamps break assertions', relevant: ['test-3'], paraphrase: true },
];
