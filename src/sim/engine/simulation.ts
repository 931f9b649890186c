// The discrete-event core: a simulated clock and a queue of (time, handler, payload) events.
//
// Units: time is a float64 count of MICROSECONDS. Float64 holds every integer µs exactly up to
// 2^53 µs (285 years); at 10^9 µs (17 min of simulated time) the spacing between representable
// times is 1.2e-7 µs, so fractional-µs delays stay meaningful for any run we care about.
//
// Why handlers are registered once and events carry (handler id, payload number): scheduling
// then allocates nothing, so a model written against this API runs at millions of events/s.
// Model code keeps its own state in arrays and uses the payload as an index (or a plain value).
//
// Determinism: events at equal times run in the order they were scheduled (FIFO), and nothing
// here reads wall-clock time or Math.random, so the same schedule calls give the same run.

import { EventQueue } from './event-queue';

/** An event handler: `payload` is the number given to schedule(); `sim` is the simulation. */
export type Handler = (payload: number, sim: Simulation) => void;

export class Simulation {
  private _now = 0;
  private readonly queue: EventQueue;
  private readonly handlers: Handler[] = [];
  private running = false;
  private stopRequested = false;
  /** Events processed since construction (all run()/step() calls together). */
  eventCount = 0;

  constructor(options: { initialCapacity?: number } = {}) {
    this.queue = new EventQueue(options.initialCapacity ?? 1024);
  }

  /** Current simulated time in µs. */
  get now(): number {
    return this._now;
  }

  /** Number of scheduled, not yet processed events. */
  get pending(): number {
    return this.queue.size;
  }

  /** Registers a handler once; the returned id is what schedule() takes. */
  register(handler: Handler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules handler `h` to run `delay` µs from now with `payload`. */
  schedule(delay: number, h: number, payload = 0): void {
    // One comparison rejects negative, NaN and infinite delays; `h` is checked by the unsigned
    // compare so a negative id is caught too.
    if (!(delay >= 0 && delay < Infinity) || (h >>> 0) >= this.handlers.length) this.badSchedule(delay, h);
    this.queue.push(this._now + delay, h, payload);
  }

  /** Schedules handler `h` at absolute time `time` (≥ now) with `payload`. */
  scheduleAt(time: number, h: number, payload = 0): void {
    if (!(time >= this._now && time < Infinity) || (h >>> 0) >= this.handlers.length) this.badSchedule(time - this._now, h);
    this.queue.push(time, h, payload);
  }

  /** Time of the next event, or Infinity when nothing is pending. */
  peek(): number {
    return this.queue.peekTime();
  }

  /**
   * Processes events in (time, insertion) order until the queue is empty, stop() is called, or
   * the next event's time is ≥ `until`. Events at exactly `until` stay pending (as in SimPy), so
   * run(t1); run(t2) processes each event once. Unless stopped early, the clock ends at `until`
   * when it is finite.
   */
  run(until = Infinity): void {
    if (!(until >= this._now)) throw new RangeError(`run(until=${until}) is before now=${this._now}`);
    this.enter();
    const q = this.queue;
    const handlers = this.handlers;
    try {
      while (!this.stopRequested) {
        const t = q.peekTime();
        if (t >= until) break;
        this._now = t;
        const h = q.topHandler;
        const p = q.topPayload;
        q.consumeTop();
        this.eventCount++;
        handlers[h](p, this);
      }
    } finally {
      this.leave();
    }
    if (this.stopRequested) this.stopRequested = false;
    else if (until !== Infinity) this._now = until;
  }

  /** Processes exactly one event; false if none was pending. */
  step(): boolean {
    this.enter();
    const q = this.queue;
    try {
      const t = q.peekTime();
      if (t === Infinity) return false;
      this._now = t;
      const h = q.topHandler;
      const p = q.topPayload;
      q.consumeTop();
      this.eventCount++;
      this.handlers[h](p, this);
      return true;
    } finally {
      this.leave();
    }
  }

  /** Makes the current run() return after the handler that called this finishes. */
  stop(): void {
    this.stopRequested = true;
  }

  private enter(): void {
    // A handler calling run()/step() would see a half-removed top event; forbid it.
    if (this.running) throw new Error('Simulation.run()/step() called from inside an event handler');
    this.running = true;
  }

  private leave(): void {
    this.queue.settle();
    this.running = false;
  }

  private badSchedule(delay: number, h: number): never {
    if ((h >>> 0) >= this.handlers.length) throw new RangeError(`unknown handler id ${h}`);
    throw new RangeError(`event time must be finite and not in the past (delay ${delay} µs)`);
  }
}
