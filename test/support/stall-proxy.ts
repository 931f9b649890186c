// A real TCP proxy that injects faults by rule and records ground truth, so probe tests can
// check that what was measured is what happened. It understands memcached binary framing on
// the response direction, to count and delay whole responses.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface DelayRule {
  /** Proxy connection index (0-based, in accept order); any connection when absent. */
  conn?: number;
  /** 0-based response index within that connection (or across the proxy when `conn` is absent). */
  index: number;
  ms: number;
}

export interface ProxyRules {
  delays?: DelayRule[];
  /** Reset (RST) the client connection instead of forwarding this response. */
  resets?: { conn?: number; index: number }[];
  /** Accept connections but never connect upstream or read: a hung server. */
  hang?: boolean;
  /** Connect upstream but never read from the client. */
  stopReading?: boolean;
}

export interface Injection {
  kind: 'delay' | 'reset';
  conn: number;
  index: number;
  globalIndex: number;
  /** Requested delay, and the delay actually applied (timer overshoot included). */
  ms?: number;
  actualMs?: number;
  /** performance.now() when the response arrived from upstream. */
  at: number;
}

export interface ProxyConnection {
  id: number;
  openedAt: number;
  closedAt?: number;
}

export interface StallProxy {
  port: number;
  target: string;
  injections: Injection[];
  connections: ProxyConnection[];
  rules: ProxyRules;
  openCount(): number;
  close(): Promise<void>;
}

export async function startStallProxy(upstream: { host: string; port: number }, rules: ProxyRules = {}): Promise<StallProxy> {
  const injections: Injection[] = [];
  const connections: ProxyConnection[] = [];
  const sockets = new Set<Socket>();
  let globalIndex = 0;
  let nextId = 0;

  const server: Server = createServer((client) => {
    const id = nextId++;
    const info: ProxyConnection = { id, openedAt: performance.now() };
    connections.push(info);
    // Nagle on the proxy's sockets would hold small responses until the next request's ACK (and
    // the last one for a 40 ms delayed ACK): a stall of the proxy's making, not the system's.
    client.setNoDelay(true);
    sockets.add(client);
    let up: Socket | undefined;
    client.on('error', () => {});
    client.on('close', () => {
      info.closedAt = performance.now();
      sockets.delete(client);
      up?.destroy();
    });
    if (rules.hang) {
      client.pause();
      return;
    }
    const upstreamSocket = connect({ ...upstream, noDelay: true });
    up = upstreamSocket;
    sockets.add(upstreamSocket);
    upstreamSocket.on('error', () => {});
    upstreamSocket.on('close', () => {
      sockets.delete(upstreamSocket);
      client.destroy();
    });
    if (!rules.stopReading) client.on('data', (d) => upstreamSocket.write(d));
    else client.pause();

    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    let releaseAt = 0;
    upstreamSocket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 24) {
        const total = 24 + pending.readUInt32BE(8);
        if (pending.length < total) break;
        const frame = pending.subarray(0, total);
        pending = pending.subarray(total);
        const arrived = performance.now();
        const i = index++;
        const g = globalIndex++;
        const matches = (r: { conn?: number; index: number }) => (r.conn === undefined ? r.index === g : r.conn === id && r.index === i);
        if (rules.resets?.some(matches)) {
          injections.push({ kind: 'reset', conn: id, index: i, globalIndex: g, at: arrived });
          client.resetAndDestroy();
          upstreamSocket.destroy();
          return;
        }
        const delay = rules.delays?.find(matches);
        let when = Math.max(arrived, releaseAt);
        let injection: Injection | undefined;
        if (delay) {
          when = Math.max(when, arrived + delay.ms);
          injection = { kind: 'delay', conn: id, index: i, globalIndex: g, ms: delay.ms, at: arrived };
          injections.push(injection);
        }
        releaseAt = when;
        const send = () => {
          if (injection) injection.actualMs = performance.now() - arrived;
          if (!client.destroyed) client.write(frame);
        };
        if (when <= arrived && !delay) send();
        else setTimeout(send, when - performance.now());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    target: `127.0.0.1:${port}`,
    injections,
    connections,
    rules,
    openCount: () => connections.filter((c) => c.closedAt === undefined).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
