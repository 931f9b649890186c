import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { lowerBound } from '../stats/sorted';
import type { RunClock } from './clock';

export interface ClientPause {
  /** ms since the run epoch */
  start: number;
  end: number;
  /** `event-loop`: the heartbeat could not run (busy JS, sync I/O, the process descheduled); `gc`: a V8 collection. */
  kind: 'event-loop' | 'gc';
  detail?: string;
}

const GC_KIND: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/**
 * Finds the stretches when the probe itself was not running: a ~1 ms heartbeat whose
 * overshoot beyond `minGapMs` is a pause, plus GC entries. A request that overlaps these was
 * (partly) timed by a stalled client, not a slow network or server. Gaps are kept as intervals
 * rather than a histogram (monitorEventLoopDelay) because attribution needs *when*.
 */
export class PauseDetector {
  readonly pauses: ClientPause[] = [];
  private timer?: NodeJS.Timeout;
  private observer?: PerformanceObserver;
  private last = 0;
  maxGapMs = 0;

  constructor(private readonly clock: RunClock, private readonly minGapMs: number, private readonly gcMinMs = 1) {}

  start(): void {
    this.last = this.clock.now();
    this.timer = setInterval(() => this.beat(), 1);
    this.observer = new PerformanceObserver((list) => this.addGc(list.getEntries()));
    this.observer.observe({ entryTypes: ['gc'] });
  }

  private addGc(entries: readonly PerformanceEntry[]): void {
    for (const e of entries) {
      if (e.duration < this.gcMinMs) continue;
      const start = this.clock.fromPerformance(e.startTime);
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      this.pauses.push({ start, end: start + e.duration, kind: 'gc', ...(kind !== undefined && GC_KIND[kind] ? { detail: GC_KIND[kind] } : {}) });
    }
  }

  /** Call right before analysis too: a pause still in progress at the end counts. */
  beat(): void {
    const now = this.clock.now();
    const gap = now - this.last;
    if (gap > this.maxGapMs) this.maxGapMs = gap;
    // The heartbeat itself is due every ~1 ms: only the overshoot is a pause.
    if (gap > this.minGapMs + 1) this.pauses.push({ start: this.last, end: now, kind: 'event-loop' });
    this.last = now;
  }

  async stop(): Promise<void> {
    this.beat();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // GC entries are delivered asynchronously; let the last ones arrive.
    await new Promise((r) => setImmediate(r));
    if (this.observer) {
      this.addGc(this.observer.takeRecords?.() ?? []);
      this.observer.disconnect();
    }
    this.pauses.sort((a, b) => a.start - b.start);
  }
}

/**
 * The pauses by start, so that the pauses overlapping a request are found by a binary search:
 * a long run has thousands of pauses and can have as many stalls, and scanning every pause for
 * every stall took minutes at the end of such a run.
 */
export class PauseIndex {
  private readonly byStart: ClientPause[];
  private readonly starts: Float64Array;
  private readonly longestMs: number;

  constructor(pauses: readonly ClientPause[]) {
    this.byStart = [...pauses].sort((a, b) => a.start - b.start);
    this.starts = Float64Array.from(this.byStart, (p) => p.start);
    this.longestMs = this.byStart.reduce((m, p) => Math.max(m, p.end - p.start), 0);
  }

  /** The pauses overlapping (start, end), in start order, and the time they cover inside it (they may overlap each other). */
  within(start: number, end: number): { ms: number; hits: ClientPause[] } {
    const hits: ClientPause[] = [];
    // A pause that ends after `start` began after `start − longest`.
    for (let i = lowerBound(this.starts, start - this.longestMs); i < this.byStart.length && this.starts[i] < end; i++) {
      if (this.byStart[i].end > start) hits.push(this.byStart[i]);
    }
    if (hits.length === 0) return { ms: 0, hits };
    let ms = 0;
    let cs = Math.max(start, hits[0].start);
    let ce = Math.min(end, hits[0].end);
    for (let i = 1; i < hits.length; i++) {
      const s = Math.max(start, hits[i].start);
      const e = Math.min(end, hits[i].end);
      if (s > ce) {
        ms += ce - cs;
        cs = s;
        ce = e;
      } else if (e > ce) ce = e;
    }
    ms += ce - cs;
    return { ms, hits };
  }
}
