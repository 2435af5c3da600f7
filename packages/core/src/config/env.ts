import { ConfigError } from '@alma/types';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree. An unset variable without a
 * default is an error naming the variable and where it is used (a silent empty password helps nobody).
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv = process.env, path = 'alma'): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`Environment variable ${name} is not set (used at ${path}). Set it or write \${${name}:-default}.`);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, `${path}.${k}`)]));
  }
  return value;
}
