// Pure: what one simulation run means for a reader: the common latency summary, where the
// time of slow requests went (per stage), the slowest requests with all their instants, and
// which mechanisms the model blames.
import { requestLatenciesMs, requestLatencyMs, roundMs, slowestRequests, type SlowRequest } from './requests';
import type { StageBreakdown } from './stage-chart';
import { FAILURES, MECHANISMS, STAGES, type RequestTable, type SimRun } from '../../sim/xen/run-types';
import { nearestRankIndex } from '../../stats/percentiles';
import { sortedCopy } from '../../stats/sorted';
import { summarizeSorted } from '../../stats/summarize';
import type { ResultSummary } from '../types';
import { t } from '../../l10n';

export interface RunAnalysis {
  /** App latency of every request (arrive → read, or → failure), ms, in request order. */
  samples: Float64Array;
  sorted: Float64Array;
  summary: ResultSummary;
  /** send() → return: the ">50 ms write" symptom is a scheduler stall inside send(). */
  writeSummary: ResultSummary;
  /** What the application's own clock logged (quantised by its resolution). */
  loggedSummary: ResultSummary;
  stages: StageBreakdown & { causes: Record<string, number> };
  slowest: SlowRequest[];
  mechanisms: Record<string, number>;
  failures: Record<string, number>;
}

export class NoCompletedRequestsError extends Error {
  constructor(readonly failures: Record<string, number>) {
    const why = Object.entries(failures)
      .filter(([k, n]) => k !== 'ok' && n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    super(why ? t('no request completed in the simulation ({0})', why) : t('no request completed in the simulation'));
    this.name = 'NoCompletedRequestsError';
  }
}

export function analyzeRun(run: SimRun, stallThresholdMs: number, slowestCount: number): RunAnalysis {
  const table = run.requests;
  const failures = countFailures(table);
  const samples = toNanoseconds(requestLatenciesMs(table));
  if (samples.length === 0) throw new NoCompletedRequestsError(failures);
  const sorted = sortedCopy(samples);
  const summary = summarizeSorted(sorted, stallThresholdMs);
  const { write, logged } = sideLatencies(table);
  return {
    samples,
    sorted,
    summary,
    writeSummary: summarizeSorted(sortedCopy(write), stallThresholdMs),
    loggedSummary: summarizeSorted(sortedCopy(logged), stallThresholdMs),
    stages: stageBreakdown(table, sorted, stallThresholdMs),
    slowest: slowestRequests(table, slowestCount),
    mechanisms: countMechanisms(table, () => true),
    failures,
  };
}

function sideLatencies(table: RequestTable): { write: Float64Array; logged: Float64Array } {
  const write = new Float64Array(table.count);
  const logged = new Float64Array(table.count);
  let nw = 0;
  let nl = 0;
  const { appSend, writeDone } = table.instants;
  for (let i = 0; i < table.count; i++) {
    const w = (writeDone[i] - appSend[i]) / 1000;
    if (Number.isFinite(w)) write[nw++] = w;
    const l = table.loggedLatencyUs[i] / 1000;
    if (Number.isFinite(l)) logged[nl++] = l;
  }
  return { write: write.slice(0, nw), logged: logged.slice(0, nl) };
}

function countFailures(table: RequestTable): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(FAILURES.map((f) => [f, 0]));
  for (let i = 0; i < table.count; i++) {
    const name = FAILURES[table.failure[i]] ?? `failure ${table.failure[i]}`;
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

function countMechanisms(table: RequestTable, include: (i: number) => boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < table.count; i++) {
    if (!include(i)) continue;
    const name = MECHANISMS[table.cause[i]] ?? `mechanism ${table.cause[i]}`;
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

/**
 * Per-stage time of the slow requests: those above the stall threshold, or, when none
 * stalled, the slowest 1% (at least one), so the chart always explains the tail.
 */
export function stageBreakdown(
  table: RequestTable,
  sortedLatencyMs: Float64Array,
  stallThresholdMs: number,
): StageBreakdown & { causes: Record<string, number> } {
  const n = sortedLatencyMs.length;
  let basis: StageBreakdown['basis'] = 'stalls';
  let cut = stallThresholdMs;
  let strict = true;
  if (n === 0 || sortedLatencyMs[n - 1]! <= stallThresholdMs) {
    basis = 'slowest';
    cut = n === 0 ? Infinity : sortedLatencyMs[nearestRankIndex(n, 99)]!;
    strict = false;
  }
  const isSlow = (i: number): boolean => {
    const ms = requestLatencyMs(table, i);
    return strict ? ms > cut : ms >= cut;
  };
  const k = STAGES.length;
  const slowSum = new Float64Array(k);
  const slowMax = new Float64Array(k);
  const allSum = new Float64Array(k);
  let slowCount = 0;
  let allCount = 0;
  let slowLatencySum = 0;
  // Stage times only exist for requests that went the whole path; failed ones are counted in
  // `causes` (and the result's failures) but cannot say where their time went stage by stage.
  for (let i = 0; i < table.count; i++) {
    if (table.failure[i] !== 0) continue;
    const total = requestLatencyMs(table, i);
    if (Number.isNaN(total)) continue;
    allCount++;
    const slow = isSlow(i);
    if (slow) {
      slowCount++;
      slowLatencySum += total;
    }
    for (let s = 0; s < k; s++) {
      const st = STAGES[s]!;
      const d = (table.instants[st.to][i] - table.instants[st.from][i]) / 1000;
      if (!Number.isFinite(d)) continue;
      allSum[s] += d;
      if (slow) {
        slowSum[s] += d;
        if (d > slowMax[s]!) slowMax[s] = d;
      }
    }
  }
  return {
    basis,
    thresholdMs: stallThresholdMs,
    requests: slowCount,
    meanLatencyMs: roundMs(slowCount ? slowLatencySum / slowCount : 0),
    // µs resolution is the model's own; more digits would only be noise in the JSON.
    stages: STAGES.map((st, s) => ({
      stage: st.id,
      meanMs: roundMs(slowCount ? slowSum[s]! / slowCount : 0),
      maxMs: roundMs(slowMax[s]!),
      share: Math.round((slowLatencySum > 0 ? slowSum[s]! / slowLatencySum : 0) * 1e5) / 1e5,
      typicalMeanMs: roundMs(allCount ? allSum[s]! / allCount : 0),
    })),
    causes: countMechanisms(table, isSlow),
  };
}

/**
 * Samples are rounded to whole simulated nanoseconds: far below anything the model claims
 * to resolve, and it lets the file's decimal codec pack them in ~3 bytes instead of 8.
 */
function toNanoseconds(ms: Float64Array): Float64Array {
  const out = new Float64Array(ms.length);
  for (let i = 0; i < ms.length; i++) out[i] = Math.round(ms[i]! * 1e6) / 1e6;
  return out;
}
