// The JS histogram alone: the package's index also pulls in its WebAssembly build (1.6 MB).
import Int32Histogram from 'hdr-histogram-js/dist/Int32Histogram';
import type { RecordStore } from '../../probe/record-store';
import { formatCount, formatMs } from '../../stats/format-ms';
import { t } from '../../l10n';

/**
 * The live progress line of a probe run, kept up to date incrementally. It runs on the probe's
 * own thread once a second, so it must not cost more as the run grows: copying and sorting every
 * latency each time took tens of ms after a few hundred thousand requests (a client stall of
 * the probe's own making). Each request is counted once, in the order requests end; percentiles
 * come from an HDR histogram (0.1% resolution, enough for a progress line; the cell's result is
 * still computed exactly from every sample at the end).
 */
export class ProbeProgress {
  private readonly histogram = new Int32Histogram(1, 3_600_000_000, 3);
  /** Requests counted so far, in the order they ended. */
  private counted = 0;
  measured = 0;
  errors = 0;
  stalls = 0;
  maxMs = 0;

  constructor(private readonly thresholdMs: number) {}

  update(records: RecordStore): void {
    for (; this.counted < records.endedCount; this.counted++) this.count(records, records.endedRow(this.counted));
  }

  private count(records: RecordStore, row: number): void {
    if (records.isWarmup(row) || records.isCancelled(row)) return;
    this.measured++;
    if (!records.isOk(row)) {
      this.errors++;
      return;
    }
    const ms = records.latencyMs(row);
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    if (ms > this.thresholdMs) this.stalls++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  percentileMs(p: number): number {
    return this.histogram.getValueAtPercentile(p) / 1000;
  }

  /**
   * E.g. `9,948 of 20,000 requests (50%, about 5 s left), p50 …`. Never "9,948 / 20,000": the
   * editor's output turned "/ 20,000" into a file link. The share and time left come from the
   * request count, or from the elapsed time of a run with a `duration`.
   */
  line(total: number | undefined, timing?: { elapsedMs: number; durationMs?: number }): string {
    const ok = this.measured - this.errors;
    const pct = ok > 0 ? t(', p50 {0}, p99 {1}, max {2}', formatMs(this.percentileMs(50)), formatMs(this.percentileMs(99)), formatMs(this.maxMs)) : '';
    const note = progressNote(this.measured, total, timing);
    const [stalls, errors] = [formatCount(this.stalls), formatCount(this.errors)];
    return total !== undefined
      ? t('{0} of {1} requests{2}{3}, {4} stalls, {5} errors', formatCount(this.measured), formatCount(total), note, pct, stalls, errors)
      : t('{0} requests{1}{2}, {3} stalls, {4} errors', formatCount(this.measured), note, pct, stalls, errors);
  }
}

function progressNote(measured: number, total: number | undefined, timing?: { elapsedMs: number; durationMs?: number }): string {
  if (!timing) return '';
  let fraction: number | undefined;
  let leftMs: number | undefined;
  if (timing.durationMs) {
    fraction = Math.min(1, timing.elapsedMs / timing.durationMs);
    leftMs = Math.max(0, timing.durationMs - timing.elapsedMs);
  } else if (total) {
    fraction = Math.min(1, measured / total);
    if (fraction > 0) leftMs = (timing.elapsedMs * (1 - fraction)) / fraction;
  }
  if (fraction === undefined) return '';
  const left = leftMs === undefined ? '' : t(', about {0} left', formatLeft(leftMs));
  return ` (${Math.floor(fraction * 100)}%${fraction < 1 ? left : ''})`;
}

function formatLeft(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
