import { secretEnvName } from '../cells/secret-env';
import { preflightOf } from '../runner/preflight';

/** Headless runs have no secret storage: each `auth.secret` a cell names is read from XENLAT_SECRET_<NAME>. */
export function cliSecrets(language: string, source: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of preflightOf(language, source).secretNames) {
    const value = env[secretEnvName(name)];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
