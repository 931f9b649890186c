// What the open and the closed loop share while a probe runs: the plan (how many requests, until
// when, which are warmup, which path each takes), the records, and the count of requests in flight.
import type { RunClock } from './clock';
import type { Done, ProbeConnection } from './raw-client';
import type { ProbePath, RequestRecord } from './record';
import { RecordStore } from './record-store';
import type { ProbeConfig } from './run-types';

export class RunPlan {
  readonly records = new RecordStore();
  /** Sequence number of the next request. */
  next = 0;
  inflight = 0;
  stopped = false;
  /** Open loop: when the next request is due (run clock, ms). */
  nextIntended: number;
  /** Resolves when the last request has ended, or the run stopped and nothing is in flight. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly warmupCount: number;
  private readonly warmupMs: number;
  private readonly totalCount: number;
  private readonly endMs: number;

  constructor(
    readonly config: ProbeConfig,
    readonly clock: RunClock,
    /** When sending begins (run clock, ms). */
    readonly t0: number,
  ) {
    this.nextIntended = t0;
    this.done = new Promise<void>((r) => (this.resolveDone = r));
    this.warmupCount = 'requests' in config.warmup ? config.warmup.requests : 0;
    this.warmupMs = 'ms' in config.warmup ? config.warmup.ms : 0;
    this.totalCount = config.durationMs === undefined ? this.warmupCount + config.requests : Infinity;
    this.endMs = config.durationMs === undefined ? Infinity : this.warmupMs + config.durationMs;
  }

  isWarmup(seq: number, tRel: number): boolean {
    return seq < this.warmupCount || (this.warmupMs > 0 && tRel < this.warmupMs);
  }

  pathOf(seq: number): ProbePath {
    const config = this.config;
    return config.protocol === 'tcp-connect' ? 'tcp' : config.client === 'both' ? (seq % 2 === 0 ? 'raw' : 'memjs') : config.client;
  }

  /** Every planned request has been started (count reached, or the next one is due after the end). */
  planDone(): boolean {
    return this.next >= this.totalCount || this.nextIntendedRel() >= this.endMs;
  }

  private nextIntendedRel(): number {
    return (this.config.mode === 'open' ? this.nextIntended : this.clock.now()) - this.t0;
  }

  /** Hands `rec` to `conn`, which calls `done` when it has ended (then `ended` books it). */
  issue(conn: ProbeConnection, rec: RequestRecord, done: Done): void {
    rec.conn = conn.id;
    rec.tStart = this.clock.now();
    rec.inflight = ++this.inflight;
    conn.perform(rec, done);
  }

  ended(rec: RequestRecord): void {
    this.inflight--;
    this.records.end(rec);
  }

  finishIfIdle(): void {
    if (this.inflight === 0 && (this.stopped || this.planDone())) this.resolveDone();
  }

  /** The run is over whatever the plan says (the closed loop's workers have all returned). */
  finish(): void {
    this.resolveDone();
  }
}
