// The founding case's three symptoms, counted in one simulated run so a hypothesis can be checked
// against all of them at once (cnblogs 黑色0.1秒, research notes §4):
//  1. a read returns late although a capture inside the guest already saw the response
//     (appRead − guestCapture above SLOW_READ_AFTER_CAPTURE_MS);
//  2. a small write takes more than SLOW_WRITE_MS (send() → return);
//  3. a fresh TCP connect takes about 3 ms (the median connect latency of the requests that
//     opened a connection, tcp.newConnectionFraction; null when none did). The connect latencies
//     are also summarised like the request latencies (connectSummary).
import type { RequestSink } from '../../sim/xen/request-slots';
import type { RequestRows, RequestTable } from '../../sim/xen/run-types';
import { replayTable } from '../../sim/xen/table-sink';
import { formatCount, formatMs } from '../../stats/format-ms';
import { summarizeSorted } from '../../stats/summarize';
import type { ResultSummary } from '../../stats/types';
import { t } from '../../l10n';

export const SLOW_READ_AFTER_CAPTURE_MS = 50;
export const SLOW_WRITE_MS = 50;

export interface Symptoms {
  /** Requests whose response waited in the guest more than 50 ms after the capture point. */
  slowReadsAfterCapture: number;
  /** Requests whose send() took more than 50 ms. */
  slowWrites: number;
  /** Requests that opened a new connection first. */
  connects: number;
  /** Median connect() latency, ms; null without connects. */
  connectP50Ms: number | null;
}

/** Counts the symptoms as requests complete; keeps the connect latencies (one per connect). */
export class SymptomCounter implements RequestSink {
  private slowReadsAfterCapture = 0;
  private slowWrites = 0;
  /** connect() latencies (µs) of the first `nConnect` connects (run-digest.ts BYTES_PER_CONNECT); sorted once asked for. */
  private connect = new Float64Array(0);
  private nConnect = 0;
  private sorted: Float64Array | null = null;

  complete(rows: RequestRows, i: number): void {
    const { appRead, guestCapture, appSend, writeDone } = rows.instants;
    if (appRead[i] - guestCapture[i] > SLOW_READ_AFTER_CAPTURE_MS * 1000) this.slowReadsAfterCapture++;
    if (writeDone[i] - appSend[i] > SLOW_WRITE_MS * 1000) this.slowWrites++;
    if (rows.connectUs && Number.isFinite(rows.connectUs[i])) this.addConnect(rows.connectUs[i]);
  }

  private addConnect(us: number): void {
    if (this.nConnect === this.connect.length) {
      const grown = new Float64Array(Math.max(64, this.connect.length * 2));
      grown.set(this.connect);
      this.connect = grown;
    }
    this.connect[this.nConnect++] = us;
    this.sorted = null;
  }

  /** The connect latencies (µs), ascending. */
  private sortedConnects(): Float64Array {
    return (this.sorted ??= this.connect.subarray(0, this.nConnect).sort());
  }

  /**
   * connect() latency like the request latency (count, percentiles, max, stalls above the same
   * threshold), ms rounded to ns as the request samples are; null when no request connected.
   */
  connectSummary(stallThresholdMs: number): ResultSummary | null {
    const us = this.sortedConnects();
    if (us.length === 0) return null;
    const ms = new Float64Array(us.length);
    for (let k = 0; k < us.length; k++) ms[k] = Math.round((us[k]! / 1000) * 1e6) / 1e6;
    return summarizeSorted(ms, stallThresholdMs);
  }

  symptoms(): Symptoms {
    const connect = this.sortedConnects();
    // The lower median (nearest rank), as the reported percentiles are.
    const p50 = connect.length ? connect[Math.ceil(connect.length / 2) - 1] / 1000 : null;
    return { slowReadsAfterCapture: this.slowReadsAfterCapture, slowWrites: this.slowWrites, connects: connect.length, connectP50Ms: p50 === null ? null : Math.round(p50 * 1e6) / 1e6 };
  }
}

export function countSymptoms(table: RequestTable): Symptoms {
  const counter = new SymptomCounter();
  replayTable(table, counter);
  return counter.symptoms();
}

/** One markdown line quoting the counts, for the cell's summary. */
export function symptomLine(s: Symptoms): string {
  const connect = s.connectP50Ms === null ? t('no new connections') : t('connect p50 {0} ms ({1} connects)', s.connectP50Ms.toFixed(2), s.connects);
  return `\n${t('Symptoms: {0} reads > {1} ms after capture, {2} writes > {3} ms, {4}.', s.slowReadsAfterCapture, SLOW_READ_AFTER_CAPTURE_MS, s.slowWrites, SLOW_WRITE_MS, connect)}\n`;
}

/** One markdown line summarising connect() latency beside the request table; empty without connects. */
export function connectLine(s: ResultSummary | undefined): string {
  if (!s) return '';
  const p = s.percentilesMs;
  return `\n${t('connect(): {0} connects, p50 {1}, p90 {2}, p99 {3}, p99.9 {4}, max {5}.', formatCount(s.count), formatMs(p['50']), formatMs(p['90']), formatMs(p['99']), formatMs(p['99.9']), formatMs(s.maxMs))}\n`;
}
