import { preflightOf } from '../runner/preflight';

/** Headless runs have no secret storage: `auth.secret: ocs-prod` reads XENLAT_SECRET_OCS_PROD. */
export function secretEnvName(name: string): string {
  return `XENLAT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function cliSecrets(language: string, source: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of preflightOf(language, source).secretNames) {
    const value = env[secretEnvName(name)];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
