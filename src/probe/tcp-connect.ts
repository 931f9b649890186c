import { connect as netConnect, isIP } from 'node:net';
import type { RunClock } from './clock';
import { setDeadline } from './deadline';
import { faultFromError, ProbeFault, recordFailure } from './faults';
import { resolveHost, type LookupFn, type Target } from './lookup';
import type { Done, ProbeConnection } from './raw-client';
import type { RequestRecord } from './record';

/**
 * A TCP "ping": resolve, connect, close. The latency is the time to an established
 * connection (SYN to SYN/ACK plus local overhead), which is where SYN retransmits (~1 s) show.
 */
export class TcpConnectProbe implements ProbeConnection {
  /** Aborted by destroy(): stops a name lookup in progress, and is the "destroyed" flag. */
  private readonly life = new AbortController();
  private get destroyed(): boolean {
    return this.life.signal.aborted;
  }
  private abort?: () => void;

  constructor(
    readonly id: number,
    private readonly o: { target: Target; clock: RunClock; timeoutMs: number; lookup?: LookupFn; afterSend?: (rec: RequestRecord) => void },
  ) {}

  perform(rec: RequestRecord, done: Done): void {
    void this.run(rec).then(() => done(rec));
  }

  private async run(rec: RequestRecord): Promise<void> {
    const { clock, target, timeoutMs } = this.o;
    try {
      if (this.destroyed) throw new ProbeFault('other', 'cancelled');
      let host = target.host;
      if (!isIP(host)) {
        host = await resolveHost(host, { signal: this.life.signal, timeoutMs, lookup: this.o.lookup });
        rec.tResolved = clock.now();
      }
      if (this.destroyed) throw new ProbeFault('other', 'cancelled');
      await new Promise<void>((resolve, reject) => {
        const socket = netConnect({ host, port: target.port });
        let error: unknown;
        const cancelTimer = setDeadline(() => {
          socket.destroy();
          reject(new ProbeFault('connect-timeout', `no connection within ${timeoutMs} ms`));
        }, timeoutMs);
        this.abort = () => {
          cancelTimer();
          socket.destroy();
          reject(new ProbeFault('other', 'cancelled'));
        };
        socket.on('error', (e) => (error = e));
        socket.once('connect', () => {
          rec.tConnected = clock.now();
          cancelTimer();
          socket.destroy();
          resolve();
        });
        socket.once('close', () => {
          cancelTimer();
          reject(faultFromError(error ?? new ProbeFault('closed', 'closed while connecting'), 'connect'));
        });
        this.o.afterSend?.(rec);
      });
      rec.tEnd = rec.tConnected;
      rec.ok = true;
    } catch (e) {
      recordFailure(rec, e, clock.now(), this.destroyed, 'connect');
    } finally {
      this.abort = undefined;
    }
  }

  destroy(): void {
    this.life.abort();
    this.abort?.();
  }
}
