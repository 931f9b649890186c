// The client's socket pool (Enyim MemcachedNode.InternalPoolImpl, research notes §3): a request
// needs a pooled connection; when all `size` are busy it waits FIFO up to `queueTimeoutMs` and
// then fails ("Pool is full, timeouting") so the application falls back to the database.
// Timeouts are events checked against a per-request waiting flag (the engine has no cancellation).

import type { Simulation } from '../engine/index';

export class SocketPool {
  private free: number;
  private readonly queue: number[] = [];
  private qHead = 0;
  private readonly waiting: Uint8Array;
  private readonly hTimeout: number;
  timeouts = 0;
  maxQueue = 0;

  constructor(
    private readonly sim: Simulation,
    size: number,
    private readonly timeoutUs: number,
    requests: number,
    private readonly onAcquired: (r: number) => void,
    private readonly onTimeout: (r: number) => void,
  ) {
    this.free = size;
    this.waiting = new Uint8Array(requests);
    this.hTimeout = sim.register((r) => {
      if (!this.waiting[r]) return;
      this.waiting[r] = 0;
      this.timeouts++;
      this.onTimeout(r);
    });
  }

  acquire(r: number): void {
    if (this.free > 0) {
      this.free--;
      this.onAcquired(r);
      return;
    }
    this.waiting[r] = 1;
    this.queue.push(r);
    const len = this.queue.length - this.qHead;
    if (len > this.maxQueue) this.maxQueue = len;
    this.sim.schedule(this.timeoutUs, this.hTimeout, r);
  }

  release(): void {
    while (this.qHead < this.queue.length) {
      const r = this.queue[this.qHead++];
      if (this.waiting[r]) {
        this.waiting[r] = 0;
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
