// Recent vCPU run/wait intervals in a fixed-size ring of typed arrays.
//
// Why a ring: the timeline chart only needs the scheduler's behaviour around the slowest
// requests, and a whole run's intervals (millions at high rates) would not fit in a result.
// When a slow request completes, the model copies the intervals overlapping its window out of
// the ring; memory stays bounded by the ring size plus `trace.slowest` snapshots.

import type { VcpuInterval } from './run-types';

export const STATE_RUN = 0;
export const STATE_WAIT = 1;

export class IntervalRing {
  private readonly vcpu: Int16Array;
  private readonly pcpu: Int16Array;
  private readonly state: Uint8Array;
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly mask: number;
  /** Intervals written so far; the ring holds the last min(written, capacity). */
  written = 0;

  constructor(capacityPow2 = 16384) {
    this.vcpu = new Int16Array(capacityPow2);
    this.pcpu = new Int16Array(capacityPow2);
    this.state = new Uint8Array(capacityPow2);
    this.start = new Float64Array(capacityPow2);
    this.end = new Float64Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  push(vcpu: number, pcpu: number, state: number, start: number, end: number): void {
    if (!(end > start)) return;
    const i = this.written & this.mask;
    this.vcpu[i] = vcpu;
    this.pcpu[i] = pcpu;
    this.state[i] = state;
    this.start[i] = start;
    this.end[i] = end;
    this.written++;
  }

  /**
   * Adds the intervals overlapping [from, to] to `out`, keyed by sequence number so overlapping
   * snapshots deduplicate. Intervals are pushed when they end, so ends are non-decreasing along
   * the ring and the backwards scan can stop at the first one ending before `from`.
   */
  collect(from: number, to: number, names: readonly string[], out: Map<number, VcpuInterval>): void {
    const cap = this.mask + 1;
    const oldest = Math.max(0, this.written - cap);
    for (let s = this.written - 1; s >= oldest; s--) {
      const i = s & this.mask;
      const st = this.start[i];
      const en = this.end[i];
      if (en < from) break;
      if (st > to || out.has(s)) continue;
      out.set(s, { vcpu: names[this.vcpu[i]], pcpu: this.pcpu[i], state: this.state[i] === STATE_RUN ? 'run' : 'wait', start: st, end: en });
    }
  }
}
