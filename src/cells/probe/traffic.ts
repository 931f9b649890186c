import { formatCount } from '../../stats/format-ms';
import type { ProbeSpecCheck } from './check';
import { DEFAULT_REQUESTS } from './schema';
import { t } from '../../l10n';

/**
 * What a probe cell will send, in one sentence for the confirmation before a remote host is
 * probed: the person deciding should see the port, protocol, rate, amount and connections, not
 * only a host name. Read from the spec with its defaults, as the run will read it.
 */
export function describeProbeTraffic(checked: ProbeSpecCheck): { target?: string; traffic: string } {
  const { spec, mode, warmup } = checked;
  const target = typeof spec.target === 'string' ? spec.target : undefined;
  const memcached = spec.protocol !== 'tcp-connect';
  const op = spec.op ?? 'get';
  const what = !memcached
    ? t('TCP connections (connect, then close)')
    : spec.op === 'set'
      ? t('memcached {0} requests (binary protocol, {1}-byte values)', op, formatCount(spec.valueSize ?? 100))
      : t('memcached {0} requests (binary protocol)', op);
  const views = memcached && (spec.client ?? 'both') === 'both' ? 2 : 1;
  const conns = (spec.connections ?? 1) * views;
  const pace = mode === 'open' && spec.rate ? t('at {0}/s', formatCount(spec.rate)) : t('back to back (closed loop: each waits for the previous answer)');
  const amount = spec.duration !== undefined ? t('for {0}', formatDuration(spec.duration)) : t('{0} requests', formatCount(spec.requests ?? DEFAULT_REQUESTS));
  const about = mode === 'open' && spec.rate && spec.duration === undefined ? t(' (about {0})', formatDuration(((spec.requests ?? DEFAULT_REQUESTS) / spec.rate) * 1000)) : '';
  const warm = 'requests' in warmup ? (warmup.requests > 0 ? t(', after {0} warm-up requests', formatCount(warmup.requests)) : '') : t(', after {0} of warm-up', formatDuration(warmup.ms));
  const connections = memcached ? (conns === 1 ? t('{0} connection', conns) : t('{0} connections', conns)) : t('up to {0} at a time', conns);
  return { target, traffic: t('{0} {1}, {2}{3}{4}, over {5}', what, pace, amount, about, warm, connections) };
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${Number(s.toFixed(s < 10 ? 1 : 0))} s`;
  return `${Number((s / 60).toFixed(1))} min`;
}
