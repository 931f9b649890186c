// Compact summary of a run: what a sweep point returns and what the determinism test hashes.
// Latencies are the true application latencies (arrive -> read returned, or -> failure), in ms.
// Folded from the requests as they complete (SummarySink), so a sweep point keeps only what the
// exact summary needs (run-digest.ts), not the run's table.

import { summarizeSorted } from '../../stats/summarize';
import type { ResultSummary } from '../../stats/types';
import type { RequestSink } from './request-slots';
import { LatencyDigest } from './run-digest';
import { MECHANISMS, STAGES, type RequestRows, type SimRun } from './run-types';
import { replayTable } from './table-sink';

export interface RunSummary extends ResultSummary {
  /** Stalls (latency > threshold) by the mechanism that added the most time. */
  stallsByMechanism: Record<string, number>;
  failures: Record<string, number>;
  /** Mean ms spent in each stage over the stalled requests (where the time went). */
  stallStageMeansMs: Record<string, number>;
  /** Logged (clock-quantised) latency percentiles, ms. */
  loggedP99Ms: number;
  loggedMaxMs: number;
  writeP999Ms: number;
  writeMaxMs: number;
}

export function latenciesMs(run: SimRun): Float64Array {
  const t = run.requests;
  const out = new Float64Array(t.count);
  const lat = t.latencyUs;
  for (let i = 0; i < t.count; i++) out[i] = (lat ? lat[i] : t.instants.appRead[i] - t.instants.arrive[i]) / 1000;
  return out;
}

/** Folds a run's requests into its RunSummary as they complete. */
export class SummarySink implements RequestSink {
  readonly digest: LatencyDigest;
  private readonly stallsByMechanism: Record<string, number> = Object.fromEntries(MECHANISMS.map((m) => [m, 0]));
  private readonly stageSums = new Float64Array(STAGES.length);
  private stalled = 0;

  constructor(
    requests: number,
    private readonly stallThresholdMs: number,
  ) {
    this.digest = new LatencyDigest(requests);
  }

  complete(rows: RequestRows, s: number, r: number): void {
    this.digest.complete(rows, s, r);
    if (!(this.digest.latencyMs[r] > this.stallThresholdMs)) return;
    this.stallsByMechanism[MECHANISMS[rows.cause[s]]]++;
    if (rows.failure[s] !== 0) return;
    this.stalled++;
    for (let k = 0; k < STAGES.length; k++) this.stageSums[k] += rows.instants[STAGES[k].to][s] - rows.instants[STAGES[k].from][s];
  }

  summary(): RunSummary {
    const d = this.digest;
    const sortedLatencies = d.sortedLatencies();
    const base = summarizeSorted(sortedLatencies, this.stallThresholdMs);
    const stallStageMeansMs: Record<string, number> = {};
    STAGES.forEach((s, k) => (stallStageMeansMs[s.id] = this.stalled ? this.stageSums[k] / this.stalled / 1000 : 0));
    const writes = d.sortedWrites();
    const logged = d.loggedValues();
    // Without a clock resolution the logged latencies are the latencies.
    const nLogged = logged ? logged.size : sortedLatencies.length;
    const loggedAt = (i: number) => (logged ? logged.at(i) : sortedLatencies[i]);
    const rank = (n: number, q: number) => Math.min(n - 1, Math.ceil((q / 100) * n) - 1);
    return {
      ...base,
      stallsByMechanism: this.stallsByMechanism,
      failures: d.failures,
      stallStageMeansMs,
      loggedP99Ms: nLogged ? loggedAt(rank(nLogged, 99)) : 0,
      loggedMaxMs: nLogged ? loggedAt(nLogged - 1) : 0,
      writeP999Ms: writes.length ? writes[rank(writes.length, 99.9)] : 0,
      writeMaxMs: writes[writes.length - 1] ?? 0,
    };
  }
}

export function summarizeRun(run: SimRun, stallThresholdMs: number): RunSummary {
  const sink = new SummarySink(run.requests.count, stallThresholdMs);
  replayTable(run.requests, sink);
  return sink.summary();
}

/**
 * The latency a packet capture inside the client guest would measure (`xenlat-capture`, side
 * client: first request byte -> response's first byte, as tcpdump saw them): the request leaving
 * the guest (`netfrontTx`) -> the response captured in the guest (`guestCapture`), in ms; not
 * finite for a request that never reached the wire (a pool timeout): no capture has it.
 */
function captureViewMs(rows: RequestRows, s: number): number {
  return (rows.instants.guestCapture[s] - rows.instants.netfrontTx[s]) / 1000;
}

/** Capture-point latencies of a whole run, in request order, requests that never reached the wire left out. */
export function captureViewLatenciesMs(run: SimRun): Float64Array {
  const sink = new CaptureViewSink(run.requests.count);
  replayTable(run.requests, sink);
  return sink.latenciesMs();
}

/** Keeps each request's capture-point latency as it completes (8 B per request, asked for by explain only). */
export class CaptureViewSink implements RequestSink {
  private readonly kept: Float64Array;
  private n = 0;

  constructor(requests: number) {
    this.kept = new Float64Array(requests);
  }

  complete(rows: RequestRows, s: number): void {
    const v = captureViewMs(rows, s);
    if (Number.isFinite(v)) this.kept[this.n++] = v;
  }

  latenciesMs(): Float64Array {
    return this.kept.slice(0, this.n);
  }
}
