import { readFileSync } from 'node:fs';
import { ConfigError } from '@alma/types';
import { parse } from 'yaml';
import { expandEnv } from './env.js';
import { almaConfigSchema, type AlmaFileConfig } from './schema.js';

/** Validates a parsed config object (the `alma:` section or the whole document). */
export function parseConfig(document: unknown, source = 'config', env: NodeJS.ProcessEnv = process.env): AlmaFileConfig {
  const root = document ?? {};
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw new ConfigError(`${source}: the top level must be a mapping (optionally under an 'alma:' key).`);
  }
  const section = 'alma' in root ? (root as { alma: unknown }).alma ?? {} : root;
  const expanded = expandEnv(section, env);
  const result = almaConfigSchema.safeParse(expanded);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const where = ['alma', ...issue.path.map(String)].join('.');
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => `'${k}'`).join(', ')})` : '';
      return `${where}: ${issue.message}${keys}`;
    });
    throw new ConfigError(`${source} is invalid:\n  ${lines.join('\n  ')}`, { cause: result.error });
  }
  return result.data;
}

/** Reads and validates a YAML config file such as `.alma/config.yaml`. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): AlmaFileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (cause) {
    throw new ConfigError(`${path} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(document, path, env);
}
