// Compact summary of a run: what a sweep point returns and what the determinism test hashes.
// Latencies are the true application latencies (arrive -> read returned, or -> failure), in ms.

import { summarize } from '../../stats/index';
import type { ResultSummary } from '../../stats/types';
import { FAILURES, MECHANISMS, STAGES, type SimRun } from './run-types';

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

/**
 * The latencies a packet capture inside the client guest would measure (`xenlat-capture`, side
 * client: first request byte -> response's first byte, as tcpdump saw them): the request leaving
 * the guest (`netfrontTx`) -> the response captured in the guest (`guestCapture`), in ms, in
 * request order. Requests that never reached the wire (a pool timeout) are not in a capture: left out.
 */
export function captureViewLatenciesMs(run: SimRun): Float64Array {
  const at = run.requests.instants;
  const out = new Float64Array(run.requests.count);
  let n = 0;
  for (let i = 0; i < run.requests.count; i++) {
    const v = (at.guestCapture[i] - at.netfrontTx[i]) / 1000;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.slice(0, n);
}

export function summarizeRun(run: SimRun, stallThresholdMs: number): RunSummary {
  const t = run.requests;
  const lat = latenciesMs(run);
  const base = summarize(lat, stallThresholdMs);
  const stallsByMechanism: Record<string, number> = Object.fromEntries(MECHANISMS.map((m) => [m, 0]));
  const failures: Record<string, number> = Object.fromEntries(FAILURES.map((f) => [f, 0]));
  const stageSums = new Float64Array(STAGES.length);
  let stalled = 0;
  const logged = new Float64Array(t.count);
  const writes: number[] = [];
  for (let i = 0; i < t.count; i++) {
    failures[FAILURES[t.failure[i]]]++;
    logged[i] = t.loggedLatencyUs[i] / 1000;
    const w = t.instants.writeDone[i] - t.instants.appSend[i];
    if (w === w) writes.push(w / 1000);
    if (lat[i] > stallThresholdMs) {
      stallsByMechanism[MECHANISMS[t.cause[i]]]++;
      if (t.failure[i] === 0) {
        stalled++;
        STAGES.forEach((s, k) => (stageSums[k] += t.instants[s.to][i] - t.instants[s.from][i]));
      }
    }
  }
  logged.sort();
  writes.sort((a, b) => a - b);
  const stallStageMeansMs: Record<string, number> = {};
  STAGES.forEach((s, k) => (stallStageMeansMs[s.id] = stalled ? stageSums[k] / stalled / 1000 : 0));
  const p = (a: ArrayLike<number>, q: number) => (a.length ? a[Math.min(a.length - 1, Math.ceil((q / 100) * a.length) - 1)] : 0);
  return {
    ...base,
    stallsByMechanism,
    failures,
    stallStageMeansMs,
    loggedP99Ms: p(logged, 99),
    loggedMaxMs: logged[logged.length - 1] ?? 0,
    writeP999Ms: p(writes, 99.9),
    writeMaxMs: writes[writes.length - 1] ?? 0,
  };
}
