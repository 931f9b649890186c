import { secretEnvName } from '../cells/secret-env';

/** Headless runs have no secret storage: each `auth.secret` a cell names (its preflight's `secretNames`) is read from XENLAT_SECRET_<NAME>. */
export function cliSecrets(secretNames: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of secretNames) {
    const value = env[secretEnvName(name)];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
