// Pure: what one simulation run means for a reader: the common latency summary, where the
// time of slow requests went (per stage), the slowest requests with all their instants, and
// which mechanisms the model blames. Folded from the requests as they complete (RunAnalyzer, a
// sink of the model), in request order, so the run keeps no table of every request: per request
// only what the exact summaries need (src/sim/xen/run-digest.ts).
import { roundMs, SlowestKeeper, type SlowRequest } from './requests';
import type { StageBreakdown } from './stage-chart';
import { SlowCandidates } from './slow-candidates';
import { SymptomCounter, type Symptoms } from './symptoms';
import type { RequestSink } from '../../sim/xen/request-slots';
import { LatencyDigest } from '../../sim/xen/run-digest';
import { MECHANISMS, STAGES, type RequestRows } from '../../sim/xen/run-types';
import { nearestRankIndex } from '../../stats/percentiles';
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
  /** connect() → return of the requests that opened a connection; absent when none did. */
  connectSummary?: ResultSummary;
  /** What the application's own clock logged (quantised by its resolution). */
  loggedSummary: ResultSummary;
  stages: StageBreakdown & { causes: Record<string, number> };
  slowest: SlowRequest[];
  mechanisms: Record<string, number>;
  failures: Record<string, number>;
  symptoms: Symptoms;
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

const K = STAGES.length;

/** Sums of the stage times (ms) of a set of requests. */
class StageSums {
  readonly sum = new Float64Array(K);
  readonly max = new Float64Array(K);
  count = 0;
  latencySum = 0;

  add(stageMs: ArrayLike<number>, latencyMs: number): void {
    this.count++;
    this.latencySum += latencyMs;
    for (let s = 0; s < K; s++) {
      const d = stageMs[s]!;
      if (!Number.isFinite(d)) continue;
      this.sum[s] += d;
      if (d > this.max[s]!) this.max[s] = d;
    }
  }
}

/** Folds a run's requests, as they complete, into its RunAnalysis. */
export class RunAnalyzer implements RequestSink {
  readonly digest: LatencyDigest;
  private readonly keeper: SlowestKeeper;
  private readonly symptoms = new SymptomCounter();
  private readonly mechanisms: Record<string, number> = {};
  /** Every request that went the whole path: what "normal" looks like per stage. */
  private readonly all = new StageSums();
  /** The requests above the stall threshold (the breakdown's basis when any stalled). */
  private readonly stalls = new StageSums();
  private readonly stallCauses: Record<string, number> = {};
  /** The slowest 1% (the basis when none stalled), until a stall makes them moot. */
  private candidates: SlowCandidates | null;
  private readonly stageMs = new Float64Array(K);

  constructor(
    requests: number,
    private readonly stallThresholdMs: number,
    slowestCount: number,
  ) {
    this.digest = new LatencyDigest(requests);
    this.keeper = new SlowestKeeper(slowestCount);
    this.candidates = new SlowCandidates(requests - nearestRankIndex(Math.max(1, requests), 99) + 64);
  }

  complete(rows: RequestRows, s: number, r: number): void {
    this.digest.complete(rows, s, r);
    this.keeper.complete(rows, s, r);
    this.symptoms.complete(rows, s);
    const name = MECHANISMS[rows.cause[s]] ?? `mechanism ${rows.cause[s]}`;
    this.mechanisms[name] = (this.mechanisms[name] ?? 0) + 1;
    // The digest has just worked it out (requestLatencyMs's rule): read, not recomputed.
    const total = this.digest.latencyMs[r]!;
    const stalled = total > this.stallThresholdMs;
    if (stalled) this.stallCauses[name] = (this.stallCauses[name] ?? 0) + 1;
    // Stage times only exist for requests that went the whole path; failed ones are counted in
    // `causes` (and the result's failures) but cannot say where their time went stage by stage.
    const whole = rows.failure[s] === 0 && !Number.isNaN(total);
    if (whole) {
      for (let k = 0; k < K; k++) this.stageMs[k] = (rows.instants[STAGES[k]!.to][s] - rows.instants[STAGES[k]!.from][s]) / 1000;
      this.all.add(this.stageMs, total);
      if (stalled) this.stalls.add(this.stageMs, total);
    }
    if (this.candidates === null || Number.isNaN(total)) return;
    // Rounded to ns this is still above the threshold: the breakdown's basis will be the stalls.
    if (total > this.stallThresholdMs + 1e-6) this.candidates = null;
    else this.candidates.offer(r, total, name, whole ? this.stageMs : null);
  }

  analysis(): RunAnalysis {
    const d = this.digest;
    const thr = this.stallThresholdMs;
    const sorted = d.sortedLatencies();
    if (sorted.length === 0) throw new NoCompletedRequestsError(d.failures);
    const logged = d.loggedValues();
    // Without a clock resolution the logged latencies are the latencies (before the rounding below).
    const loggedSummary = logged ? logged.summary(thr) : summarizeSorted(sorted, thr);
    // Samples are rounded to whole simulated nanoseconds: far below anything the model claims to
    // resolve, and it lets the file's decimal codec pack them in ~3 bytes instead of 8. Rounding
    // keeps the order, so the sorted copy is rounded in place.
    for (let i = 0; i < sorted.length; i++) sorted[i] = toNs(sorted[i]!);
    const summary = summarizeSorted(sorted, thr);
    const connectSummary = this.symptoms.connectSummary(thr);
    return {
      samples: roundedInOrder(d.latencyMs, sorted.length),
      sorted,
      summary,
      writeSummary: summarizeSorted(d.sortedWrites(), thr),
      loggedSummary,
      stages: this.stages(sorted),
      slowest: this.keeper.slowest(),
      mechanisms: this.mechanisms,
      failures: d.failures,
      symptoms: this.symptoms.symptoms(),
      ...(connectSummary ? { connectSummary } : {}),
    };
  }

  /**
   * Per-stage time of the slow requests: those above the stall threshold, or, when none
   * stalled, the slowest 1% (at least one), so the chart always explains the tail.
   */
  stages(sortedLatencyMs: Float64Array): StageBreakdown & { causes: Record<string, number> } {
    const n = sortedLatencyMs.length;
    if (n > 0 && sortedLatencyMs[n - 1]! > this.stallThresholdMs) return this.breakdown('stalls', this.stalls, this.stallCauses);
    const cut = n === 0 ? Infinity : sortedLatencyMs[nearestRankIndex(n, 99)]!;
    const slow = new StageSums();
    const causes: Record<string, number> = {};
    if (this.candidates === null) throw new Error('internal: the slowest requests were dropped although none stalled');
    this.candidates.each(cut, (cause, latencyMs, stageMs) => {
      causes[cause] = (causes[cause] ?? 0) + 1;
      if (stageMs) slow.add(stageMs, latencyMs);
    });
    return this.breakdown('slowest', slow, causes);
  }

  private breakdown(basis: StageBreakdown['basis'], slow: StageSums, causes: Record<string, number>): StageBreakdown & { causes: Record<string, number> } {
    const all = this.all;
    return {
      basis,
      thresholdMs: this.stallThresholdMs,
      requests: slow.count,
      meanLatencyMs: roundMs(slow.count ? slow.latencySum / slow.count : 0),
      // µs resolution is the model's own; more digits would only be noise in the JSON.
      stages: STAGES.map((st, s) => ({
        stage: st.id,
        meanMs: roundMs(slow.count ? slow.sum[s]! / slow.count : 0),
        maxMs: roundMs(slow.max[s]!),
        share: Math.round((slow.latencySum > 0 ? slow.sum[s]! / slow.latencySum : 0) * 1e5) / 1e5,
        typicalMeanMs: roundMs(all.count ? all.sum[s]! / all.count : 0),
      })),
      causes,
    };
  }
}

const toNs = (ms: number) => Math.round(ms * 1e6) / 1e6;

/** The known latencies in request order, rounded to ns, in place (the digest is done with them). */
function roundedInOrder(latencyMs: Float64Array, known: number): Float64Array {
  let k = 0;
  for (let i = 0; i < latencyMs.length; i++) if (!Number.isNaN(latencyMs[i])) latencyMs[k++] = toNs(latencyMs[i]!);
  return k === latencyMs.length ? latencyMs : latencyMs.slice(0, known);
}


