// Pure helpers that turn a simulation's request table (µs since the start of the run) into the
// small per-request records the result and the charts carry. Shared by the xenlat-sim cell
// and the sim charts so both describe the same requests the same way.
import { FAILURES, INSTANTS, MECHANISMS, type Instant, type RequestTable } from '../../sim/xen/run-types';

export interface SlowRequest {
  /** Request number in the run (index into the request table). */
  index: number;
  /** Application latency (arrive → appRead, or → the failure), ms. */
  latencyMs: number;
  /** Absolute arrival, µs since the start of the run: places the request among the vCPU intervals. */
  arriveUs: number;
  /**
   * Every instant the request reached, in ms relative to its arrival (µs resolution). Instants a
   * failed request never reached are left out rather than written as null/NaN.
   */
  instantsMs: Partial<Record<Instant, number>>;
  /** The mechanism that added the most time (see MECHANISMS). */
  cause: string;
  /** Present when the request failed (pool timeout, dropped). */
  failure?: string;
}

/**
 * App latency of request i in ms: the model's `latencyUs` (arrive → read, or → the failure, so
 * a pool timeout counts with the time the application waited), else arrive → appRead; NaN
 * when neither is known.
 */
export function requestLatencyMs(table: RequestTable, i: number): number {
  const us = table.latencyUs ? table.latencyUs[i] : table.instants.appRead[i] - table.instants.arrive[i];
  const v = us / 1000;
  return Number.isFinite(v) ? v : NaN;
}

/** Latencies (ms) of every request with a known latency, in request order. */
export function requestLatenciesMs(table: RequestTable): Float64Array {
  const out = new Float64Array(table.count);
  let n = 0;
  for (let i = 0; i < table.count; i++) {
    const v = requestLatencyMs(table, i);
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Three decimals of a ms value = µs resolution, the model's own. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function describeRequest(table: RequestTable, i: number): SlowRequest {
  const arriveUs = table.instants.arrive[i];
  const instantsMs: Partial<Record<Instant, number>> = {};
  for (const name of INSTANTS) {
    const t = table.instants[name][i];
    if (Number.isFinite(t)) instantsMs[name] = roundMs((t - arriveUs) / 1000);
  }
  const failure = table.failure[i];
  const latencyMs = requestLatencyMs(table, i);
  return {
    index: i,
    latencyMs: Number.isNaN(latencyMs) ? lastInstantMs(instantsMs) : roundMs(latencyMs),
    arriveUs,
    instantsMs,
    cause: MECHANISMS[table.cause[i]] ?? `mechanism ${table.cause[i]}`,
    ...(failure !== 0 ? { failure: FAILURES[failure] ?? `failure ${failure}` } : {}),
  };
}

/** Time up to the last instant reached, for a request whose latency is unknown. */
function lastInstantMs(instantsMs: Partial<Record<Instant, number>>): number {
  let last = 0;
  for (const v of Object.values(instantsMs)) if (v !== undefined && v > last) last = v;
  return last;
}

/**
 * The `n` slowest requests (failed ones included: a pool timeout is a slow request too),
 * slowest first. A bounded min-heap keeps this O(N log n)
 * and allocation-free per request, which matters for million-request runs.
 */
export function slowestRequestIndexes(table: RequestTable, n: number): number[] {
  if (n <= 0) return [];
  const heapIdx: number[] = [];
  const heapVal: number[] = [];
  const swap = (a: number, b: number) => {
    [heapIdx[a], heapIdx[b]] = [heapIdx[b]!, heapIdx[a]!];
    [heapVal[a], heapVal[b]] = [heapVal[b]!, heapVal[a]!];
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapVal.length && heapVal[l]! < heapVal[m]!) m = l;
      if (r < heapVal.length && heapVal[r]! < heapVal[m]!) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let i = 0; i < table.count; i++) {
    const v = requestLatencyMs(table, i);
    if (Number.isNaN(v)) continue;
    if (heapVal.length < n) {
      heapIdx.push(i);
      heapVal.push(v);
      for (let c = heapVal.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (heapVal[p]! <= heapVal[c]!) break;
        swap(p, c);
        c = p;
      }
    } else if (v > heapVal[0]!) {
      heapIdx[0] = i;
      heapVal[0] = v;
      siftDown(0);
    }
  }
  return heapIdx
    .map((idx, k) => ({ idx, v: heapVal[k]! }))
    .sort((a, b) => b.v - a.v || a.idx - b.idx)
    .map((e) => e.idx);
}

export function slowestRequests(table: RequestTable, n: number): SlowRequest[] {
  return slowestRequestIndexes(table, n).map((i) => describeRequest(table, i));
}
