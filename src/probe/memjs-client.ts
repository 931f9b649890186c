import memjs from 'memjs';
import type { RunClock } from './clock';
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

/**
 * "What the application sees": one memjs client (one socket) per connection slot, timed around
 * each call. memjs defaults would hide a stall behind a retry (timeout 0.5 s, then 0.2 s delay,
 * reconnect, resend, reported as one slow success), so retries are off and its timeouts are
 * the spec's. Its logger is silenced: it would print server addresses and errors on stdout.
 */
export class MemjsConnection implements ProbeConnection {
  private client?: InstanceType<typeof memjs.Client>;
  private address?: Promise<string>;
  /** Aborted by destroy(): stops a name lookup in progress, and is the "destroyed" flag. */
  private readonly life = new AbortController();
  private get destroyed(): boolean {
    return this.life.signal.aborted;
  }
  private inflight?: (fault: ProbeFault) => void;

  constructor(readonly id: number, private readonly o: MemjsOptions) {}

  private async getClient(rec: RequestRecord): Promise<InstanceType<typeof memjs.Client>> {
    if (this.client) return this.client;
    this.address ??= resolveHost(this.o.target.host, { signal: this.life.signal, timeoutMs: this.o.timeoutMs, lookup: this.o.lookup });
    const ip = await this.address;
    rec.tResolved = this.o.clock.now();
    if (this.destroyed) throw new ProbeFault('other', 'cancelled');
    const seconds = this.o.timeoutMs / 1000;
    const host = ip.includes(':') ? `[${ip}]` : ip;
    this.client = memjs.Client.create(`${host}:${this.o.target.port}`, {
      retries: 0,
      timeout: seconds,
      conntimeout: seconds,
      keepAlive: false,
      failover: false,
      logger: quiet,
      ...(this.o.auth ? { username: this.o.auth.user, password: this.o.auth.password } : {}),
    });
    return this.client;
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
      rec.tWriteCall = clock.now();
      await new Promise<void>((resolve, reject) => {
        // memjs enforces timeoutMs itself; this is a backstop should it never call back.
        const guard = setTimeout(() => reject(new ProbeFault('timeout', `memjs gave no answer within ${2 * this.o.timeoutMs} ms`)), 2 * this.o.timeoutMs + 100);
        this.inflight = (f) => {
          clearTimeout(guard);
          reject(f);
        };
        const done = (err: unknown, miss: boolean) => {
          clearTimeout(guard);
          this.inflight = undefined;
          if (err !== null && err !== undefined) reject(memjsFault(err));
          else {
            if (miss) rec.miss = true;
            resolve();
          }
        };
        if (this.o.op === 'get') client.get(this.o.key, (err, value) => done(err, value === null && !err));
        else client.set(this.o.key, this.o.value, {}, (err) => done(err, false));
        this.o.afterSend?.(rec);
      });
      rec.tEnd = clock.now();
      rec.ok = true;
    } catch (e) {
      recordFailure(rec, e, clock.now(), this.destroyed);
    }
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
