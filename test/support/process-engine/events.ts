// Events of the process layer (SimPy's model): a SimEvent is pending, then triggered (its
// outcome is fixed and it sits in the queue), then processed (its waiters have run).
//
// Why triggering goes through the queue instead of calling waiters at once: waiters then run in
// the same (time, FIFO) order as everything else, so the order of "simultaneous" wake-ups is
// deterministic and no call stack grows with chains of events.

import type { Environment } from './environment';

export const PENDING = 0;
export const TRIGGERED = 1;
export const PROCESSED = 2;

/** Something woken when an event is processed (a Process, a Condition, a callback wrapper). */
export interface Waiter {
  _onEvent(ev: SimEvent<any>): void;
}

class CallbackWaiter implements Waiter {
  constructor(private readonly fn: (ev: SimEvent<any>) => void) {}
  _onEvent(ev: SimEvent<any>): void {
    this.fn(ev);
  }
}

export class SimEvent<T = unknown> {
  /** PENDING, TRIGGERED or PROCESSED. */
  state = PENDING;
  /** false when the event failed; `value` is then the error. */
  ok = true;
  value: T = undefined as T;
  /** A failed event with no waiters makes run() throw, unless defused (handled on purpose). */
  defused = false;
  // Almost every event has exactly one waiter (the process that yielded it), so the first one
  // gets a field of its own and the array is only allocated for the rare second.
  private waiter: Waiter | null = null;
  private moreWaiters: Waiter[] | null = null;

  constructor(readonly env: Environment) {}

  get triggered(): boolean {
    return this.state !== PENDING;
  }

  get processed(): boolean {
    return this.state === PROCESSED;
  }

  /** Fixes a successful outcome; waiters run at the current time, after already-queued events. */
  succeed(value?: T): this {
    this.settleOutcome(true, value);
    this.env._enqueue(this, 0);
    return this;
  }

  /** Fixes a failed outcome; a waiting process gets `error` thrown at its `yield`. */
  fail(error: unknown): this {
    this.settleOutcome(false, error);
    this.env._enqueue(this, 0);
    return this;
  }

  /** Runs `fn` when the event is processed (at once if it already was). */
  then(fn: (ev: SimEvent<T>) => void): this {
    this.addWaiter(new CallbackWaiter(fn));
    return this;
  }

  addWaiter(w: Waiter): void {
    if (this.state === PROCESSED) {
      w._onEvent(this);
      return;
    }
    if (this.waiter === null && this.moreWaiters === null) this.waiter = w;
    else if (this.moreWaiters === null) this.moreWaiters = [w];
    else this.moreWaiters.push(w);
  }

  removeWaiter(w: Waiter): void {
    if (this.waiter === w) {
      this.waiter = null;
      return;
    }
    if (this.moreWaiters === null) return;
    const i = this.moreWaiters.indexOf(w);
    if (i >= 0) this.moreWaiters.splice(i, 1);
  }

  /** @internal Sets the outcome without queueing (Environment.timeout queues with a delay). */
  settleOutcome(ok: boolean, value: unknown): void {
    if (this.state !== PENDING) throw new Error('event has already been triggered');
    this.state = TRIGGERED;
    this.ok = ok;
    this.value = value as T;
  }

  /** @internal Called by the Environment when the event reaches the head of the queue. */
  _process(): void {
    this.state = PROCESSED;
    const first = this.waiter;
    const more = this.moreWaiters;
    this.waiter = null;
    this.moreWaiters = null;
    if (first === null && (more === null || more.length === 0)) {
      if (!this.ok && !this.defused) throw this.value;
      return;
    }
    // Registration order: `first` was added before everything in `more`, unless it was removed.
    if (first !== null) first._onEvent(this);
    if (more !== null) for (let i = 0; i < more.length; i++) more[i]._onEvent(this);
  }
}

/**
 * Waits for any / all of several events. Its value is the list of constituent events processed
 * successfully so far, in processing order; if one fails first, the condition fails with its error.
 */
export class Condition extends SimEvent<SimEvent<any>[]> implements Waiter {
  private readonly done: SimEvent<any>[] = [];

  constructor(
    env: Environment,
    private readonly events: readonly SimEvent<any>[],
    private readonly needAll: boolean,
  ) {
    super(env);
    if (events.length === 0) {
      this.succeed([]);
      return;
    }
    for (const ev of events) {
      if (ev.env !== env) throw new Error('cannot mix events of different environments');
      ev.addWaiter(this);
    }
  }

  _onEvent(ev: SimEvent<any>): void {
    if (this.state !== PENDING) return;
    if (!ev.ok) {
      this.fail(ev.value);
      return;
    }
    this.done.push(ev);
    if (!this.needAll || this.done.length === this.events.length) this.succeed(this.done.slice());
  }
}
