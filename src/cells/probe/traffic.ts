import { formatCount } from '../../stats/format-ms';
import type { ProbeSpecCheck } from './check';
import { DEFAULT_REQUESTS } from './schema';

/**
 * What a probe cell will send, in one sentence for the confirmation before a remote host is
 * probed: the person deciding should see the port, protocol, rate, amount and connections, not
 * only a host name. Read from the spec with its defaults, as the run will read it.
 */
export function describeProbeTraffic(checked: ProbeSpecCheck): { target?: string; traffic: string } {
  const { spec, mode, warmup } = checked;
  const target = typeof spec.target === 'string' ? spec.target : undefined;
  const memcached = spec.protocol !== 'tcp-connect';
  const what = memcached ? `memcached ${spec.op ?? 'get'} requests (binary protocol${spec.op === 'set' ? `, ${formatCount(spec.valueSize ?? 100)}-byte values` : ''})` : 'TCP connections (connect, then close)';
  const views = memcached && (spec.client ?? 'both') === 'both' ? 2 : 1;
  const conns = (spec.connections ?? 1) * views;
  const pace = mode === 'open' && spec.rate ? `at ${formatCount(spec.rate)}/s` : 'back to back (closed loop: each waits for the previous answer)';
  const amount = spec.duration !== undefined ? `for ${formatDuration(spec.duration)}` : `${formatCount(spec.requests ?? DEFAULT_REQUESTS)} requests`;
  const about = mode === 'open' && spec.rate && spec.duration === undefined ? ` (about ${formatDuration(((spec.requests ?? DEFAULT_REQUESTS) / spec.rate) * 1000)})` : '';
  const warm = 'requests' in warmup ? (warmup.requests > 0 ? `, after ${formatCount(warmup.requests)} warm-up requests` : '') : `, after ${formatDuration(warmup.ms)} of warm-up`;
  const connections = memcached ? `${conns} connection${conns === 1 ? '' : 's'}` : `up to ${conns} at a time`;
  return { target, traffic: `${what} ${pace}, ${amount}${about}${warm}, over ${connections}` };
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${Number(s.toFixed(s < 10 ? 1 : 0))} s`;
  return `${Number((s / 60).toFixed(1))} min`;
}
