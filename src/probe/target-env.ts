// `target: ${XENLAT_MEMCACHED:-127.0.0.1:11211}`: a shared notebook can name its server through the
// environment, so each reader (or CI job) points it at their own without editing the file.
import { replaceRefs } from '../format/parameters';
import { t } from '../l10n';

export class TargetEnvError extends Error {}

export function expandTarget(raw: string, env: NodeJS.ProcessEnv = process.env): string {
  return replaceRefs(raw, (name, fallback) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new TargetEnvError(t('the environment variable {0} is not set (write {1} to give a default)', name, `\${${name}:-host:port}`));
  });
}
