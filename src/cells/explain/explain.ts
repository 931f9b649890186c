// The explain pipeline: signatures of the observation, a calibration pilot per hypothesis, every
// hypothesis's fit grid run on the sweep workers, each candidate compared as it arrives, then
// scores, verdicts and ties. Deterministic for a seed: every run uses it (common random
// numbers), candidates are judged in grid order whatever order the workers finish in.

import { t } from '../../l10n';
import { downsampleCdf, type CdfPoint } from '../../stats/cdf';
import { runConfigs, type SweepOptions } from '../../sim/sweep/sweep';
import type { SweepPoint } from '../../sim/sweep/sweep-point';
import { applyValues, combinations } from '../../sim/sweep/sweep-point';
import { configFor } from '../../sim/xen/preset-config';
import type { SimConfig } from '../../sim/xen/config';
import { asObserved, calibrate, maxResidualMs, type Calibration } from './calibration';
import { compare, compareShapes, tailOf } from './compare';
import { defaultFit, type FitRanges } from './default-fits';
import { bestPerHypothesis, judge, judgeAll, rank, type Candidate, type Noise, type RankedEntry, type TieGroup } from './ranking';
import { bodyOf, detectSignatures, ms, type Body, type Observation, type Signatures } from './signatures';

export interface HypothesisSpec {
  preset: string;
  /** Dotted config path → values to search; default: the preset's default fit ranges. */
  fit?: FitRanges;
}

export interface ExplainOptions {
  hypotheses: HypothesisSpec[];
  stallThresholdMs: number;
  seed: number;
  /** Simulated requests per candidate. */
  requests: number;
  signal?: AbortSignal;
  onProgress?: (message: string, fraction?: number) => void;
  workers?: number;
  workerScript?: string;
}

export interface CandidateView extends Candidate {
  /** Downsampled CDF of the candidate's calibrated samples, for the chart. */
  cdf: CdfPoint[];
}

export interface ExplainAnswer {
  signatures: Signatures;
  observedCdf: CdfPoint[];
  observedTail: Float64Array;
  ranking: (RankedEntry & { cdf: CdfPoint[] })[];
  indistinguishable: TieGroup[];
  candidatesRun: number;
  candidatesPlanned: number;
  hypothesesDone: number;
  cancelled: boolean;
}

const PILOT_REQUESTS = 5000;

/** Median and 10–90% of the samples at or below the threshold (all of them if none are). */
function bodyBelow(sorted: Float64Array, thresholdMs: number): Body {
  let n = 0;
  while (n < sorted.length && sorted[n] <= thresholdMs) n++;
  return bodyOf(n > 0 ? sorted.subarray(0, n) : sorted);
}

/** The default threshold: 4× the observed median, at least 10 ms (a stall is far above the body). */
export function defaultThreshold(samplesMs: Float64Array): number {
  const sorted = Float64Array.from(samplesMs).sort();
  const med = sorted[Math.floor((sorted.length - 1) / 2)];
  return Math.max(10, Math.ceil(4 * med));
}

export async function explain(obs: Observation, opts: ExplainOptions): Promise<ExplainAnswer> {
  const thr = opts.stallThresholdMs;
  const sig = detectSignatures(obs, thr);
  const observedSorted = Float64Array.from(obs.samplesMs).sort();
  const observedTail = tailOf(observedSorted, thr);
  const quantum = sig.clockQuantumMs;
  const sweep: SweepOptions = { keepLatencies: true, signal: opts.signal, workers: opts.workers, workerScript: opts.workerScript };
  const progress = opts.onProgress ?? (() => {});
  const nh = opts.hypotheses.length;

  // 1. Calibration pilots: each hypothesis as its preset defines it, short.
  progress(t('calibrating the body: {0} / {1} hypotheses', 0, nh), 0);
  const base = (h: HypothesisSpec, over: Record<string, unknown>): SimConfig => configFor(h.preset, { stallThresholdMs: thr, ...over });
  let pilotsDone = 0;
  const pilots = await runConfigs(
    opts.hypotheses.map((h) => ({ config: base(h, { requests: Math.min(opts.requests, PILOT_REQUESTS) }), values: {} })),
    opts.seed,
    { ...sweep, onProgress: () => progress(t('calibrating the body: {0} / {1} hypotheses', ++pilotsDone, nh), (0.1 * pilotsDone) / nh) },
  );
  // The body is what is not a stall: calibrating on all samples would let a stall-heavy
  // observation (a loaded probe) inflate the server time of every hypothesis.
  const observedBody = bodyBelow(observedSorted, thr);
  const calibrations: Calibration[] = opts.hypotheses.map((h, i) => {
    const cfg = base(h, {});
    return calibrate(observedBody, bodyBelow(Float64Array.from(pilots[i].latenciesMs!).sort(), thr), cfg.wire, cfg.server, quantum ?? 0);
  });

  // 2. Every hypothesis's grid, calibrated.
  const items: { config: SimConfig; values: Record<string, unknown>; h: number }[] = [];
  opts.hypotheses.forEach((h, hi) => {
    const fit = h.fit ?? defaultFit(h.preset);
    const cal = calibrations[hi];
    const calibrated = base(h, { requests: opts.requests, wire: { oneWayUs: cal.wireOneWayUs }, server: { serviceUs: cal.serverServiceUs } });
    const combos = combinations(Object.entries(fit).map(([path, values]) => ({ path, values })));
    for (const values of combos) items.push({ config: applyValues(calibrated, values), values, h: hi });
  });
  const remaining = opts.hypotheses.map((_, hi) => items.filter((it) => it.h === hi).length);
  const candidates: (CandidateView & { index: number })[] = [];
  let hypothesesDone = 0;
  let leader: { name: string; score: number } | undefined;

  const onPoint = (p: SweepPoint) => {
    const it = items[p.index];
    const c = candidateOf(p, it.h, it.values);
    candidates.push(c);
    const j = judge(c, sig);
    if (j.verdict !== 'ruled-out' && (!leader || j.score < leader.score)) leader = { name: c.hypothesis, score: j.score };
    if (--remaining[it.h] === 0) hypothesesDone++;
    const text = leader ? t('{0} / {1} hypotheses, best so far: {2} (score {3})', hypothesesDone, nh, leader.name, leader.score.toFixed(2)) : t('{0} / {1} hypotheses', hypothesesDone, nh);
    progress(text, 0.1 + (0.9 * candidates.length) / items.length);
  };
  const candidateOf = (p: SweepPoint, hi: number, values: Record<string, unknown>): CandidateView & { index: number } => {
    const lat = p.latenciesMs!;
    const sorted = Float64Array.from(lat).sort();
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    const residual = sig.body.medianMs - median;
    const allowed = Math.abs(residual) <= maxResidualMs(sig.body.medianMs);
    const shift = allowed ? residual : 0;
    const adjusted = asObserved(lat, shift, quantum, opts.seed + p.index);
    // A shift keeps the order; only a clock grid (random phase per request) needs a new sort.
    const adjSorted = quantum ? Float64Array.from(adjusted).sort() : sorted.map((x) => Math.max(1e-6, x + shift));
    const cal = calibrations[hi];
    const mismatch = (): string =>
      cal.limited
        ? t('predicts a median of {0} ms after calibration; observed {1} ms ({2})', ms(median), ms(sig.body.medianMs), cal.limited)
        : t('predicts a median of {0} ms after calibration; observed {1} ms', ms(median), ms(sig.body.medianMs));
    const bodyMismatch = allowed ? undefined : mismatch();
    const csig = detectSignatures({ samplesMs: adjusted, source: opts.hypotheses[hi].preset }, thr, quantum, adjSorted);
    return {
      index: p.index,
      hypothesis: opts.hypotheses[hi].preset,
      params: values,
      comparison: compare(sig, observedTail, adjusted, adjSorted[Math.floor((adjSorted.length - 1) / 2)], p.summary.stallStageMeansMs),
      signatures: csig,
      tail: tailOf(adjSorted, thr),
      stageMeansMs: p.summary.stallStageMeansMs,
      stallsByMechanism: p.summary.stallsByMechanism,
      calibration: { ...cal, residualShiftMs: shift, ...(bodyMismatch ? { bodyMismatch } : {}) },
      cdf: downsampleCdf(adjSorted),
    };
  };

  let cancelled = false;
  try {
    await runConfigs(items, opts.seed, { ...sweep, onPoint });
  } catch (e) {
    if (!opts.signal?.aborted) throw e;
    cancelled = true;
  }
  candidates.sort((a, b) => a.index - b.index);
  const best = bestPerHypothesis(judgeAll(candidates, sig));
  // 3. Noise: each hypothesis's best candidate again with the next seed.
  // Only where noise can change the answer: a hypothesis ruled out by its stall rate (beyond 4
  // standard errors and a factor of 3) or by a body it cannot produce stays ruled out whatever
  // the seed, and never ties (ruled-out hypotheses are not grouped).
  const needsNoise = best.filter((b) => !(b.calibration.bodyMismatch || (Math.abs(b.comparison.rate.z) > 4 && b.comparison.rate.log10Ratio > Math.log10(3))));
  if (!cancelled && needsNoise.length) {
    progress(t('{0} / {0} hypotheses; rerunning the best of {1} with another seed to measure their noise', nh, needsNoise.length), 0.95);
    try {
      const reps = await runConfigs(needsNoise.map((b) => ({ config: items[b.index!].config, values: b.params })), opts.seed + 1, sweep);
      needsNoise.forEach((b, i) => {
        const rep = candidateOf({ ...reps[i], index: b.index! }, items[b.index!].h, b.params);
        b.noise = noiseBetween(b, rep);
      });
    } catch (e) {
      if (!opts.signal?.aborted) throw e;
      cancelled = true;
    }
  }
  const { ranking, indistinguishable } = rank(judgeAll(best, sig), sig);
  return {
    signatures: sig,
    observedCdf: downsampleCdf(observedSorted),
    observedTail,
    // Candidates carry their CDF through judge/rank (they spread the candidate).
    ranking: ranking as (RankedEntry & { cdf: CdfPoint[] })[],
    indistinguishable,
    candidatesRun: candidates.length,
    candidatesPlanned: items.length,
    hypothesesDone,
    cancelled,
  };
}

/** Two runs of one candidate: their tail distance, as is (no scaling: the distance is what two runs of one hypothesis show). */
function noiseBetween(a: Candidate, b: Candidate): Noise | undefined {
  const sh = compareShapes(a.tail, b.tail, a.signatures.stalls.episodes, b.signatures.stalls.episodes);
  if (!sh) return undefined;
  const ra = a.comparison.rate.simulated;
  const rb = b.comparison.rate.simulated;
  const rateLog10 = Math.abs(Math.log10((ra.count + 0.5) / (ra.of + 1)) - Math.log10((rb.count + 0.5) / (rb.of + 1)));
  return { wassersteinLog10: sh.wassersteinLog10, andersonDarlingT: sh.andersonDarling.t, rateLog10 };
}
