export { createAlmaMcpServer } from './server.js';
export { resolveServerOptions, SERVER_VERSION, TOOL_GROUPS, type AlmaMcpServerOptions, type ResolvedServerOptions, type ToolGroup } from './options.js';
export { assertScopeAllowed, bindContext, type Binding, type ToolContext } from './binding.js';
export { describeError, INTERNAL_ERROR_CODE, toJson, toolError, toolResult, type ToolErrorInfo } from './result.js';
export { startHttpServer, type HttpServerOptions, type RunningHttpServer } from './http.js';
export { startStdioServer, type RunningStdioServer } from './stdio.js';
export { parseCli, runCli, type CliIo, type CliOptions, type CliResult, type RunningCli } from './cli.js';
