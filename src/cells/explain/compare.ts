// One candidate (a hypothesis at one point of its fit grid) against the observation: the
// statistics the score combines, each of which a reader can check by hand.
//
// - Stall rate: observed k/n vs simulated k/n, each with a Wilson 95% interval, and a pooled
//   two-proportion z; the rate term of the score is |log10| of the ratio (with +0.5 continuity so
//   that 0 stalls is finite). Stalls come in bursts that share one cause, so intervals and z use
//   the effective sample (design effect = stalls per episode), not the raw counts.
// - Stall shape: the latencies of the stalled requests only (the tail, where hypotheses differ;
//   the body was calibrated to match), by the two-sample Anderson–Darling test (midrank version:
//   clocks make ties) on each side reduced to as many evenly spaced quantiles as it has
//   episodes (the test assumes independent draws), and Wasserstein-1 on log10 latency (decades).
// - Location: when the observation says how many stalls were pauses of the measuring process,
//   the share of stalled time the hypothesis puts inside the guest (after the packet reached it:
//   the application or its vCPU not running) is compared with that share.

import { andersonDarling2, type AndersonDarlingResult } from '../../stats/anderson-darling';
import type { Interval } from '../../stats/binomial-interval';
import { wasserstein1Log10 } from '../../stats/wasserstein';
import { predictedAfterCaptureShare, type CaptureComparison } from './capture-stages';
import { effectiveInterval, episodesOf, type Signatures } from './signatures';

export interface RateComparison {
  observed: { count: number; of: number; rate: number; interval: Interval };
  simulated: { count: number; of: number; rate: number; interval: Interval };
  /** Pooled two-proportion z (simulated − observed). */
  z: number;
  /** |log10(simulated rate / observed rate)|, each with +0.5 continuity. */
  log10Ratio: number;
}

export interface ShapeComparison {
  observedStalls: number;
  simulatedStalls: number;
  /** The effective sizes the Anderson–Darling test used (episodes, at least 5). */
  observedEpisodes: number;
  simulatedEpisodes: number;
  andersonDarling: Pick<AndersonDarlingResult, 't' | 'p'>;
  /** Wasserstein-1 between log10 stall latencies, in decades. */
  wassersteinLog10: number;
}

export interface LocationComparison {
  observedClientShare: number;
  observedInterval: Interval;
  /** Share of stalled time the hypothesis places inside the guest, after the packet arrived. */
  predictedGuestShare: number;
}

export interface Comparison {
  rate: RateComparison;
  shape?: ShapeComparison;
  location?: LocationComparison;
  /** When the observation was captured: the share of stalled time after the guest's capture, observed vs predicted. */
  capture?: CaptureComparison;
  /** Calibrated simulated body median vs observed (ms). */
  bodyMedianMs: { observed: number; simulated: number };
}

/** Stages where stalled time means "the guest had the data, its application did not run". */
export const GUEST_SIDE_STAGES = ['capture-to-read', 'app-to-send', 'guest-tx'];

export function guestSideShare(stageMeansMs: Record<string, number> | undefined): number | undefined {
  if (!stageMeansMs) return undefined;
  let all = 0;
  let guest = 0;
  for (const [k, v] of Object.entries(stageMeansMs)) {
    all += v;
    if (GUEST_SIDE_STAGES.includes(k)) guest += v;
  }
  return all > 0 ? guest / all : undefined;
}

/** Latencies above the threshold, for the shape comparison. */
export function tailOf(samplesMs: ArrayLike<number>, thresholdMs: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < samplesMs.length; i++) if (samplesMs[i] > thresholdMs) out.push(samplesMs[i]);
  return Float64Array.from(out).sort();
}

/** Shape statistics need a few stalls on both sides to mean anything. */
export const MIN_STALLS_FOR_SHAPE = 5;

/** k stalls in n requests, in e episodes, on each side (e defaults to k: independent stalls). */
export function compareRates(ko: number, no: number, ks: number, ns: number, eo = ko, es = ks): RateComparison {
  const po = ko / no;
  const ps = ks / ns;
  const pooled = (ko + ks) / (no + ns);
  // Variance inflation by the pooled design effect (stalls per episode, at least 1).
  const design = Math.max(1, eo + es > 0 ? (ko + ks) / (eo + es) : 1);
  const se = Math.sqrt(design * pooled * (1 - pooled) * (1 / no + 1 / ns));
  const z = se > 0 ? (ps - po) / se : 0;
  const log10Ratio = Math.abs(Math.log10((ks + 0.5) / (ns + 1)) - Math.log10((ko + 0.5) / (no + 1)));
  return {
    observed: { count: ko, of: no, rate: po, interval: effectiveInterval(ko, no, eo) },
    simulated: { count: ks, of: ns, rate: ps, interval: effectiveInterval(ks, ns, es) },
    z,
    log10Ratio,
  };
}

/** m evenly spaced quantiles of a sorted sample (the sample itself when it has at most m). */
export function quantiles(sorted: Float64Array, m: number): Float64Array {
  if (sorted.length <= m) return sorted;
  return Float64Array.from({ length: m }, (_, i) => sorted[Math.min(sorted.length - 1, Math.floor(((i + 0.5) / m) * sorted.length))]);
}

export function compareShapes(observedTail: Float64Array, simulatedTail: Float64Array, observedEpisodes = observedTail.length, simulatedEpisodes = simulatedTail.length): ShapeComparison | undefined {
  if (observedTail.length < MIN_STALLS_FOR_SHAPE || simulatedTail.length < MIN_STALLS_FOR_SHAPE) return undefined;
  let ad: Pick<AndersonDarlingResult, 't' | 'p'>;
  try {
    const eff = (tail: Float64Array, e: number) => quantiles(tail, Math.max(MIN_STALLS_FOR_SHAPE, e));
    const r = andersonDarling2(eff(observedTail, observedEpisodes), eff(simulatedTail, simulatedEpisodes), true);
    ad = { t: r.t, p: r.p };
  } catch {
    // All stalls of both sides have one value (a coarse clock): identical or not, no test needed.
    ad = observedTail[0] === simulatedTail[0] ? { t: 0, p: 0.25 } : { t: Infinity, p: 0.001 };
  }
  return { observedStalls: observedTail.length, simulatedStalls: simulatedTail.length, observedEpisodes, simulatedEpisodes, andersonDarling: ad, wassersteinLog10: wasserstein1Log10(observedTail, simulatedTail) };
}

export function compare(observed: Signatures, observedTail: Float64Array, simulated: Float64Array, simulatedMedianMs: number, stageMeansMs?: Record<string, number>): Comparison {
  const thr = observed.stalls.thresholdMs;
  const simTail = tailOf(simulated, thr);
  const simEpisodes = episodesOf(simulated, thr);
  const rate = compareRates(observed.stalls.count, observed.count, simTail.length, simulated.length, observed.stalls.episodes, simEpisodes);
  const shape = compareShapes(observedTail, simTail, observed.stalls.episodes, simEpisodes);
  const loc = observed.location;
  const guest = guestSideShare(stageMeansMs);
  const location: LocationComparison | undefined =
    loc && guest !== undefined && simTail.length > 0 ? { observedClientShare: loc.clientShare, observedInterval: loc.clientInterval, predictedGuestShare: guest } : undefined;
  const cap = observed.capture;
  const after = predictedAfterCaptureShare(stageMeansMs);
  const capture: CaptureComparison | undefined =
    cap && after !== undefined && simTail.length > 0 ? { observedShare: cap.afterShare, observedInterval: cap.interval, predictedShare: after } : undefined;
  return { rate, ...(shape ? { shape } : {}), ...(location ? { location } : {}), ...(capture ? { capture } : {}), bodyMedianMs: { observed: observed.body.medianMs, simulated: simulatedMedianMs } };
}
