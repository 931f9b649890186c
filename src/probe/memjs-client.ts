import memjs from 'memjs';
import type { RunClock } from './clock';
import { setDeadline } from './deadline';
import { faultFromError, ProbeFault, recordFailure } from './faults';
import { resolveHost, type LookupFn, type Target } from './lookup';
import type { Credentials, Done, ProbeConnection } from './raw-client';
import type { RequestRecord } from './record';

export interface MemjsOptions {
  target: Target;
  clock: RunClock;
  timeoutMs: number;
  auth?: Credentials;
  op: 'get' | 'set';
  key: string;
  value: Buffer;
  lookup?: LookupFn;
  afterSend?: (rec: RequestRecord) => void;
}

const quiet = { log: () => {} };

/** memjs's own timeouts, set out of the way: the probe keeps its own (see `run`). A day, as timers overflow past 2^31 ms. */
const MEMJS_TIMEOUT_S = 86_400;

/**
 * "What the application sees": one memjs client (one socket) per connection slot, timed around
 * each call. memjs defaults would hide a stall behind a retry (timeout 0.5 s, then 0.2 s delay,
 * reconnect, resend, reported as one slow success), so retries are off, and the connect and
 * request timeouts are the probe's own: memjs's fire from a socket timer, which after a pause
 * of the probe itself runs before the waiting answer is read.
 * Its logger is silenced: it would print server addresses and errors on stdout.
 */
export class MemjsConnection implements ProbeConnection {
  private client?: InstanceType<typeof memjs.Client>;
  /** Aborted by destroy(): stops a name lookup in progress, and is the "destroyed" flag. */
  private readonly life = new AbortController();
  private get destroyed(): boolean {
    return this.life.signal.aborted;
  }
  private inflight?: (fault: ProbeFault) => void;
  /** The request waiting for its response (memjs sends one at a time per client). */
  private current?: RequestRecord;
  private watched = new WeakSet<object>();
  /** When the connection last became ready: a request's timeout runs from then at the earliest, as memjs's own did. */
  private readyAt = -Infinity;

  constructor(readonly id: number, private readonly o: MemjsOptions) {}

  private async getClient(rec: RequestRecord): Promise<InstanceType<typeof memjs.Client>> {
    // An open connection is reused; a new one resolves the name again, as the raw path does, so
    // a failed lookup costs the requests of that connection attempt, not the rest of the run.
    if (this.client?.servers.every((s) => s._socket)) return this.client;
    this.close();
    this.client = undefined;
    this.readyAt = -Infinity;
    const ip = await resolveHost(this.o.target.host, { signal: this.life.signal, timeoutMs: this.o.timeoutMs, lookup: this.o.lookup });
    rec.tResolved = this.o.clock.now();
    if (this.destroyed) throw new ProbeFault('other', 'cancelled');
    const host = ip.includes(':') ? `[${ip}]` : ip;
    const client = memjs.Client.create(`${host}:${this.o.target.port}`, {
      retries: 0,
      timeout: MEMJS_TIMEOUT_S,
      conntimeout: MEMJS_TIMEOUT_S,
      keepAlive: false,
      failover: false,
      logger: quiet,
      ...(this.o.auth ? { username: this.o.auth.user, password: this.o.auth.password } : {}),
    });
    for (const s of client.servers) {
      s.on('authenticated', () => {
        if (this.client === client) this.readyAt = this.o.clock.now();
      });
    }
    this.client = client;
    return client;
  }

  perform(rec: RequestRecord, done: Done): void {
    void this.run(rec).then(() => done(rec));
  }

  private async run(rec: RequestRecord): Promise<void> {
    const clock = this.o.clock;
    try {
      if (this.destroyed) throw new ProbeFault('other', 'cancelled');
      const client = await this.getClient(rec);
      // Cancelled while the client was being made: do not open its socket now.
      if (this.destroyed) throw new ProbeFault('other', 'cancelled');
      const start = (rec.tWriteCall = clock.now());
      const { timeoutMs } = this.o;
      await new Promise<void>((resolve, reject) => {
        let cancelTimer = () => {};
        const watch = (ms: number) => (cancelTimer = setDeadline(check, Math.max(1, ms)));
        const check = () => {
          const server = client.servers[0];
          // Connecting (and authenticating) counts from the call; the request from when the
          // connection was ready, as memjs's own timeouts did.
          const connecting = server !== undefined && !server.connected && server._socket !== undefined;
          const left = (connecting ? start : Math.max(start, this.readyAt)) + timeoutMs - clock.now();
          if (left > 0) return watch(left);
          this.inflight = undefined;
          reject(connecting ? new ProbeFault('connect-timeout', `no connection within ${timeoutMs} ms`) : new ProbeFault('timeout', `no complete response within ${timeoutMs} ms`));
          // The answer may still come: start afresh (a new connection for the next request).
          server?.error(new Error('timed out'));
        };
        watch(timeoutMs);
        this.inflight = (f) => {
          cancelTimer();
          reject(f);
        };
        const done = (err: unknown, miss: boolean) => {
          cancelTimer();
          this.inflight = undefined;
          if (err !== null && err !== undefined) reject(memjsFault(err));
          else {
            if (miss) rec.miss = true;
            resolve();
          }
        };
        // memjs puts its counter, incremented first, in the opaque: so the request carries
        // seq + 1 as the raw path's do, and a capture names its record (capture-join.ts).
        client.seq = rec.seq;
        this.current = rec;
        if (this.o.op === 'get') client.get(this.o.key, (err, value) => done(err, value === null && !err));
        else client.set(this.o.key, this.o.value, {}, (err) => done(err, false));
        for (const s of client.servers) {
          // memjs leaves Nagle on; the result says the probe's sockets have it off (the raw path's do).
          s._socket?.setNoDelay(true);
          this.watchReads(s);
        }
        this.o.afterSend?.(rec);
      });
      rec.tEnd = clock.now();
      rec.ok = true;
    } catch (e) {
      recordFailure(rec, e, clock.now(), this.destroyed);
    } finally {
      if (this.current === rec) this.current = undefined;
    }
  }

  /**
   * The first read of the response, timed as the raw path times it (a 'data' event on the
   * socket; memjs's own listener gets the same bytes): what a capture's captured-to-read stage
   * ends at. Reads before the connection is ready are SASL's, not the request's.
   */
  private watchReads(server: (typeof memjs.Client.prototype.servers)[number]): void {
    const sock = server._socket;
    if (!sock || this.watched.has(sock)) return;
    this.watched.add(sock);
    sock.on('data', () => {
      const rec = this.current;
      if (rec && rec.tFirstByte === undefined && server.connected) rec.tFirstByte = this.o.clock.now();
    });
  }

  destroy(): void {
    this.life.abort();
    this.inflight?.(new ProbeFault('other', 'cancelled'));
    this.inflight = undefined;
    for (const s of this.client?.servers ?? []) {
      // error() destroys the socket and fails memjs's own callbacks, so nothing is left pending.
      if (s._socket) s.error(new Error('cancelled'));
    }
  }

  close(): void {
    for (const s of this.client?.servers ?? []) s._socket?.destroy();
  }
}

/** memjs errors come as Errors, bare strings, or (wrong password) an Error-less value. */
export function memjsFault(err: unknown): ProbeFault {
  if (typeof err === 'string') {
    return /authentication/i.test(err) ? new ProbeFault('auth', 'authentication failed') : new ProbeFault('other', err);
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && e.code) return faultFromError(e, 'request');
  const message = typeof e?.message === 'string' ? e.message : undefined;
  if (message === undefined || message === 'undefined') return new ProbeFault('auth', 'authentication failed');
  if (/timed out connecting/i.test(message)) return new ProbeFault('connect-timeout', message);
  if (/timed out/i.test(message)) return new ProbeFault('timeout', message);
  if (/Authentication|Auth/i.test(message)) return new ProbeFault('auth', 'authentication failed');
  if (/^MemJS /.test(message)) return new ProbeFault('server-error', message);
  if (/No servers available/.test(message)) return new ProbeFault('refused', message);
  return new ProbeFault('other', message);
}
