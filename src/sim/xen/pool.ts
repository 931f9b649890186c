// The client's socket pool (Enyim MemcachedNode.InternalPoolImpl, research notes §3): a request
// needs a pooled connection; when all `size` are busy it waits FIFO up to `queueTimeoutMs` and
// then fails ("Pool is full, timeouting") so the application falls back to the database.
// Timeouts are events checked against the request's waiting flag (the engine has no
// cancellation). The flag lives in the request's slot (request-slots.ts): a timeout or queue entry
// of a request that is gone from the ring is stale and ignored.

import type { Simulation } from '../engine/index';
import type { RequestSlots } from './request-slots';

export class SocketPool {
  private free: number;
  private readonly queue: number[] = [];
  private qHead = 0;
  private readonly hTimeout: number;
  timeouts = 0;
  maxQueue = 0;

  constructor(
    private readonly sim: Simulation,
    size: number,
    private readonly timeoutUs: number,
    private readonly slots: RequestSlots,
    private readonly onAcquired: (r: number) => void,
    private readonly onTimeout: (r: number) => void,
  ) {
    this.free = size;
    this.hTimeout = sim.register((r) => {
      if (!this.waiting(r)) return;
      this.slots.waiting[r & this.slots.mask] = 0;
      this.timeouts++;
      this.onTimeout(r);
    });
  }

  private waiting(r: number): boolean {
    return this.slots.live(r) && this.slots.waiting[r & this.slots.mask] === 1;
  }

  acquire(r: number): void {
    if (this.free > 0) {
      this.free--;
      this.onAcquired(r);
      return;
    }
    this.slots.waiting[r & this.slots.mask] = 1;
    this.queue.push(r);
    const len = this.queue.length - this.qHead;
    if (len > this.maxQueue) this.maxQueue = len;
    this.sim.schedule(this.timeoutUs, this.hTimeout, r);
  }

  release(): void {
    while (this.qHead < this.queue.length) {
      const r = this.queue[this.qHead++];
      if (this.waiting(r)) {
        this.slots.waiting[r & this.slots.mask] = 0;
        this.compact();
        this.onAcquired(r);
        return;
      }
    }
    this.compact();
    this.free++;
  }

  private compact(): void {
    if (this.qHead > 1024 && this.qHead * 2 > this.queue.length) {
      this.queue.splice(0, this.qHead);
      this.qHead = 0;
    }
  }
}
