// Pure helpers that turn a simulation's request table (µs since the start of the run) into the
// small per-request records the result and the charts carry. Shared by the xenlat-sim cell
// and the sim charts so both describe the same requests the same way.
import { FAILURES, INSTANTS, MECHANISMS, type Instant, type RequestRows, type RequestTable } from '../../sim/xen/run-types';
import { replayTable } from '../../sim/xen/table-sink';
import type { RequestSink } from '../../sim/xen/request-slots';

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
export function requestLatencyMs(rows: RequestRows, i: number): number {
  const us = rows.latencyUs ? rows.latencyUs[i] : rows.instants.appRead[i] - rows.instants.arrive[i];
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

/** Request `r`, whose values are row `i` of `rows` (a table: i = r). */
export function describeRequest(rows: RequestRows, i: number, r = i): SlowRequest {
  const arriveUs = rows.instants.arrive[i];
  const instantsMs: Partial<Record<Instant, number>> = {};
  for (const name of INSTANTS) {
    const t = rows.instants[name][i];
    if (Number.isFinite(t)) instantsMs[name] = roundMs((t - arriveUs) / 1000);
  }
  const failure = rows.failure[i];
  const latencyMs = requestLatencyMs(rows, i);
  return {
    index: r,
    latencyMs: Number.isNaN(latencyMs) ? lastInstantMs(instantsMs) : roundMs(latencyMs),
    arriveUs,
    instantsMs,
    cause: MECHANISMS[rows.cause[i]] ?? `mechanism ${rows.cause[i]}`,
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
 * Keeps the `n` slowest requests (failed ones included: a pool timeout is a slow request too)
 * as requests complete, in request order: a bounded min-heap, so memory is `n` records. A
 * request is described (its instants copied) only when it enters the heap. Ties keep the
 * earlier request, as a scan of the whole table in request order does.
 */
export class SlowestKeeper implements RequestSink {
  private readonly heapIdx: number[] = [];
  private readonly heapVal: number[] = [];
  private readonly heapReq: SlowRequest[] = [];

  constructor(private readonly n: number) {}

  complete(rows: RequestRows, s: number, r: number): void {
    if (this.n <= 0) return;
    const v = requestLatencyMs(rows, s);
    if (Number.isNaN(v)) return;
    const val = this.heapVal;
    if (val.length < this.n) {
      this.heapIdx.push(r);
      val.push(v);
      this.heapReq.push(describeRequest(rows, s, r));
      for (let c = val.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (val[p]! <= val[c]!) break;
        this.swap(p, c);
        c = p;
      }
    } else if (v > val[0]!) {
      this.heapIdx[0] = r;
      val[0] = v;
      this.heapReq[0] = describeRequest(rows, s, r);
      this.siftDown(0);
    }
  }

  /** The kept requests, slowest first. */
  slowest(): SlowRequest[] {
    return this.heapIdx
      .map((idx, k) => ({ idx, v: this.heapVal[k]!, req: this.heapReq[k]! }))
      .sort((a, b) => b.v - a.v || a.idx - b.idx)
      .map((e) => e.req);
  }

  private swap(a: number, b: number): void {
    const { heapIdx: i, heapVal: v, heapReq: q } = this;
    [i[a], i[b]] = [i[b]!, i[a]!];
    [v[a], v[b]] = [v[b]!, v[a]!];
    [q[a], q[b]] = [q[b]!, q[a]!];
  }

  private siftDown(i: number): void {
    const val = this.heapVal;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < val.length && val[l]! < val[m]!) m = l;
      if (r < val.length && val[r]! < val[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

/** The `n` slowest requests of a table, slowest first (their request numbers). */
export function slowestRequestIndexes(table: RequestTable, n: number): number[] {
  return slowestRequests(table, n).map((q) => q.index);
}

export function slowestRequests(table: RequestTable, n: number): SlowRequest[] {
  const keeper = new SlowestKeeper(n);
  replayTable(table, keeper);
  return keeper.slowest();
}

/**
 * At most this many requests are kept each (CellContext.keepRequests): a record costs a few
 * hundred bytes here and again in the export, and a trace holds ~20 events per request (5 M
 * events for 250,000 requests, about half a gigabyte of JSON).
 */
export const MAX_EVERY_REQUEST = 250_000;

/** Every request's record in request order, for an export that shows each request. */
export class EveryRequestKeeper implements RequestSink {
  readonly requests: SlowRequest[] = [];

  complete(rows: RequestRows, s: number, r: number): void {
    this.requests.push(describeRequest(rows, s, r));
  }
}
