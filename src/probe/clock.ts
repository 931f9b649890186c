import { performance } from 'node:perf_hooks';

/**
 * One time base for everything a run records: requests, heartbeat gaps, GC entries and host
 * samples are all ms since the run epoch, so they can be overlapped without conversion.
 * hrtime is monotonic and ns-resolved; GC entries come on the `performance.now()` timeline,
 * which `fromPerformance` maps onto ours.
 */
export class RunClock {
  readonly epochNs = process.hrtime.bigint();
  private readonly perfAtEpoch = performance.now();
  readonly wallAtEpoch = Date.now();

  now(): number {
    return Number(process.hrtime.bigint() - this.epochNs) / 1e6;
  }

  fromPerformance(perfMs: number): number {
    return perfMs - this.perfAtEpoch;
  }
}
