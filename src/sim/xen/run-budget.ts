// What a run will cost before it starts, and the budget a run must fit. A spec can pass every
// range check and still never end (rate 0.001/s with 20,000 requests: the 10 ms scheduler ticks
// run for the whole 230 days of simulated time), or not fit in memory (requests are tabled
// per request). The estimate counts the events of the periodic processes over the simulated
// time plus the events of each request, and the bytes of what the run keeps per request: the
// model itself keeps only the requests in flight (request-slots.ts); the cell's analysis keeps
// what exact summaries need (run-digest.ts), and a consumer that asks for every request's
// instants (TableSink) pays for its table.

import type { SimConfig } from './config-types';
import { BYTES_PER_CONNECT, DIGEST_BYTES_PER_REQUEST } from './run-digest';
import { TABLE_BYTES_PER_REQUEST } from './table-sink';
import { t } from '../../l10n';

/** Refuse runs estimated above these: ≈ 4 minutes at the 2–3 M events/s one core manages, and 1.5 GB. */
export const RUN_BUDGET = { events: 600e6, bytes: 1.5e9 } as const;
/** A sweep's combinations together: four runs' worth, shared by the worker threads. */
export const SWEEP_BUDGET_EVENTS = 4 * RUN_BUDGET.events;

/** Events each request costs on the path (measured: 11 in baseline, 18 in black-0.1s), with margin. */
const EVENTS_PER_REQUEST = 25;
/**
 * Bytes per request of a run that does not keep every request: the exact summaries' latency,
 * send() time and sorted copy (24 B), and the stage breakdown's slowest 1% (≈ 110 B each, kept
 * until a request stalls: ≈ 1.1 B per request). The ring of requests in flight is sized by
 * concurrency (rate × the longest latency) and left out.
 */
export const BYTES_PER_REQUEST = DIGEST_BYTES_PER_REQUEST + 2;
/** Options of the estimate: a consumer that keeps every request's instants (TableSink). */
export interface RunKeeps {
  keepRequests?: boolean;
}

export interface RunEstimate {
  simulatedUs: number;
  events: number;
  bytes: number;
}

/** Bytes per request of a run of `c` (its connects' latencies included: the connect summary's). */
export function bytesPerRequest(keeps: RunKeeps = {}, c?: SimConfig): number {
  const connects = c ? c.tcp.newConnectionFraction * BYTES_PER_CONNECT : 0;
  return BYTES_PER_REQUEST + (keeps.keepRequests ? TABLE_BYTES_PER_REQUEST : 0) + connects;
}

export function estimateRun(c: SimConfig, keeps: RunKeeps = {}): RunEstimate {
  const simulatedUs = c.warmupMs * 1000 + (c.requests / c.ratePerSec) * 1e6;
  const np = c.pcpus + (c.dom0.dedicated ? c.dom0.vcpus : 0);
  const sc = c.scheduler;
  // Scheduler: a tick per pCPU and an accounting per pool (credit1), slice ends where vCPUs contend.
  const tickUs = (sc.tickMs ?? 10 / 3) * 1000;
  let perUs = np / tickUs + 2 / ((sc.acctMs ?? 10) * 1000) + np / (sc.tsliceMs * 1000);
  // Background bursts: a start and an end each.
  const bursts = c.guest.cpuLoad.reduce((a, l) => a + l / (c.guest.burstMs * 1000), 0) + c.dom0.cpuLoad / (c.dom0.burstMs * 1000) + (c.neighbours.bursty * c.neighbours.burstyLoad) / (c.neighbours.burstMs * 1000);
  perUs += 2 * bursts;
  if (c.netback.rateLimitBytesPerSec > 0) perUs += 1 / (c.netback.rateLimitWindowMs * 1000);
  if (c.guestPause.meanIntervalMs > 0) perUs += 1 / (c.guestPause.meanIntervalMs * 1000);
  const events = simulatedUs * perUs + c.requests * EVENTS_PER_REQUEST * (1 + c.tcp.newConnectionFraction);
  return { simulatedUs, events, bytes: c.requests * bytesPerRequest(keeps, c) };
}

/** Why a run does not fit the budget and what to change; empty when it fits. */
export function budgetIssues(c: SimConfig, keeps: RunKeeps = {}): { path: string; message: string }[] {
  const e = estimateRun(c, keeps);
  const issues: { path: string; message: string }[] = [];
  const days = e.simulatedUs / 86_400e6;
  const span = days >= 1 ? t('{0} days', days.toPrecision(3)) : `${(e.simulatedUs / 1e6).toPrecision(3)} s`;
  if (!(e.events <= RUN_BUDGET.events)) {
    const perRequest = c.requests * EVENTS_PER_REQUEST;
    const timeBound = e.events - perRequest > perRequest;
    const path = !timeBound ? 'requests' : c.warmupMs * 1000 > (c.requests / c.ratePerSec) * 1e6 ? 'warmupMs' : 'ratePerSec';
    const why = timeBound
      ? t('{0} of simulated time (warmupMs + requests / rate), during which the scheduler ticks and background load run all along: raise the rate, or lower requests or warmupMs', span)
      : t('{0} requests of about {1} events each: lower requests', fmt(c.requests), EVENTS_PER_REQUEST);
    issues.push({ path, message: t('this run would not finish in the run budget: about {0} events (budget {1}, a few minutes of one core) for {2}.', fmt(e.events), fmt(RUN_BUDGET.events), why) });
  }
  if (!(e.bytes <= RUN_BUDGET.bytes)) {
    const per = bytesPerRequest(keeps, c);
    issues.push({
      path: 'requests',
      message: t(
        'this run would need about {0}B of memory ({1} B per request; budget {2}B): at most {3} requests per run.',
        fmt(e.bytes),
        Number(per.toFixed(1)),
        fmt(RUN_BUDGET.bytes),
        fmt(Math.floor(RUN_BUDGET.bytes / per)),
      ),
    });
  }
  return issues;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return t('infinitely many');
  return x >= 1e9 ? `${(x / 1e9).toPrecision(3)} G` : x >= 1e6 ? `${(x / 1e6).toPrecision(3)} M` : `${Math.round(x)} `;
}
