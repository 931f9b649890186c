// Store: a FIFO buffer of items between producer and consumer processes (SimPy's Store),
// e.g. a descriptor ring with `capacity` slots.

import type { Environment } from './environment';
import { SimEvent } from './events';
import { Fifo } from './fifo';

export class Store<T> {
  private readonly items = new Fifo<T>();
  private readonly getters = new Fifo<SimEvent<T>>();
  private readonly putters = new Fifo<{ ev: SimEvent<void>; item: T }>();

  constructor(
    readonly env: Environment,
    readonly capacity = Infinity,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
  }

  /** Items currently stored. */
  get size(): number {
    return this.items.length;
  }

  /** Succeeds once `item` is in the store (at once unless the store is full). */
  put(item: T): SimEvent<void> {
    const ev = new SimEvent<void>(this.env);
    if (this.items.length < this.capacity) {
      this.items.push(item);
      ev.succeed();
      this.serveGetters();
    } else {
      this.putters.push({ ev, item });
    }
    return ev;
  }

  /** Succeeds with the oldest item, waiting for one if the store is empty. */
  get(): SimEvent<T> {
    const ev = new SimEvent<T>(this.env);
    this.getters.push(ev);
    this.serveGetters();
    return ev;
  }

  private serveGetters(): void {
    while (this.getters.length > 0 && this.items.length > 0) {
      this.getters.shift()!.succeed(this.items.shift() as T);
      // A slot freed: admit the oldest blocked putter.
      const p = this.putters.shift();
      if (p !== undefined) {
        this.items.push(p.item);
        p.ev.succeed();
      }
    }
  }
}
