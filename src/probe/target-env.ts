// `target: ${XENLAT_MEMCACHED:-127.0.0.1:11211}`: a shared notebook can name its server through the
// environment, so each reader (or CI job) points it at their own without editing the file.
const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export class TargetEnvError extends Error {}

export function expandTarget(raw: string, env: NodeJS.ProcessEnv = process.env): string {
  return raw.replace(REF, (_m, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new TargetEnvError(`the environment variable ${name} is not set (write \${${name}:-host:port} to give a default)`);
  });
}
