import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { RunClock } from './clock';
import { encodeSaslPlain, FrameParser, ProtocolError, Status, statusText, type Frame } from './codec';
import { faultFromError, ProbeFault, recordFailure } from './faults';
import { resolveHost, type LookupFn, type Target } from './lookup';
import type { RequestRecord } from './record';

export interface Credentials {
  user: string;
  password: string;
}

/** What the scheduler needs from any path: one request at a time, never rejects. */
export interface ProbeConnection {
  readonly id: number;
  perform(rec: RequestRecord): Promise<void>;
  /** Destroys sockets now; an in-flight request ends as cancelled. */
  destroy(): void;
}

export interface RawOptions {
  target: Target;
  clock: RunClock;
  timeoutMs: number;
  auth?: Credentials;
  /** The request bytes (opaque 0); each send gets a copy with its own opaque. */
  frame: Buffer;
  /** Requests that may be outstanding on the connection at once (pipelining); 1 by default. */
  depth?: number;
  lookup?: LookupFn;
  afterSend?: (rec: RequestRecord) => void;
}

/** One request (or the SASL exchange) awaiting its response, in send order. */
interface Pending {
  opaque: number;
  rec?: RequestRecord;
  /** When the timeout fires for it (ms on the run clock). */
  deadline: number;
  gotFirst: boolean;
  resolve(frame: Frame, t: number): void;
  reject(e: unknown): void;
}

/**
 * A raw memcached binary-protocol connection timed with hrtime at each stage boundary:
 * connect, request handed to the kernel (write callback), first response byte, last byte.
 * Timestamps are taken in JS callbacks, so they include event-loop delay; the pause
 * detector is what tells those apart.
 *
 * With `depth` > 1 requests are pipelined: each carries its own opaque, memcached answers GET/SET
 * in order, and responses are matched to the oldest outstanding request and checked by opaque.
 * A response's first byte is the chunk in which its first byte arrived (the one completing the
 * previous response, if they share it). A request written while an earlier one was still
 * outstanding records when that one completed (`tAheadEnd`): the time it spent behind it.
 */
export class RawMemcachedConnection implements ProbeConnection {
  private socket?: Socket;
  private opening?: Promise<void>;
  private parser = new FrameParser();
  private readonly pending: Pending[] = [];
  private socketError?: unknown;
  /** Aborted by destroy(): stops a name lookup in progress, and is the "destroyed" flag. */
  private readonly life = new AbortController();
  private get destroyed(): boolean {
    return this.life.signal.aborted;
  }
  private nextOpaque = 1;
  private timer?: NodeJS.Timeout;

  private corked = false;

  constructor(readonly id: number, private readonly o: RawOptions) {}

  private uncork(this: void, self: RawMemcachedConnection, socket: Socket): void {
    self.corked = false;
    socket.uncork();
  }

  /** Requests outstanding (sent, or waiting for the connection to open). */
  get outstanding(): number {
    return this.inUse;
  }
  private inUse = 0;

  async perform(rec: RequestRecord): Promise<void> {
    const clock = this.o.clock;
    this.inUse++;
    try {
      if (this.destroyed) throw new ProbeFault('other', 'cancelled');
      if (!this.socket) {
        if (!this.opening) {
          const opening = this.open(rec);
          this.opening = opening;
          try {
            await opening;
          } finally {
            if (this.opening === opening) this.opening = undefined;
          }
        } else {
          // Pipelined behind a connect in progress: this request waited for it too.
          await this.opening;
          rec.tConnected = clock.now();
        }
        if (!this.socket) throw this.socketError ?? new ProbeFault('closed', 'connection closed while connecting');
      }
      rec.tWriteCall = clock.now();
      const socket = this.socket!;
      const opaque = this.nextOpaque;
      this.nextOpaque = (this.nextOpaque + 1) >>> 0 || 1;
      const src = this.o.frame;
      const frame = Buffer.allocUnsafe(src.length);
      src.copy(frame);
      frame.writeUInt32BE(opaque, 12);
      // Written while an earlier response is outstanding: filled in when that one completes.
      if (this.pending.length > 0) rec.tAheadEnd = -1;
      const pending = this.expect(opaque, rec);
      // Requests handed over in the same turn of the event loop (a catch-up burst after a pause,
      // with pipelining) leave in one write: one syscall instead of one each.
      if (!this.corked) {
        this.corked = true;
        socket.cork();
        process.nextTick(this.uncork, this, socket);
      }
      socket.write(frame, () => {
        rec.tWritten ??= clock.now();
      });
      this.o.afterSend?.(rec);
      const { frame: res, t } = await pending;
      rec.tEnd = t;
      if (res.status === Status.keyNotFound) rec.miss = true;
      else if (res.status === Status.authError) {
        // memcached hangs up after refusing an unauthenticated request; start afresh next time.
        this.drop(socket, new ProbeFault('auth', 'authentication failed (the server requires SASL authentication)'));
        throw new ProbeFault('auth', 'authentication failed (the server requires SASL authentication)');
      } else if (res.status !== Status.ok) throw new ProbeFault('server-error', `server error: ${statusText(res.status)}`);
      rec.ok = true;
    } catch (e) {
      recordFailure(rec, e, clock.now(), this.destroyed);
    } finally {
      this.inUse--;
      if (rec.tAheadEnd === -1) rec.tAheadEnd = undefined;
    }
  }

  /** Connect (and authenticate) on behalf of `rec`, whose timeline gets the stage times. */
  private async open(rec: RequestRecord): Promise<void> {
    const { clock, target, timeoutMs } = this.o;
    let host = target.host;
    if (!isIP(host)) {
      host = await resolveHost(host, { signal: this.life.signal, timeoutMs, lookup: this.o.lookup });
      rec.tResolved = clock.now();
    }
    if (this.destroyed) throw new ProbeFault('other', 'cancelled');
    const socket = netConnect({ host, port: target.port, noDelay: true });
    this.socket = socket;
    this.socketError = undefined;
    this.parser.reset();
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (err) => {
      if (this.socket === socket) this.socketError ??= err;
    });
    socket.on('close', () => this.onClose(socket));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.drop(socket);
        reject(new ProbeFault('connect-timeout', `no connection to ${target.host}:${target.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(faultFromError(this.socketError ?? new ProbeFault('closed', 'connection closed while connecting'), 'connect'));
      };
      const cleanup = () => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('close', onClose);
      };
      socket.once('connect', onConnect);
      socket.once('close', onClose);
    });
    rec.tConnected = clock.now();
    if (this.o.auth) {
      const pending = this.expect(0);
      socket.write(encodeSaslPlain(this.o.auth.user, this.o.auth.password));
      const { frame } = await pending;
      if (frame.status !== Status.ok) {
        this.drop(socket);
        // Never echo what the server said back verbatim next to credentials; the status is enough.
        throw new ProbeFault('auth', 'authentication failed');
      }
      rec.tAuthed = clock.now();
    }
  }

  /** Queues a response expectation; one timer per connection watches the oldest. */
  private expect(opaque: number, rec?: RequestRecord): Promise<{ frame: Frame; t: number }> {
    return new Promise((resolve, reject) => {
      const deadline = this.o.clock.now() + this.o.timeoutMs;
      this.pending.push({ opaque, rec, deadline, gotFirst: false, resolve: (frame, t) => resolve({ frame, t }), reject });
      if (this.pending.length === 1) this.armTimer(this.o.timeoutMs);
    });
  }

  private armTimer(ms: number): void {
    // refresh() re-arms the same Timeout object: no allocation per request.
    if (this.timer && ms === this.o.timeoutMs) this.timer.refresh();
    else {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onTimer(), Math.max(1, ms));
    }
  }

  private onTimer(): void {
    const head = this.pending[0];
    if (!head) return;
    const left = head.deadline - this.o.clock.now();
    if (left > 0) {
      this.armTimer(Math.ceil(left));
      return;
    }
    // The response may still come; the stream is no longer in step, so start afresh.
    this.pending.shift();
    head.reject(new ProbeFault('timeout', `no complete response within ${this.o.timeoutMs} ms`));
    if (this.socket) this.drop(this.socket, new ProbeFault('timeout', `abandoned: an earlier request on the connection got no response within ${this.o.timeoutMs} ms`));
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (this.socket !== socket) return;
    const t = this.o.clock.now();
    const q = this.pending;
    // The oldest outstanding response begins in this chunk unless it had begun before.
    if (q.length > 0 && !q[0].gotFirst) this.firstByte(q[0], t);
    let frames: Frame[];
    try {
      frames = this.parser.push(chunk);
    } catch (e) {
      this.drop(socket, new ProbeFault('protocol', (e as ProtocolError).message));
      return;
    }
    for (const frame of frames) {
      const p = q.shift();
      if (!p) {
        this.drop(socket, new ProbeFault('protocol', 'a response nobody asked for'));
        return;
      }
      if (frame.opaque !== p.opaque) {
        q.unshift(p);
        this.drop(socket, new ProbeFault('protocol', `response out of order (opaque ${frame.opaque}, expected ${p.opaque})`));
        return;
      }
      if (!p.gotFirst) this.firstByte(p, t);
      // The next request's response can only follow this one: it was waiting behind it until now.
      if (q.length > 0 && q[0].rec?.tAheadEnd === -1) q[0].rec.tAheadEnd = t;
      p.resolve(frame, t);
    }
    // Bytes of the next response already here: that is its first byte.
    if (this.parser.buffered > 0 && q.length > 0 && !q[0].gotFirst) this.firstByte(q[0], t);
    if (frames.length > 0) {
      if (q.length > 0) {
        const left = q[0].deadline - t;
        if (left <= 0) this.onTimer();
        else this.armTimer(left >= this.o.timeoutMs - 1 ? this.o.timeoutMs : Math.ceil(left));
      } else if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    }
  }

  private firstByte(p: Pending, t: number): void {
    p.gotFirst = true;
    if (p.rec) p.rec.tFirstByte = t;
  }

  private onClose(socket: Socket): void {
    // A socket dropped earlier (after a timeout) may close only now: not the current requests'.
    if (this.socket !== socket) return;
    this.socket = undefined;
    const err = this.destroyed
      ? new ProbeFault('other', 'cancelled')
      : this.socketError ?? new ProbeFault('closed', 'the server closed the connection before answering');
    this.failAll(faultFromError(err, 'request'));
  }

  private failAll(err: unknown): void {
    const q = this.pending.splice(0);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of q) {
      if (p.rec?.tAheadEnd === -1) p.rec.tAheadEnd = undefined;
      p.reject(err);
    }
  }

  /** Drops the socket; whatever is still outstanding on it fails with `err`. */
  private drop(socket: Socket, err: unknown = new ProbeFault('closed', 'connection dropped')): void {
    if (this.socket === socket) {
      this.socket = undefined;
      this.failAll(err);
    }
    socket.destroy();
  }

  destroy(): void {
    this.life.abort();
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.failAll(new ProbeFault('other', 'cancelled'));
  }
}
