import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { RunClock } from './clock';
import { encodeSaslPlain, FrameParser, ProtocolError, Status, statusText, type Frame } from './codec';
import { faultFromError, ProbeFault } from './faults';
import { resolveHost, type Target } from './lookup';
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
  /** The request bytes; the same frame every time (opaque 0), since one request is in flight. */
  frame: Buffer;
  afterSend?: (rec: RequestRecord) => void;
}

interface Waiter {
  resolve(f: { frame: Frame; t: number }): void;
  reject(e: unknown): void;
  onFirstByte?: (t: number) => void;
  gotFirst: boolean;
}

/**
 * A raw memcached binary-protocol connection timed with hrtime at each stage boundary:
 * connect, request handed to the kernel (write callback), first response byte, last byte.
 * Timestamps are taken in JS callbacks, so they include event-loop delay; the pause
 * detector is what tells those apart.
 */
export class RawMemcachedConnection implements ProbeConnection {
  private socket?: Socket;
  private parser = new FrameParser();
  private waiter?: Waiter;
  private socketError?: unknown;
  private destroyed = false;

  constructor(readonly id: number, private readonly o: RawOptions) {}

  async perform(rec: RequestRecord): Promise<void> {
    const clock = this.o.clock;
    try {
      if (this.destroyed) throw new ProbeFault('other', 'cancelled');
      if (!this.socket) await this.open(rec);
      rec.tWriteCall = clock.now();
      const socket = this.socket!;
      const pending = this.wait((t) => (rec.tFirstByte = t));
      socket.write(this.o.frame, () => {
        rec.tWritten ??= clock.now();
      });
      this.o.afterSend?.(rec);
      const { frame, t } = await pending;
      rec.tEnd = t;
      if (frame.status === Status.keyNotFound) rec.miss = true;
      else if (frame.status === Status.authError) {
        // memcached hangs up after refusing an unauthenticated request; start afresh next time.
        this.drop(socket);
        throw new ProbeFault('auth', 'authentication failed (the server requires SASL authentication)');
      } else if (frame.status !== Status.ok) throw new ProbeFault('server-error', `server error: ${statusText(frame.status)}`);
      rec.ok = true;
    } catch (e) {
      rec.tEnd ??= clock.now();
      rec.ok = false;
      const f = faultFromError(e, 'request');
      rec.fault = f.kind;
      rec.message = f.message;
      if (this.destroyed) rec.cancelled = true;
    }
  }

  /** Connect (and authenticate) on behalf of `rec`, whose timeline gets the stage times. */
  private async open(rec: RequestRecord): Promise<void> {
    const { clock, target, timeoutMs } = this.o;
    let host = target.host;
    if (!isIP(host)) {
      host = await resolveHost(host);
      rec.tResolved = clock.now();
    }
    const socket = netConnect({ host, port: target.port, noDelay: true });
    this.socket = socket;
    this.socketError = undefined;
    this.parser.reset();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
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
      const pending = this.wait();
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

  private wait(onFirstByte?: (t: number) => void): Promise<{ frame: Frame; t: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        // The response may still come; the stream is no longer in step, so start afresh.
        if (this.socket) this.drop(this.socket);
        reject(new ProbeFault('timeout', `no complete response within ${this.o.timeoutMs} ms`));
      }, this.o.timeoutMs);
      this.waiter = {
        gotFirst: false,
        onFirstByte,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  private onData(chunk: Buffer): void {
    const t = this.o.clock.now();
    const w = this.waiter;
    if (w && !w.gotFirst) {
      w.gotFirst = true;
      w.onFirstByte?.(t);
    }
    let frames: Frame[];
    try {
      frames = this.parser.push(chunk);
    } catch (e) {
      this.waiter = undefined;
      if (this.socket) this.drop(this.socket);
      w?.reject(new ProbeFault('protocol', (e as ProtocolError).message));
      return;
    }
    if (frames.length > 0 && w) {
      this.waiter = undefined;
      w.resolve({ frame: frames[0], t });
    }
  }

  private onClose(socket: Socket): void {
    // A socket dropped earlier (after a timeout) may close only now: not the current request's.
    if (this.socket !== socket) return;
    this.socket = undefined;
    const w = this.waiter;
    this.waiter = undefined;
    if (w) {
      const err = this.destroyed
        ? new ProbeFault('other', 'cancelled')
        : this.socketError ?? new ProbeFault('closed', 'the server closed the connection before answering');
      w.reject(faultFromError(err, 'request'));
    }
  }

  private drop(socket: Socket): void {
    if (this.socket === socket) this.socket = undefined;
    socket.destroy();
  }

  destroy(): void {
    this.destroyed = true;
    const w = this.waiter;
    this.waiter = undefined;
    this.socket?.destroy();
    this.socket = undefined;
    w?.reject(new ProbeFault('other', 'cancelled'));
  }
}
