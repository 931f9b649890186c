// Simulation plus the process layer: events, timeouts, generator processes, conditions.
// The raw callback API stays available on the same object for hot paths.

import { Condition, SimEvent } from './events';
import { Process, type ProcessGenerator } from './process';
import { Simulation } from '../../../src/sim/engine/simulation';

export class Environment extends Simulation {
  /** The process whose generator is executing right now, if any. */
  activeProcess: Process<any> | null = null;
  // Queued SimEvents live here; the core queue's payload is the slot index, so the core keeps
  // carrying plain numbers. Freed slots are reused LIFO, which is deterministic.
  private readonly slots: (SimEvent<any> | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly fireHandler: number;

  constructor(options: { initialCapacity?: number } = {}) {
    super(options);
    this.fireHandler = this.register((slot) => {
      const ev = this.slots[slot]!;
      this.slots[slot] = undefined;
      this.freeSlots.push(slot);
      ev._process();
    });
  }

  /** A pending event to trigger by hand (a signal): `ev.succeed(v)` / `ev.fail(e)`. */
  event<T = unknown>(): SimEvent<T> {
    return new SimEvent<T>(this);
  }

  /** An event that succeeds with `value` after `delay` µs. */
  timeout<T = undefined>(delay: number, value?: T): SimEvent<T> {
    if (!(delay >= 0 && delay < Infinity)) throw new RangeError(`timeout delay must be finite and ≥ 0, got ${delay}`);
    const ev = new SimEvent<T>(this);
    ev.settleOutcome(true, value);
    this._enqueue(ev, delay);
    return ev;
  }

  /** Starts a process from a generator object: `env.process(worker(env, 3))`. */
  process<R>(gen: ProcessGenerator<R>): Process<R> {
    return new Process<R>(this, gen);
  }

  /** Succeeds when the first of `events` succeeds (fails if one fails first). */
  anyOf(events: readonly SimEvent<any>[]): Condition {
    return new Condition(this, events, false);
  }

  /** Succeeds when all of `events` have succeeded (fails as soon as one fails). */
  allOf(events: readonly SimEvent<any>[]): Condition {
    return new Condition(this, events, true);
  }

  /** @internal Queues a triggered event for processing `delay` µs from now. */
  _enqueue(ev: SimEvent<any>, delay: number): void {
    let slot: number;
    if (this.freeSlots.length > 0) {
      slot = this.freeSlots.pop()!;
      this.slots[slot] = ev;
    } else {
      slot = this.slots.length;
      this.slots.push(ev);
    }
    this.schedule(delay, this.fireHandler, slot);
  }
}
