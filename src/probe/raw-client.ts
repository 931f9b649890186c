import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { RunClock } from './clock';
import { afterIo, setDeadline } from './deadline';
import { encodeSaslPlain, FrameParser, ProtocolError, Status, statusText } from './codec';
import { faultFromError, ProbeFault, recordFailure } from './faults';
import { resolveHost, type LookupFn, type Target } from './lookup';
import type { RequestRecord } from './record';

export interface Credentials {
  user: string;
  password: string;
}

/** Called once when a request has ended, however it ended; the record is then final. */
export type Done = (rec: RequestRecord) => void;

/** What the scheduler needs from any path: requests in, each ends exactly once, never throws. */
export interface ProbeConnection {
  readonly id: number;
  perform(rec: RequestRecord, done: Done): void;
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
  /** When the timeout fires for it (ms on the run clock). */
  deadline: number;
  gotFirst: boolean;
  /** A request; or, without one, the SASL exchange, settled through `auth`. */
  rec?: RequestRecord;
  done?: Done;
  auth?: { resolve(status: number): void; reject(e: unknown): void };
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
 *
 * Once connected, a request costs no promise and no closure: at 20,000 requests/s the garbage
 * they made filled the young generation every few ms, and each collection held up the sends.
 */
export class RawMemcachedConnection implements ProbeConnection {
  private socket?: Socket;
  private opening?: Promise<void>;
  private readonly parser = new FrameParser();
  private readonly pending: Pending[] = [];
  private socketError?: unknown;
  /** Aborted by destroy(): stops a name lookup in progress, and is the "destroyed" flag. */
  private readonly life = new AbortController();
  private get destroyed(): boolean {
    return this.life.signal.aborted;
  }
  private timer?: NodeJS.Timeout;
  /** Requests written on the current socket whose write callback has not run yet, in order. */
  private unwritten: RequestRecord[] = [];
  private onWritten: () => void = () => {};

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

  perform(rec: RequestRecord, done: Done): void {
    this.inUse++;
    if (this.destroyed) this.fail(rec, done, new ProbeFault('other', 'cancelled'));
    else if (this.socket && !this.opening) this.send(this.socket, rec, done);
    else void this.openThenSend(rec, done);
  }

  private async openThenSend(rec: RequestRecord, done: Done): Promise<void> {
    try {
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
        rec.tConnected = this.o.clock.now();
      }
      if (!this.socket || this.destroyed) throw this.destroyed ? new ProbeFault('other', 'cancelled') : this.socketError ?? new ProbeFault('closed', 'connection closed while connecting');
    } catch (e) {
      this.fail(rec, done, e);
      return;
    }
    this.send(this.socket, rec, done);
  }

  private send(socket: Socket, rec: RequestRecord, done: Done): void {
    const clock = this.o.clock;
    rec.tWriteCall = clock.now();
    // The request's seq + 1: unique in the run, so a capture of the run names each request's
    // record (src/probe/capture-join.ts). The pre-run SET (seq -1) gets 0.
    const opaque = (rec.seq + 1) >>> 0;
    const src = this.o.frame;
    const frame = Buffer.allocUnsafe(src.length);
    src.copy(frame);
    frame.writeUInt32BE(opaque, 12);
    // Written while an earlier response is outstanding: filled in when that one completes.
    if (this.pending.length > 0) rec.tAheadEnd = -1;
    this.pending.push({ opaque, deadline: rec.tWriteCall + this.o.timeoutMs, gotFirst: false, rec, done });
    this.armTimer(this.o.timeoutMs);
    // Requests handed over in the same turn of the event loop (a catch-up burst after a pause,
    // with pipelining) leave in one write: one syscall instead of one each.
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(this.uncork, this, socket);
    }
    this.unwritten.push(rec);
    socket.write(frame, this.onWritten);
    this.o.afterSend?.(rec);
  }

  /** The response to `p` arrived complete at `t` with `status`. */
  private complete(socket: Socket, p: Pending, status: number, t: number): void {
    const rec = p.rec!;
    rec.tEnd = t;
    if (status === Status.keyNotFound) rec.miss = true;
    else if (status === Status.authError) {
      // memcached hangs up after refusing an unauthenticated request; start afresh next time.
      const fault = new ProbeFault('auth', 'authentication failed (the server requires SASL authentication)');
      this.drop(socket, fault);
      this.fail(rec, p.done!, fault);
      return;
    } else if (status !== Status.ok) {
      this.fail(rec, p.done!, new ProbeFault('server-error', `server error: ${statusText(status)}`));
      return;
    }
    rec.ok = true;
    this.finish(rec, p.done!);
  }

  private fail(rec: RequestRecord, done: Done, err: unknown): void {
    recordFailure(rec, err, this.o.clock.now(), this.destroyed);
    this.finish(rec, done);
  }

  private finish(rec: RequestRecord, done: Done): void {
    this.inUse--;
    if (rec.tAheadEnd === -1) rec.tAheadEnd = undefined;
    done(rec);
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
    // Write callbacks run in write order; each socket has its own queue, so a dropped socket's
    // late callbacks cannot stamp the next socket's requests.
    const unwritten: RequestRecord[] = [];
    this.unwritten = unwritten;
    this.onWritten = () => {
      const r = unwritten.shift();
      if (r && r.tWritten === undefined) r.tWritten = clock.now();
    };
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (err) => {
      if (this.socket === socket) this.socketError ??= err;
    });
    socket.on('close', () => this.onClose(socket));
    await new Promise<void>((resolve, reject) => {
      const cancelTimer = setDeadline(() => {
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
        cancelTimer();
        socket.off('connect', onConnect);
        socket.off('close', onClose);
      };
      socket.once('connect', onConnect);
      socket.once('close', onClose);
    });
    rec.tConnected = clock.now();
    // Destroyed between the connect and here: do not start a SASL exchange on a dead socket.
    if (this.destroyed || this.socket !== socket) throw this.destroyed ? new ProbeFault('other', 'cancelled') : new ProbeFault('closed', 'connection closed while connecting');
    if (this.o.auth) {
      const status = await new Promise<number>((resolve, reject) => {
        this.pending.push({ opaque: 0, deadline: clock.now() + timeoutMs, gotFirst: false, auth: { resolve, reject } });
        this.armTimer(timeoutMs);
        socket.write(encodeSaslPlain(this.o.auth!.user, this.o.auth!.password));
      });
      if (status !== Status.ok) {
        this.drop(socket);
        // Never echo what the server said back verbatim next to credentials; the status is enough.
        throw new ProbeFault('auth', 'authentication failed');
      }
      rec.tAuthed = clock.now();
    }
  }

  /**
   * One timer per connection, armed lazily: it is not moved on every response (that cost an
   * allocation per request); when it fires it looks at the oldest request and either fails it
   * or sleeps until that one's deadline.
   */
  private armTimer(ms: number): void {
    this.timer ??= setTimeout(this.onTimer, Math.max(1, ms));
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    const head = this.pending[0];
    if (!head) return;
    const left = this.dueOf(head) - this.o.clock.now();
    if (left > 0) {
      this.armTimer(Math.ceil(left));
      return;
    }
    afterIo(() => this.expire(head));
  };

  /**
   * A request's deadline runs from its write call, or from when its bytes were handed to the
   * kernel if that was later: after a pause of the probe itself, corked bytes leave only when
   * the pause ends, and the server cannot answer before.
   */
  private dueOf(p: Pending): number {
    const written = p.rec?.tWritten;
    return written === undefined ? p.deadline : Math.max(p.deadline, written + this.o.timeoutMs);
  }

  /** The head's deadline passed; a round of I/O later, unless its response came in that round. */
  private expire(head: Pending): void {
    const now = this.o.clock.now();
    if (this.pending[0] !== head || this.dueOf(head) > now) {
      // Answered (or dropped) meanwhile, or its bytes left late (see dueOf): the timer watches
      // the head, whichever it is now. A send in that round may have armed the timer for its
      // own, later deadline: re-arm for the head's.
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      if (this.pending.length > 0) this.armTimer(this.dueOf(this.pending[0]) - now);
      return;
    }
    // The response may still come; the stream is no longer in step, so start afresh. Dropped
    // before the request ends, so that what its end sets off does not go on this socket.
    this.pending.shift();
    if (this.socket) this.drop(this.socket, new ProbeFault('timeout', `abandoned: an earlier request on the connection got no response within ${this.o.timeoutMs} ms`));
    this.settleFailed(head, new ProbeFault('timeout', `no complete response within ${this.o.timeoutMs} ms`));
  }

  private settleFailed(p: Pending, err: unknown): void {
    if (p.rec) this.fail(p.rec, p.done!, err);
    else p.auth!.reject(err);
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (this.socket !== socket) return;
    const t = this.o.clock.now();
    const q = this.pending;
    const parser = this.parser;
    // The oldest outstanding response begins in this chunk unless it had begun before.
    if (q.length > 0 && !q[0].gotFirst) this.firstByte(q[0], t);
    parser.feed(chunk);
    for (;;) {
      try {
        if (!parser.next()) break;
      } catch (e) {
        this.drop(socket, new ProbeFault('protocol', (e as ProtocolError).message));
        return;
      }
      const p = q.shift();
      if (!p) {
        this.drop(socket, new ProbeFault('protocol', 'a response nobody asked for'));
        return;
      }
      if (parser.opaque !== p.opaque) {
        q.unshift(p);
        this.drop(socket, new ProbeFault('protocol', `response out of order (opaque ${parser.opaque}, expected ${p.opaque})`));
        return;
      }
      if (!p.gotFirst) this.firstByte(p, t);
      // The next request's response can only follow this one: it was waiting behind it until now.
      if (q.length > 0 && q[0].rec?.tAheadEnd === -1) q[0].rec.tAheadEnd = t;
      if (p.rec) this.complete(socket, p, parser.status, t);
      else p.auth!.resolve(parser.status);
      // Ending a request may have dropped the socket (auth refused): the rest is not ours.
      if (this.socket !== socket) return;
    }
    // Bytes of the next response already here: that is its first byte.
    if (parser.buffered > 0 && q.length > 0 && !q[0].gotFirst) this.firstByte(q[0], t);
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
      this.settleFailed(p, err);
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
