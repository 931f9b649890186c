// The JS histogram alone: the package's index also pulls in its WebAssembly build (1.6 MB).
import Int32Histogram from 'hdr-histogram-js/dist/Int32Histogram';
import type { RequestRecord } from '../../probe/record';
import { formatCount, formatMs } from '../../stats/format-ms';

/**
 * The live progress line of a probe run, kept up to date incrementally. It runs on the probe's
 * own thread once a second, so it must not cost more as the run grows: copying and sorting every
 * latency each time took tens of ms after a few hundred thousand requests (a client stall of
 * the probe's own making). Each record is counted once, when it has ended; percentiles come from
 * an HDR histogram (0.1% resolution, enough for a progress line; the cell's result is still
 * computed exactly from every sample at the end).
 */
export class ProbeProgress {
  private readonly histogram = new Int32Histogram(1, 3_600_000_000, 3);
  /** Every record before this index has been counted. */
  private next = 0;
  /** Records at or after `next` that ended (and were counted) before an earlier one. */
  private readonly countedAhead = new Set<number>();
  measured = 0;
  errors = 0;
  stalls = 0;
  maxMs = 0;

  constructor(private readonly thresholdMs: number) {}

  update(records: readonly RequestRecord[]): void {
    let firstOpen = -1;
    for (let i = this.next; i < records.length; i++) {
      const r = records[i];
      if (r.tEnd === undefined) {
        if (firstOpen < 0) firstOpen = i;
        continue;
      }
      if (this.countedAhead.has(i)) continue;
      if (firstOpen >= 0) this.countedAhead.add(i);
      this.count(r);
    }
    this.next = firstOpen < 0 ? records.length : firstOpen;
    for (const i of this.countedAhead) if (i < this.next) this.countedAhead.delete(i);
  }

  private count(r: RequestRecord): void {
    if (r.warmup) return;
    this.measured++;
    if (!r.ok) {
      this.errors++;
      return;
    }
    const ms = r.tEnd! - r.tIntended;
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    if (ms > this.thresholdMs) this.stalls++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  percentileMs(p: number): number {
    return this.histogram.getValueAtPercentile(p) / 1000;
  }

  line(total: number | undefined): string {
    const ok = this.measured - this.errors;
    const pct = ok > 0 ? `, p50 ${formatMs(this.percentileMs(50))}, p99 ${formatMs(this.percentileMs(99))}, max ${formatMs(this.maxMs)}` : '';
    const of = total !== undefined ? ` / ${formatCount(total)}` : '';
    return `${formatCount(this.measured)}${of} requests${pct}, ${formatCount(this.stalls)} stalls, ${formatCount(this.errors)} errors`;
  }
}
