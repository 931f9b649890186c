// The founding case's three symptoms, counted in one simulated run so a hypothesis can be checked
// against all of them at once (cnblogs 黑色0.1秒, research notes §4):
//  1. a read returns late although a capture inside the guest already saw the response
//     (appRead − guestCapture above SLOW_READ_AFTER_CAPTURE_MS);
//  2. a small write takes more than SLOW_WRITE_MS (send() → return);
//  3. a fresh TCP connect takes about 3 ms (the median connect latency of the requests that
//     opened a connection, tcp.newConnectionFraction; null when none did).
import type { RequestTable } from '../../sim/xen/run-types';
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

export function countSymptoms(table: RequestTable): Symptoms {
  const { appRead, guestCapture, appSend, writeDone } = table.instants;
  let slowReadsAfterCapture = 0;
  let slowWrites = 0;
  for (let i = 0; i < table.count; i++) {
    if (appRead[i] - guestCapture[i] > SLOW_READ_AFTER_CAPTURE_MS * 1000) slowReadsAfterCapture++;
    if (writeDone[i] - appSend[i] > SLOW_WRITE_MS * 1000) slowWrites++;
  }
  const connect = table.connectUs ? Array.from(table.connectUs).filter((x) => Number.isFinite(x)) : [];
  connect.sort((a, b) => a - b);
  // The lower median (nearest rank), as the reported percentiles are.
  const p50 = connect.length ? connect[Math.ceil(connect.length / 2) - 1] / 1000 : null;
  return { slowReadsAfterCapture, slowWrites, connects: connect.length, connectP50Ms: p50 === null ? null : Math.round(p50 * 1e6) / 1e6 };
}

/** One markdown line quoting the counts, for the cell's summary. */
export function symptomLine(s: Symptoms): string {
  const connect = s.connectP50Ms === null ? t('no new connections') : t('connect p50 {0} ms ({1} connects)', s.connectP50Ms.toFixed(2), s.connects);
  return `\n${t('Symptoms: {0} reads > {1} ms after capture, {2} writes > {3} ms, {4}.', s.slowReadsAfterCapture, SLOW_READ_AFTER_CAPTURE_MS, s.slowWrites, SLOW_WRITE_MS, connect)}\n`;
}
