// A real TCP proxy that injects faults by rule and records ground truth, so probe tests can
// check that what was measured is what happened. It runs in its own process: sharing the
// probe's event loop would add the probe's work to the proxy's timings and vice versa.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Injection, ProxyConnection, ProxyEvent, ProxyRules } from './stall-proxy-core';

export type { DelayRule, Injection, ProxyConnection, ProxyRules } from './stall-proxy-core';

export interface StallProxyHandle {
  port: number;
  target: string;
  /** What the proxy did, mirrored from its process (call sync() before reading after a run). */
  injections: Injection[];
  connections: ProxyConnection[];
  rules: ProxyRules;
  openCount(): number;
  /** Resolves once every event the proxy recorded so far has arrived here. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./stall-proxy-process.ts', import.meta.url));

export async function startStallProxy(upstream: { host: string; port: number }, rules: ProxyRules = {}): Promise<StallProxyHandle> {
  const child = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const injections: Injection[] = [];
  const connections: ProxyConnection[] = [];
  const waiting = new Map<number, () => void>();
  let closed: (() => void) | undefined;
  let syncs = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`stall proxy exited early (${code})`)));
    child.on('message', (m: ProxyEvent | { type: 'ready'; port: number } | { type: 'synced'; n: number } | { type: 'closed-proxy' }) => {
      switch (m.type) {
        case 'ready':
          return resolve(m.port);
        case 'connection':
          return void connections.push(m.info);
        case 'closed':
          return void (connections.find((c) => c.id === m.id)!.closedAt = m.closedAt);
        case 'injection':
          return void injections.push(m.injection);
        case 'actual':
          return void Object.assign(injections[m.index], { actualMs: m.actualMs, roundTripMs: m.roundTripMs });
        case 'synced':
          waiting.get(m.n)?.();
          return void waiting.delete(m.n);
        case 'closed-proxy':
          return closed?.();
      }
    });
    child.send({ upstream: { host: upstream.host, port: upstream.port }, rules });
  });
  child.removeAllListeners('exit');
  return {
    port,
    target: `127.0.0.1:${port}`,
    injections,
    connections,
    rules,
    openCount: () => connections.filter((c) => c.closedAt === undefined).length,
    sync: () =>
      new Promise<void>((resolve) => {
        const n = ++syncs;
        waiting.set(n, resolve);
        child.send({ type: 'sync', n });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        closed = () => {};
        child.send({ type: 'close' });
      }),
  };
}
