import { parseTarget } from '../../probe/lookup';
import { expandTarget } from '../../probe/target-env';
import { t } from '../../l10n';
import { checkSpec, type SpecCheck } from '../spec/validate';
import type { CheckedSpec, SpecDiagnostic } from '../types';
import { DEFAULT_REQUESTS, probeSchema, type ProbeSpec } from './schema';

export interface ProbeSpecCheck extends CheckedSpec {
  check: SpecCheck;
  spec: ProbeSpec;
  diagnostics: SpecDiagnostic[];
  ok: boolean;
  /** `warmup` as written: a count or (a duration with a unit) a time. */
  warmup: { requests: number } | { ms: number };
  mode: 'open' | 'closed';
}

/** Schema validation plus the rules that span keys. */
export function checkProbeSpec(source: string): ProbeSpecCheck {
  const check = checkSpec(probeSchema, source);
  const diagnostics = [...check.diagnostics];
  const spec = check.value as unknown as ProbeSpec;
  const err = (path: string, message: string, onValue = true) =>
    diagnostics.push({ severity: 'error', message, path, range: onValue ? check.valueRange(path) : check.keyRange(path) });
  const warn = (path: string, message: string) => diagnostics.push({ severity: 'warning', message, path, range: check.keyRange(path) });

  if (spec.target !== undefined) {
    try {
      const expanded = expandTarget(spec.target);
      if (!parseTarget(expanded)) {
        const shown = expanded === spec.target ? `"${spec.target}"` : `"${spec.target}" (= "${expanded}")`;
        err('target', t('target: {0} is not host:port (e.g. "10.0.0.5:11211", "cache.internal:11211" or "[::1]:11211")', shown));
      } else {
        spec.target = expanded;
      }
    } catch (e) {
      err('target', `target: ${(e as Error).message}`);
    }
  }
  if (check.has('requests') && check.has('duration')) {
    err('requests', t('requests: use either "requests" or "duration", not both'), false);
    err('duration', t('duration: use either "requests" or "duration", not both'), false);
  }
  const hasRate = check.has('rate');
  if (spec.mode === 'open' && !hasRate) err('mode', t('mode: an open loop needs a "rate", e.g. "rate: 2000/s"'));
  if (spec.mode === 'closed' && hasRate) err('rate', t('rate: ignored by a closed loop (mode: closed); remove it or use mode: open'), false);
  if (check.has('arrival') && !hasRate) warn('arrival', t('arrival: ignored here: only applies to an open loop (with "rate")'));
  if (check.has('pipeline') && (spec.pipeline ?? 1) > 1) {
    if (!hasRate) warn('pipeline', t('pipeline: ignored here: only applies to an open loop (with "rate")'));
    else if (spec.protocol === 'tcp-connect' || spec.client === 'memjs') warn('pipeline', t('pipeline: ignored here: only the raw path pipelines (client: raw or both)'));
  }
  if (check.has('auth.password')) {
    err('auth.password', t('auth.password: never write a password in the notebook: put it in an environment variable ("passwordEnv: NAME") or a granted secret ("secret: NAME")'), false);
  }
  if (check.has('auth') && spec.auth) {
    if (!spec.auth.user && !check.has('auth.user')) err('auth', t('auth: needs "user"'), false);
    const sources = ['passwordEnv', 'secret'].filter((k) => check.has(`auth.${k}`));
    if (sources.length === 0 && !check.has('auth.password')) err('auth', t('auth: needs "passwordEnv: NAME" (an environment variable) or "secret: NAME" (a granted secret)'), false);
    if (sources.length > 1) err('auth.secret', t('auth: use either "passwordEnv" or "secret", not both'), false);
  }
  if (spec.capture && spec.protocol === 'tcp-connect') {
    warn('capture', t('capture: the packets are captured, but only memcached requests are joined with them (protocol: memcached)'));
  }
  if (spec.protocol === 'tcp-connect') {
    for (const key of ['op', 'key', 'valueSize', 'client', 'auth']) {
      if (check.has(key)) warn(key, t('{0}: ignored here: only applies to protocol: memcached', key));
    }
  }
  if (spec.requests === undefined && spec.duration === undefined) spec.requests = DEFAULT_REQUESTS;

  const rawWarmup = (check.raw as { warmup?: unknown } | undefined)?.warmup;
  const warmup = typeof rawWarmup === 'string' ? { ms: spec.warmup } : { requests: spec.warmup };
  const mode = spec.mode ?? (hasRate ? 'open' : 'closed');
  return { check, spec, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), raw: check.raw, warmup, mode };
}
