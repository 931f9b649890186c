// The connections a run sends on, made once before it starts, and the SET that makes GETs hit.
import type { RunClock } from './clock';
import { encodeGet, encodeSet } from './codec';
import { MemjsConnection } from './memjs-client';
import { RawMemcachedConnection, type ProbeConnection } from './raw-client';
import type { ProbePath, RequestRecord } from './record';
import type { ProbeConfig, ProbeHooks } from './run-types';
import { TcpConnectProbe } from './tcp-connect';

export function makeConnections(config: ProbeConfig, clock: RunClock, hooks: ProbeHooks): Record<ProbePath, ProbeConnection[]> {
  const out: Record<ProbePath, ProbeConnection[]> = { raw: [], memjs: [], tcp: [] };
  const { target, timeoutMs, auth } = config;
  const { afterSend, lookup } = hooks;
  if (config.protocol === 'tcp-connect') {
    for (let i = 0; i < config.connections; i++) out.tcp.push(new TcpConnectProbe(i, { target, clock, timeoutMs, lookup, afterSend }));
    return out;
  }
  const value = Buffer.alloc(config.valueSize, 0x78);
  const frame = config.op === 'get' ? encodeGet(config.key) : encodeSet(config.key, value);
  let id = 0;
  if (config.client !== 'memjs') {
    const depth = config.mode === 'open' ? Math.max(1, config.pipeline ?? 1) : 1;
    for (let i = 0; i < config.connections; i++) out.raw.push(new RawMemcachedConnection(id++, { target, clock, timeoutMs, auth, frame, depth, lookup, afterSend }));
  }
  if (config.client !== 'raw') {
    for (let i = 0; i < config.connections; i++) {
      out.memjs.push(new MemjsConnection(id++, { target, clock, timeoutMs, auth, op: config.op, key: config.key, value, lookup, afterSend }));
    }
  }
  return out;
}

/** So that GETs hit: one SET of the key before anything is timed. Failures show up in the run. */
export async function prefill(config: ProbeConfig, clock: RunClock, signal: AbortSignal): Promise<void> {
  if (config.protocol !== 'memcached' || config.op !== 'get') return;
  const conn = new RawMemcachedConnection(-1, {
    target: config.target,
    clock,
    timeoutMs: config.timeoutMs,
    auth: config.auth,
    frame: encodeSet(config.key, Buffer.alloc(config.valueSize, 0x78)),
  });
  const onAbort = () => conn.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  const rec = blankRecord(-1, -1, 'raw', 0, false);
  await new Promise((resolve) => conn.perform(rec, resolve));
  signal.removeEventListener('abort', onAbort);
  conn.destroy();
}

export function blankRecord(seq: number, conn: number, path: ProbePath, tIntended: number, warmup: boolean): RequestRecord {
  return { seq, conn, path, warmup, tIntended, tStart: tIntended, ok: false, inflight: 0 };
}
