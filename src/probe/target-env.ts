// `target: ${XENLAT_MEMCACHED:-127.0.0.1:11211}`: a shared notebook can name its server through the
// environment, so each reader (or CI job) points it at their own without editing the file.
import { replaceRefs } from '../format/parameters';

export class TargetEnvError extends Error {}

export function expandTarget(raw: string, env: NodeJS.ProcessEnv = process.env): string {
  return replaceRefs(raw, (name, fallback) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new TargetEnvError(`the environment variable ${name} is not set (write \${${name}:-host:port} to give a default)`);
  });
}
