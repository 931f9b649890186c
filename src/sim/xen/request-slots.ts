// Per-request state of the requests in flight. A request's state lives in a slot of a ring
// indexed by its request number (slot = r & mask) from its arrival until it is handed to the
// run's sink; slots are then reused. Requests are handed over in request order (a request that
// completes before an older one waits for it), so a sink folds them exactly as a loop over a
// table of every request would, and the ring holds what is in flight: the requests that arrived
// during the oldest incomplete request's latency. Memory follows that window (rate × the longest
// latency), not `requests`.

import { INSTANTS, MECHANISMS, type Instant, type RequestRows } from './run-types';

const M = MECHANISMS.length;
const INITIAL_SLOTS = 1024;

/** Receives every request once it is complete and every older request has been received. */
export interface RequestSink {
  /**
   * Request `r` is complete; its values are row `s` of `rows` (valid during this call only: the
   * slot is reused afterwards). Called for r = 0, 1, 2, ... in order.
   */
  complete(rows: RequestRows, s: number, r: number): void;
}

/** Hands every request to each sink in turn. */
export class TeeSink implements RequestSink {
  private readonly sinks: RequestSink[];

  constructor(...sinks: RequestSink[]) {
    this.sinks = sinks;
  }

  complete(rows: RequestRows, s: number, r: number): void {
    for (const sink of this.sinks) sink.complete(rows, s, r);
  }
}

export class RequestSlots implements RequestRows {
  /** The oldest request not yet handed over; every request below it is gone from the ring. */
  first = 0;
  /** The next request to arrive. */
  end = 0;
  mask = INITIAL_SLOTS - 1;
  instants!: Record<Instant, Float64Array>;
  failure!: Uint8Array;
  cause!: Uint8Array;
  loggedLatencyUs!: Float64Array;
  latencyUs!: Float64Array;
  /** Connect start, then connect latency (µs); absent when no request connects. */
  connectUs?: Float64Array;
  phase!: Uint8Array;
  /** Extra time per mechanism (index into MECHANISMS), M per slot. */
  acc!: Float32Array;
  /** Waiting in the pool's queue. */
  waiting!: Uint8Array;
  done!: Uint8Array;

  constructor(private readonly connecting: boolean) {
    this.allocate(INITIAL_SLOTS);
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Whether request `r` still has a slot (it arrived and was not handed over yet). */
  live(r: number): boolean {
    return r >= this.first && r < this.end;
  }

  /** Takes a fresh slot for request `r`, which must be the next to arrive; returns the slot. */
  open(r: number): number {
    if (r !== this.end) throw new Error(`request ${r} opened out of order (next is ${this.end})`);
    if (this.end - this.first > this.mask) this.grow();
    const s = r & this.mask;
    for (const name of INSTANTS) this.instants[name][s] = NaN;
    if (this.connectUs) this.connectUs[s] = NaN;
    this.phase[s] = 0;
    this.failure[s] = 0;
    this.cause[s] = 0;
    this.loggedLatencyUs[s] = 0;
    this.latencyUs[s] = 0;
    this.acc.fill(0, s * M, s * M + M);
    this.waiting[s] = 0;
    this.done[s] = 0;
    this.end++;
    return s;
  }

  /** Marks `r` complete and hands every complete request, oldest first, to `sink`. */
  complete(r: number, sink: RequestSink): void {
    this.done[r & this.mask] = 1;
    while (this.first < this.end) {
      const s = this.first & this.mask;
      if (!this.done[s]) return;
      sink.complete(this, s, this.first);
      this.first++;
    }
  }

  private allocate(n: number): void {
    const nan = () => new Float64Array(n).fill(NaN);
    this.instants = Object.fromEntries(INSTANTS.map((name) => [name, nan()])) as Record<Instant, Float64Array>;
    this.connectUs = this.connecting ? nan() : undefined;
    this.phase = new Uint8Array(n);
    this.failure = new Uint8Array(n);
    this.cause = new Uint8Array(n);
    this.loggedLatencyUs = new Float64Array(n);
    this.latencyUs = new Float64Array(n);
    this.acc = new Float32Array(n * M);
    this.waiting = new Uint8Array(n);
    this.done = new Uint8Array(n);
  }

  /** Doubles the ring, moving every live request to its slot under the new mask. */
  private grow(): void {
    const old = { instants: this.instants, connectUs: this.connectUs, phase: this.phase, failure: this.failure, cause: this.cause, loggedLatencyUs: this.loggedLatencyUs, latencyUs: this.latencyUs, acc: this.acc, waiting: this.waiting, done: this.done };
    const oldMask = this.mask;
    this.allocate((oldMask + 1) * 2);
    this.mask = oldMask * 2 + 1;
    for (let r = this.first; r < this.end; r++) {
      const a = r & oldMask;
      const b = r & this.mask;
      for (const name of INSTANTS) this.instants[name][b] = old.instants[name][a];
      if (this.connectUs) this.connectUs[b] = old.connectUs![a];
      this.phase[b] = old.phase[a];
      this.failure[b] = old.failure[a];
      this.cause[b] = old.cause[a];
      this.loggedLatencyUs[b] = old.loggedLatencyUs[a];
      this.latencyUs[b] = old.latencyUs[a];
      this.acc.set(old.acc.subarray(a * M, a * M + M), b * M);
      this.waiting[b] = old.waiting[a];
      this.done[b] = old.done[a];
    }
  }
}
