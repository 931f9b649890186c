// Keeps the vCPU intervals around the slowest stalled requests (a window before each arrival up
// to its completion), so a timeline can show the schedule that caused the stall without storing
// the schedule of the whole run.

import type { Cpus } from './cpu';
import type { IntervalRing } from './interval-ring';
import type { VcpuInterval } from './run-types';

export class SlowTrace {
  private readonly traced: { r: number; lat: number; intervals: Map<number, VcpuInterval> }[] = [];

  constructor(
    private readonly ring: IntervalRing,
    private readonly cpus: Cpus,
    private readonly max: number,
    private readonly windowUs: number,
  ) {}

  /** Request `r` (arrived at `arrive`) just completed after `lat` µs. */
  offer(r: number, arrive: number, lat: number, now: number): void {
    const t = this.traced;
    if (t.length >= this.max && lat <= t[t.length - 1].lat) return;
    const intervals = new Map<number, VcpuInterval>();
    this.ring.collect(arrive - this.windowUs, now, this.cpus.names, intervals);
    // Still-open intervals get keys below zero, unique per (request, vCPU).
    this.cpus.openIntervals(now, (v, p, state, start) => {
      intervals.set(-(r * 1024 + v + 1), { vcpu: this.cpus.names[v], pcpu: p, state, start, end: now });
    });
    let i = t.length;
    while (i > 0 && t[i - 1].lat < lat) i--;
    t.splice(i, 0, { r, lat, intervals });
    if (t.length > this.max) t.pop();
  }

  /** Every kept interval once, by start time. */
  intervals(): VcpuInterval[] {
    const all = new Map<number, VcpuInterval>();
    for (const t of this.traced) for (const [k, iv] of t.intervals) all.set(k, iv);
    return [...all.entries()].sort((a, b) => a[1].start - b[1].start || a[0] - b[0]).map((e) => e[1]);
  }
}
