// Pauses of the whole server process (a stop-the-world GC, a CPU-throttled container): while
// paused it answers nothing, so a request that reaches it then, or is in service when a pause
// starts, is answered when the pause ends. The server's kernel keeps running (it still answers
// a SYN and ACKs data), which is what separates this hypothesis from a slow network.
// Pause starts are a Poisson process generated lazily in time order; old pauses are dropped.

import type { RandomStream } from '../engine/index';

export class ServerPauses {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private next: number;
  count = 0;

  constructor(
    private readonly rng: RandomStream,
    private readonly meanGapUs: number,
    private readonly medianUs: number,
    private readonly sigma: number,
  ) {
    this.next = rng.exponential(meanGapUs);
  }

  /**
   * When a service of `serviceUs` that could begin at `t` ends, pauses included: it waits out a
   * pause in progress and is stretched by every pause that starts before it finishes.
   */
  finish(t: number, serviceUs: number, now: number): number {
    this.prune(now);
    let end = t + serviceUs;
    this.extend(end);
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.starts[i];
      const e = this.ends[i];
      if (e <= t || s >= end) continue;
      // Overlapping: the time inside the pause adds to the end.
      end += e - Math.max(s, t);
      this.extend(end);
    }
    return end;
  }

  private extend(until: number): void {
    while (this.next <= until) {
      const len = this.rng.lognormalMedian(this.medianUs, this.sigma);
      const start = this.next;
      // Pauses do not overlap: the next one is drawn after this one ends.
      this.starts.push(start);
      this.ends.push(start + len);
      this.count++;
      this.next = start + len + this.rng.exponential(this.meanGapUs);
    }
  }

  /** Requests reach the server no earlier than the current time, so older pauses are irrelevant. */
  private prune(now: number): void {
    let k = 0;
    while (k < this.ends.length && this.ends[k] < now - 1) k++;
    if (k > 64) {
      this.starts.splice(0, k);
      this.ends.splice(0, k);
    }
  }
}
