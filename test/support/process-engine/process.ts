// Processes: generator functions that yield events and resume when those events are processed,
// e.g. `function* (env) { yield env.timeout(5); const req = res.request(); yield req; ... }`.

import type { Environment } from './environment';
import { PENDING, PROCESSED, SimEvent, type Waiter } from './events';

export type ProcessGenerator<R = unknown> = Generator<SimEvent<any>, R, any>;

/** Thrown into a process at its current `yield` by Process.interrupt(). */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super('process interrupted');
    this.name = 'Interrupt';
  }
}

/** A running generator; also an event that succeeds with the generator's return value. */
export class Process<R = unknown> extends SimEvent<R> implements Waiter {
  /** The event this process is waiting for (null while running or finished). */
  target: SimEvent<any> | null = null;

  constructor(
    env: Environment,
    private readonly gen: ProcessGenerator<R>,
  ) {
    super(env);
    // Start through the queue, not synchronously, so a process created inside a handler starts
    // after that handler returns, in FIFO order with everything else at this time.
    const start = new SimEvent<undefined>(env);
    this.target = start;
    start.addWaiter(this);
    start.succeed(undefined);
  }

  get isAlive(): boolean {
    return this.state === PENDING;
  }

  /** Throws an Interrupt(cause) into the process at its current yield, at the current time. */
  interrupt(cause?: unknown): void {
    if (!this.isAlive) throw new Error('cannot interrupt a finished process');
    if (this.env.activeProcess === this) throw new Error('a process cannot interrupt itself');
    const proc = this;
    const delivery = new SimEvent<Interrupt>(this.env);
    // Detach at delivery time, not now: the process may resume from its target first (same time,
    // earlier in the queue) and be waiting on something else by then.
    delivery.addWaiter({
      _onEvent(ev: SimEvent<any>): void {
        if (!proc.isAlive) return;
        if (proc.target !== null) proc.target.removeWaiter(proc);
        proc.target = null;
        proc.resume(false, ev.value);
      },
    });
    delivery.fail(new Interrupt(cause));
  }

  _onEvent(ev: SimEvent<any>): void {
    this.target = null;
    this.resume(ev.ok, ev.value);
  }

  private resume(ok: boolean, value: unknown): void {
    const env = this.env;
    const prev = env.activeProcess;
    env.activeProcess = this;
    try {
      for (;;) {
        let r: IteratorResult<SimEvent<any>, R>;
        try {
          r = ok ? this.gen.next(value) : this.gen.throw(value);
        } catch (e) {
          this.fail(e);
          return;
        }
        if (r.done === true) {
          this.succeed(r.value);
          return;
        }
        const next = r.value;
        if (!(next instanceof SimEvent) || next.env !== env) {
          ok = false;
          value = new TypeError('a process may only yield events of its own environment');
          continue;
        }
        if (next.state === PROCESSED) {
          // Already happened: continue at once, as SimPy does.
          ok = next.ok;
          value = next.value;
          continue;
        }
        this.target = next;
        next.addWaiter(this);
        return;
      }
    } finally {
      env.activeProcess = prev;
    }
  }
}
