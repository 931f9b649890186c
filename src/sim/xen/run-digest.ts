// What the exact latency summaries of a run need, folded from its requests as they complete
// (request order): the latency of every request (its order statistics and mean are exact, and a
// one-pass exact median needs every value: Munro & Paterson 1980), the send() time of every
// request that wrote, the logged latency (nothing more while it equals the latency, i.e. with no
// clock resolution; counters per value while it is quantised), and the failures. 16 B per
// request, plus a sorted copy of the latencies when summarised: DIGEST_BYTES_PER_REQUEST.

import { sortedCopy } from '../../stats/sorted';
import { ValueMultiset } from '../../stats/value-multiset';
import type { RequestSink } from './request-slots';
import { FAILURES, type RequestRows } from './run-types';

/** Latency and send() time (8 B each), and the latencies' sorted copy when summarised. */
export const DIGEST_BYTES_PER_REQUEST = 3 * 8;
/**
 * Per connect (`tcp.newConnectionFraction` of the requests): the connect summary's exact
 * percentiles keep its latency (8 B) in an array that doubles (up to 16 B), and a copy in ms
 * when summarised (8 B) (SymptomCounter, src/cells/sim/symptoms.ts).
 */
export const BYTES_PER_CONNECT = 3 * 8;

export class LatencyDigest implements RequestSink {
  /** App latency of request r in ms (arrive → read, or → the failure); NaN when unknown. */
  readonly latencyMs: Float64Array;
  private readonly write: Float64Array;
  private nWrite = 0;
  /** Logged latencies; null while every one equals its request's latency. */
  private logged: ValueMultiset | null = null;
  private seen = 0;
  readonly failures: Record<string, number> = Object.fromEntries(FAILURES.map((f) => [f, 0]));

  constructor(readonly requests: number) {
    this.latencyMs = new Float64Array(requests).fill(NaN);
    this.write = new Float64Array(requests);
  }

  complete(rows: RequestRows, s: number, r: number): void {
    const lat = rows.latencyUs ? rows.latencyUs[s] : rows.instants.appRead[s] - rows.instants.arrive[s];
    const ms = lat / 1000;
    this.latencyMs[r] = Number.isFinite(ms) ? ms : NaN;
    const w = (rows.instants.writeDone[s] - rows.instants.appSend[s]) / 1000;
    if (Number.isFinite(w)) this.write[this.nWrite++] = w;
    const l = rows.loggedLatencyUs[s] / 1000;
    if (this.logged === null && !(l === ms)) this.startLogged();
    if (this.logged !== null && Number.isFinite(l)) this.logged.add(l);
    const f = rows.failure[s];
    const name = FAILURES[f] ?? `failure ${f}`;
    this.failures[name] = (this.failures[name] ?? 0) + 1;
    this.seen = r + 1;
  }

  /** The logged latencies so far were the latencies: count them from there on. */
  private startLogged(): void {
    this.logged = new ValueMultiset();
    for (let i = 0; i < this.seen; i++) if (Number.isFinite(this.latencyMs[i])) this.logged.add(this.latencyMs[i]);
  }

  /** Every known latency (ms), ascending. */
  sortedLatencies(): Float64Array {
    let n = 0;
    const lat = this.latencyMs;
    for (let i = 0; i < lat.length; i++) if (lat[i] === lat[i]) n++;
    if (n === lat.length) return sortedCopy(lat);
    const out = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < lat.length; i++) if (lat[i] === lat[i]) out[k++] = lat[i];
    return out.sort();
  }

  /** send() times (ms), ascending (sorted in place: call once). */
  sortedWrites(): Float64Array {
    return this.write.subarray(0, this.nWrite).sort();
  }

  /**
   * The logged latencies as an exact multiset, or null when they are the latencies themselves
   * (then the latencies' own sorted values are the logged ones).
   */
  loggedValues(): ValueMultiset | null {
    return this.logged;
  }
}
