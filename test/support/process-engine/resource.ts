// Resource: `capacity` identical units handed out to requests in FIFO order (SimPy's Resource).
// A model of a pool (e.g. a client socket pool) or a server with c parallel slots.

import type { Environment } from './environment';
import { SimEvent } from './events';
import { Fifo } from './fifo';

/** A request for one unit: succeeds when the unit is granted. Release it when done. */
export class Request extends SimEvent<void> {
  granted = false;
  released = false;

  constructor(readonly resource: Resource) {
    super(resource.env);
  }

  /** Gives the unit back, or withdraws the request if it is still queued (e.g. after a timeout). */
  release(): void {
    this.resource.release(this);
  }
}

export class Resource {
  private inUse = 0;
  private readonly waiting = new Fifo<Request>();

  constructor(
    readonly env: Environment,
    readonly capacity = 1,
  ) {
    if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
  }

  /** Units currently granted. */
  get count(): number {
    return this.inUse;
  }

  /** Requests waiting for a unit. */
  get queueLength(): number {
    return this.waiting.length;
  }

  request(): Request {
    const r = new Request(this);
    if (this.inUse < this.capacity) this.grant(r);
    else this.waiting.push(r);
    return r;
  }

  release(r: Request): void {
    if (r.resource !== this) throw new Error('request belongs to another resource');
    if (r.released) return;
    r.released = true;
    if (!r.granted) {
      this.waiting.remove(r);
      return;
    }
    this.inUse--;
    const next = this.waiting.shift();
    if (next !== undefined) this.grant(next);
  }

  private grant(r: Request): void {
    this.inUse++;
    r.granted = true;
    r.succeed();
  }
}
