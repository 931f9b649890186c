// The stall-injecting TCP proxy itself. Tests run it in a child process (stall-proxy.ts), so
// its timers and the probe's never share an event loop: what it records is ground truth. It
// understands memcached binary framing on the response direction, to count and delay whole
// responses.
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
  /** Send this response after the next one (a server answering out of order). */
  swaps?: { conn?: number; index: number }[];
  /** Reset (RST) the client connection instead of forwarding this response. */
  resets?: { conn?: number; index: number }[];
  /** Accept connections but never connect upstream or read: a hung server. */
  hang?: boolean;
  /** Connect upstream but never read from the client. */
  stopReading?: boolean;
}

export interface Injection {
  kind: 'delay' | 'reset' | 'swap';
  conn: number;
  index: number;
  globalIndex: number;
  /** Requested delay, and the delay actually applied (timer overshoot included). */
  ms?: number;
  actualMs?: number;
  /**
   * From the request's arrival at the proxy to the response leaving it: the server's round trip
   * plus the hold, all the client can see of the server side. A probe's first-byte wait should
   * match it to within loopback transit (the ground truth the accuracy tests use).
   */
  roundTripMs?: number;
  /** performance.now() when the response arrived from upstream. */
  at: number;
}

export interface ProxyConnection {
  id: number;
  openedAt: number;
  closedAt?: number;
}

/** What the proxy reports as it happens (the child process forwards these to the test). */
export type ProxyEvent =
  | { type: 'connection'; info: ProxyConnection }
  | { type: 'closed'; id: number; closedAt: number }
  | { type: 'injection'; injection: Injection }
  | { type: 'actual'; index: number; actualMs: number; roundTripMs: number };

export async function runStallProxy(
  upstream: { host: string; port: number },
  rules: ProxyRules = {},
  onEvent: (e: ProxyEvent) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const injections: Injection[] = [];
  const connections: ProxyConnection[] = [];
  const sockets = new Set<Socket>();
  let globalIndex = 0;
  let nextId = 0;

  const server: Server = createServer((client) => {
    const id = nextId++;
    const info: ProxyConnection = { id, openedAt: performance.now() };
    connections.push(info);
    onEvent({ type: 'connection', info: { ...info } });
    // Nagle on the proxy's sockets would hold small responses until the next request's ACK (and
    // the last one for a 40 ms delayed ACK): a stall of the proxy's making, not the system's.
    client.setNoDelay(true);
    sockets.add(client);
    let up: Socket | undefined;
    client.on('error', () => {});
    client.on('close', () => {
      info.closedAt = performance.now();
      onEvent({ type: 'closed', id, closedAt: info.closedAt });
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
    // When each request arrived (memcached answers these in order: response i is request i's).
    const requestAt: number[] = [];
    let fromClient: Buffer = Buffer.alloc(0);
    const noteRequests = (d: Buffer) => {
      const at = performance.now();
      fromClient = fromClient.length ? Buffer.concat([fromClient, d]) : d;
      while (fromClient.length >= 24 && fromClient.length >= 24 + fromClient.readUInt32BE(8)) {
        fromClient = fromClient.subarray(24 + fromClient.readUInt32BE(8));
        requestAt.push(at);
      }
    };
    if (!rules.stopReading) {
      client.on('data', (d: Buffer) => {
        noteRequests(d);
        upstreamSocket.write(d);
      });
    } else client.pause();

    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    // Responses leave in the order they came, as a server's would: one queue, one timer.
    const out: { frame: Buffer; when: number; sent?: () => void }[] = [];
    let timer: NodeJS.Timeout | undefined;
    let swapped: Buffer | undefined;
    const pump = () => {
      timer = undefined;
      while (out.length > 0 && out[0].when <= performance.now()) {
        const o = out.shift()!;
        o.sent?.();
        if (!client.destroyed) client.write(o.frame);
      }
      if (out.length > 0) timer = setTimeout(pump, Math.max(0, out[0].when - performance.now()));
    };
    client.on('close', () => clearTimeout(timer));
    upstreamSocket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 24) {
        const total = 24 + pending.readUInt32BE(8);
        if (pending.length < total) break;
        let frame = pending.subarray(0, total);
        pending = pending.subarray(total);
        const arrived = performance.now();
        const i = index++;
        const g = globalIndex++;
        const matches = (r: { conn?: number; index: number }) => (r.conn === undefined ? r.index === g : r.conn === id && r.index === i);
        if (rules.resets?.some(matches)) {
          injections.push({ kind: 'reset', conn: id, index: i, globalIndex: g, at: arrived });
          onEvent({ type: 'injection', injection: { ...injections[injections.length - 1] } });
          client.resetAndDestroy();
          upstreamSocket.destroy();
          return;
        }
        if (rules.swaps?.some(matches)) {
          // Hold this one and send it right after the next: a reordering server.
          swapped = frame;
          injections.push({ kind: 'swap', conn: id, index: i, globalIndex: g, at: arrived });
          onEvent({ type: 'injection', injection: { ...injections[injections.length - 1] } });
          continue;
        }
        if (swapped) {
          frame = Buffer.concat([frame, swapped]);
          swapped = undefined;
        }
        const delay = rules.delays?.find(matches);
        let sent: (() => void) | undefined;
        let when = arrived;
        if (delay) {
          when = arrived + delay.ms;
          const injection: Injection = { kind: 'delay', conn: id, index: i, globalIndex: g, ms: delay.ms, at: arrived };
          injections.push(injection);
          onEvent({ type: 'injection', injection: { ...injection } });
          const slot = injections.length - 1;
          const asked = requestAt[i] ?? arrived;
          sent = () => {
            const now = performance.now();
            injection.actualMs = now - arrived;
            injection.roundTripMs = now - asked;
            onEvent({ type: 'actual', index: slot, actualMs: injection.actualMs, roundTripMs: injection.roundTripMs });
          };
        }
        out.push({ frame, when, sent });
        if (out.length === 1) {
          clearTimeout(timer);
          pump();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
