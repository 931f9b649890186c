// Score, verdict, reasons and ties: pure functions over the comparisons of each hypothesis's best
// candidate with the observation. The rules are written out in docs/explain.md; the numbers
// here are those rules.

import { t } from '../../l10n';
import { andersonDarling2 } from '../../stats/anderson-darling';
import { wasserstein1Log10 } from '../../stats/wasserstein';
import type { Calibration } from './calibration';
import { captureGap, captureSentence } from './capture-stages';
import { compareRates, MIN_STALLS_FOR_SHAPE, quantiles, type Comparison } from './compare';
import { modeList, ms, pct, type Signatures } from './signatures';

export type Verdict = 'fits' | 'partly' | 'ruled-out';

/** One hypothesis at one grid point, compared. */
export interface Candidate {
  /** Position in the list of candidate runs (grid order), when it came from one. */
  index?: number;
  hypothesis: string;
  params: Record<string, unknown>;
  comparison: Comparison;
  /** Signatures of the candidate's calibrated samples (same detector as the observation's). */
  signatures: Signatures;
  /** Sorted stalled latencies of the candidate (for ties and charts; not stored in the result). */
  tail: Float64Array;
  stageMeansMs?: Record<string, number>;
  stallsByMechanism?: Record<string, number>;
  calibration: Calibration & { residualShiftMs: number; bodyMismatch?: string };
  /**
   * The same candidate rerun with the next seed: how far two runs of one hypothesis are from each
   * other. Stalls are not independent draws (bursts, and slower swings such as a vCPU staying
   * OVER for a while), so the iid null of Anderson–Darling overstates significance; a shape
   * difference counts only when it is clearly beyond this.
   */
  noise?: Noise;
}

export interface Noise {
  /** Wasserstein-1 (decades) between the two runs' stall latencies. */
  wassersteinLog10: number;
  /** Anderson–Darling T between the two runs (effective sizes). */
  andersonDarlingT: number;
  /** |log10| of the ratio of the two runs' stall rates (bursty mechanisms swing a lot). */
  rateLog10?: number;
}

export interface ScoreParts {
  /**
   * How far apart (decades) the observed and simulated stall-rate intervals are: 0 when they
   * overlap, else log10 of the gap between the nearer ends (a rate inside its noise costs nothing).
   */
  rate: number;
  /** Wasserstein-1 of log10 stall latencies (decades); 0 when either side has too few stalls. */
  shape: number;
  /** How far the predicted in-guest share of stalled time is outside the observed client-pause interval. */
  location: number;
  /** |log10| of the body-median ratio, only when calibration could not match it. */
  body: number;
  /**
   * How far the share of stalled time the hypothesis puts after the guest's capture lies outside
   * the observed share's interval (0 without a capture).
   */
  capture: number;
}

export interface Scored extends Candidate {
  score: number;
  parts: ScoreParts;
  verdict: Verdict;
  reasons: string[];
}

export function scoreParts(c: Candidate): ScoreParts {
  const cmp = c.comparison;
  const loc = cmp.location;
  const location = loc ? Math.max(0, loc.predictedGuestShare - loc.observedInterval.hi, loc.observedInterval.lo - loc.predictedGuestShare) : 0;
  const body = c.calibration.bodyMismatch ? Math.abs(Math.log10(Math.max(1e-6, cmp.bodyMedianMs.simulated) / Math.max(1e-6, cmp.bodyMedianMs.observed))) : 0;
  const capture = cmp.capture ? captureGap(cmp.capture) : 0;
  return { rate: rateGap(cmp.rate.observed, cmp.rate.simulated), shape: cmp.shape?.wassersteinLog10 ?? 0, location, body, capture };
}

function rateGap(o: { interval: { lo: number; hi: number }; of: number }, s: { interval: { lo: number; hi: number }; of: number }): number {
  // An upper end of 0 cannot occur (Wilson's is > 0); half a stall in the run bounds it anyway.
  if (s.interval.hi < o.interval.lo) return Math.log10(o.interval.lo / Math.max(s.interval.hi, 0.5 / s.of));
  if (o.interval.hi < s.interval.lo) return Math.log10(s.interval.lo / Math.max(o.interval.hi, 0.5 / o.of));
  return 0;
}

/** Lower is better; in decades (orders of magnitude), so the parts add up meaningfully. */
export function scoreOf(p: ScoreParts): number {
  return p.rate + p.shape + p.location + p.body + p.capture;
}

const RATE_Z_RULE_OUT = 4;
const RATE_RATIO_RULE_OUT = Math.log10(3);
const SHAPE_W1_RULE_OUT = 0.05;
/** Episodes (independent stall events) each side needs before a shape difference can rule out. */
const SHAPE_MIN_EPISODES_RULE_OUT = 8;
const LOCATION_RULE_OUT = 0.3;
/** As the location: a hypothesis 30 points outside the captured share cannot be its cause. */
const CAPTURE_RULE_OUT = 0.3;

export function judge(c: Candidate, observed: Signatures): Scored {
  const parts = scoreParts(c);
  const cmp = c.comparison;
  const obs = c.comparison.rate.observed;
  const sim = c.comparison.rate.simulated;
  const reasons: string[] = [];
  const against: string[] = [];
  let rateFits = Math.abs(cmp.rate.z) <= 2 || intervalsOverlap(obs.interval, sim.interval);
  const rateSentence = t('predicts {0} stalls per 10,000 requests (95% {1}–{2}); observed {3} ({4}–{5})', per10k(sim.rate), per10k(sim.interval.lo), per10k(sim.interval.hi), per10k(obs.rate), per10k(obs.interval.lo), per10k(obs.interval.hi));
  if (Math.abs(cmp.rate.z) > RATE_Z_RULE_OUT && cmp.rate.log10Ratio > RATE_RATIO_RULE_OUT) {
    against.push(rateSentence);
    rateFits = false;
  } else reasons.push(rateSentence);

  let shapeFits = true;
  const sh = cmp.shape;
  const so = c.signatures;
  if (sh) {
    const p = sh.andersonDarling.p <= 0.001 ? '≤ 0.001' : sh.andersonDarling.p >= 0.25 ? '≥ 0.25' : `≈ ${sh.andersonDarling.p.toFixed(3)}`;
    const nz = c.noise;
    const stat = [sh.andersonDarling.t.toFixed(2), p, sh.wassersteinLog10.toFixed(3), sh.observedStalls, sh.simulatedStalls];
    const statText = nz
      ? t('tail distance: Anderson–Darling T = {0} (p {1}), Wasserstein-1 {2} decades of log latency over {3} observed and {4} simulated stalls; two runs of this hypothesis differ by T = {5}, {6} decades', ...stat, nz.andersonDarlingT.toFixed(2), nz.wassersteinLog10.toFixed(3))
      : t('tail distance: Anderson–Darling T = {0} (p {1}), Wasserstein-1 {2} decades of log latency over {3} observed and {4} simulated stalls', ...stat);
    const differs =
      sh.andersonDarling.p <= 0.001 &&
      sh.wassersteinLog10 > Math.max(SHAPE_W1_RULE_OUT, nz ? 2 * nz.wassersteinLog10 : 0) &&
      (!nz || sh.andersonDarling.t > 2 * Math.max(0, nz.andersonDarlingT) + 3) &&
      Math.min(sh.observedEpisodes, sh.simulatedEpisodes) >= SHAPE_MIN_EPISODES_RULE_OUT;
    // "fits" also needs the distance itself to be small: with few episodes a test cannot reject
    // much, and a factor-of-two difference in stall latency is not a fit however weak the test.
    shapeFits = (sh.andersonDarling.p > 0.01 && sh.wassersteinLog10 <= Math.max(0.1, nz ? 2 * nz.wassersteinLog10 : 0)) || sh.wassersteinLog10 <= Math.max(0.03, nz ? 1.5 * nz.wassersteinLog10 : 0);
    (differs ? against : reasons).push(statText);
  }
  reasons.push(...shapeSentences(c, observed));
  const loc = cmp.location;
  if (loc) {
    const s = t('{0} of the observed stalls were pauses of the measuring process; this hypothesis puts {1} of the stalled time inside the guest after the response arrived', pct(loc.observedClientShare), pct(loc.predictedGuestShare));
    (parts.location > LOCATION_RULE_OUT ? against : reasons).push(s);
  }
  if (cmp.capture) (parts.capture > CAPTURE_RULE_OUT ? against : reasons).push(captureSentence(cmp.capture));
  if (c.calibration.bodyMismatch) against.push(c.calibration.bodyMismatch);
  else if (c.calibration.limited) reasons.push(t('calibration limited: {0}', c.calibration.limited));

  const verdict: Verdict = against.length ? 'ruled-out' : rateFits && shapeFits && parts.location === 0 && parts.capture === 0 ? 'fits' : 'partly';
  return { ...c, score: scoreOf(parts), parts, verdict, reasons: [...against, ...reasons] };
}

function shapeSentences(c: Candidate, o: Signatures): string[] {
  const s = c.signatures;
  const out: string[] = [];
  if (o.stalls.count === 0 && s.stalls.count === 0) return [t('neither the observation nor this hypothesis has stalls')];
  if (s.stalls.count === 0) return [t('predicts no stalls above {0} ms; {1} observed', ms(o.stalls.thresholdMs), o.stalls.count)];
  if (o.stalls.count === 0) return [t('predicts stalls up to {0} ms; none observed above {1} ms', ms(s.stalls.maxMs), ms(o.stalls.thresholdMs))];
  if (o.modes.length && s.modes.length) out.push(t('stall sizes cluster at {0} ms observed, {1} ms predicted', modeList(o.modes), modeList(s.modes)));
  else if (o.modes.length) out.push(t('observed stall sizes cluster at {0} ms; this hypothesis predicts no clear mode', modeList(o.modes)));
  else if (s.modes.length) out.push(t('predicts stall sizes clustered at {0} ms; the observed ones have no clear mode', modeList(s.modes)));
  if (o.period && s.period && Math.abs(o.period.periodMs - s.period.periodMs) <= 3) out.push(t('observed stalls sit at whole multiples of {0} ms, as this hypothesis predicts', ms(o.period.periodMs)));
  else if (o.period && !s.period) out.push(t('observed stalls sit at multiples of {0} ms; this hypothesis predicts no such period', ms(o.period.periodMs)));
  for (const m of o.marks) {
    const sm = s.marks.find((x) => x.id === m.id);
    out.push(sm ? t('{0} of observed stalls sit near {1} ms and so do {2} of the predicted', pct(m.share), ms(m.atMs), pct(sm.share)) : t('{0} of observed stalls sit near {1} ms; this hypothesis puts none there', pct(m.share), ms(m.atMs)));
  }
  for (const sm of s.marks) if (!o.marks.some((m) => m.id === sm.id)) out.push(t('predicts {0} of stalls near {1} ms; the observation has no pile-up there', pct(sm.share), ms(sm.atMs)));
  const oMax = o.stalls.maxMs;
  const sMax = s.stalls.maxMs;
  if (sMax > 1.5 * oMax + 10) out.push(t('predicts stalls up to {0} ms; none observed above {1} ms', ms(sMax), ms(oMax)));
  else if (oMax > 1.5 * sMax + 10) out.push(t('observed stalls reach {0} ms; this hypothesis none above {1} ms', ms(oMax), ms(sMax)));
  return out;
}

function intervalsOverlap(a: { lo: number; hi: number }, b: { lo: number; hi: number }): boolean {
  return a.lo <= b.hi && b.lo <= a.hi;
}

function per10k(rate: number): string {
  const v = rate * 10_000;
  return v === 0 ? '0' : v >= 10 ? `${Math.round(v)}` : v >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

const VERDICT_ORDER: Record<Verdict, number> = { fits: 0, partly: 1, 'ruled-out': 2 };

/** Each hypothesis's best grid point: the best verdict, then the lowest score (first in grid order on a tie). */
export function bestPerHypothesis(scored: Scored[]): Scored[] {
  const best = new Map<string, Scored>();
  for (const s of scored) {
    const b = best.get(s.hypothesis);
    if (!b || VERDICT_ORDER[s.verdict] < VERDICT_ORDER[b.verdict] || (s.verdict === b.verdict && s.score < b.score)) best.set(s.hypothesis, s);
  }
  return [...best.values()];
}

export interface RankedEntry extends Scored {
  /** 1 = best; hypotheses the evidence cannot separate share a rank. */
  rank: number;
}

export interface TieGroup {
  hypotheses: string[];
  separatedBy: string;
}

/**
 * Two candidates are indistinguishable by this observation when it is equally far from both: their
 * shape distances to it within twice the largest of the two hypotheses' seed-to-seed noise and
 * the observation's own (its two halves), plus 0.02 decades, and their rate gaps within 0.1
 * decades or twice the larger two-run swing of the stall rate. Ranking one above the other
 * would then rank on noise. They may still predict different
 * things (then more data separates them: see `separation`).
 */
export function indistinguishable(a: Scored, b: Scored, observed: Signatures): boolean {
  const noiseAB = Math.max(a.noise?.wassersteinLog10 ?? 0, b.noise?.wassersteinLog10 ?? 0, observed.stalls.selfNoiseLog10 ?? 0);
  const rateNoise = Math.max(a.noise?.rateLog10 ?? 0, b.noise?.rateLog10 ?? 0);
  return Math.abs(a.parts.shape - b.parts.shape) <= 2 * noiseAB + 0.02 && Math.abs(a.parts.rate - b.parts.rate) <= Math.max(0.1, 2 * rateNoise) && Math.abs(a.parts.location - b.parts.location) <= 0.1 && Math.abs(a.parts.capture - b.parts.capture) <= 0.1;
}

/**
 * Whether two candidates' predictions agree with each other at the observation's size: their stall
 * rates within 2 standard errors for n = the observed count (with each side's burstiness), and
 * their stall latencies, each reduced to as many evenly spaced quantiles as the observation has
 * episodes, not different by Anderson–Darling at 5% (or within 1.5 × the larger two-run distance).
 */
export function predictionsAgree(a: Candidate, b: Candidate, observed: Signatures): boolean {
  const observedCount = observed.count;
  const at = (c: Candidate) => {
    const s = c.signatures.stalls;
    const k = Math.round(c.comparison.rate.simulated.rate * observedCount);
    return { k, e: s.count > 0 ? Math.max(k > 0 ? 1 : 0, Math.round((k * s.episodes) / s.count)) : k };
  };
  const A = at(a);
  const B = at(b);
  if (Math.abs(compareRates(A.k, observedCount, B.k, observedCount, A.e, B.e).z) > 2) return false;
  const m = Math.max(MIN_STALLS_FOR_SHAPE, observed.stalls.episodes);
  if (a.tail.length < MIN_STALLS_FOR_SHAPE || b.tail.length < MIN_STALLS_FOR_SHAPE) return a.tail.length < MIN_STALLS_FOR_SHAPE && b.tail.length < MIN_STALLS_FOR_SHAPE;
  const noise = Math.max(a.noise?.wassersteinLog10 ?? 0, b.noise?.wassersteinLog10 ?? 0);
  if (noise > 0 && wasserstein1Log10(a.tail, b.tail) <= 1.5 * noise) return true;
  try {
    return andersonDarling2(quantiles(a.tail, m), quantiles(b.tail, m)).p > 0.05;
  } catch {
    return true; // every quantile equal on both sides
  }
}

/** Stages inside the guest before the request reaches netfront: the application's own side. */
const BEFORE_NETWORK = new Set(['pool-wait', 'app-to-send', 'guest-tx']);

function where(side: string): string {
  if (side === 'after') return t('after the response reached the guest (captured on time, read late)');
  if (side === 'before') return t('before the response reached the guest (captured late)');
  return t('inside the guest before the request left');
}

function dominantStage(st?: Record<string, number>): string | undefined {
  if (!st) return undefined;
  let best: string | undefined;
  for (const [k, v] of Object.entries(st)) if (v > 0 && (!best || v > st[best])) best = k;
  return best;
}

/**
 * What would separate two tied hypotheses: when their predictions differ, more observations (and
 * how they differ); when they agree in latency, where each puts the stalled time (a capture, stage
 * timings); else only a measurement of the mechanism itself.
 */
export function separation(a: Candidate, b: Candidate, observed: Signatures): string {
  const sa = dominantStage(a.stageMeansMs);
  const sb = dominantStage(b.stageMeansMs);
  const parts: string[] = [];
  if (!predictionsAgree(a, b, observed)) {
    const ra = a.comparison.rate.simulated.rate;
    const rb = b.comparison.rate.simulated.rate;
    const sizes = (c: Candidate) => (c.signatures.modes.length ? t('stalls at {0} ms', modeList(c.signatures.modes)) : t('stalls up to {0} ms', ms(c.signatures.stalls.maxMs)));
    parts.push(t('more observations: they predict different stalls ({0}: {1} per 10,000, {2}; {3}: {4} per 10,000, {5}), which {6} stall episodes cannot tell apart', a.hypothesis, per10k(ra), sizes(a), b.hypothesis, per10k(rb), sizes(b), observed.stalls.episodes));
  }
  if (sa && sb && sa !== sb) {
    const side = (s: string) => (s === 'capture-to-read' ? 'after' : BEFORE_NETWORK.has(s) ? 'inside' : 'before');
    const wa = side(sa);
    const wb = side(sb);
    if (wa !== wb && (wa === 'after' || wb === 'after' || wa === 'before' || wb === 'before')) {
      parts.push(t("{0} puts the stalled time {1} (stage {2}), {3} {4} (stage {5}): a packet capture inside the guest, or a probe's stage timings, separates them", a.hypothesis, where(wa), sa, b.hypothesis, where(wb), sb));
    } else parts.push(t('{0} puts the stalled time in stage {1}, {2} in {3}: per-stage timings (a probe, captures on both sides of dom0) separate them', a.hypothesis, sa, b.hypothesis, sb));
  }
  // Joined as the language joins clauses ("a; b" in English, "a；b" in Chinese).
  if (parts.length) return parts.reduce((x, y) => t('{0}; {1}', x, y));
  return t('nothing in latency alone: they predict the same stall rate and sizes here; a measurement of the mechanism itself (scheduler trace, capture, counters) would');
}

/**
 * Ranks the hypotheses' best candidates: not ruled out before ruled out, then by score; a
 * hypothesis that the observation cannot separate from a better one shares its rank (ties are
 * formed greedily from the best down), and within a tie the order is by name, so that no order
 * is read into noise.
 */
export function rank(best: Scored[], observed: Signatures): { ranking: RankedEntry[]; indistinguishable: TieGroup[] } {
  const sorted = [...best].sort((x, y) => Number(x.verdict === 'ruled-out') - Number(y.verdict === 'ruled-out') || x.score - y.score || x.hypothesis.localeCompare(y.hypothesis));
  const ranking: RankedEntry[] = [];
  const groups: TieGroup[] = [];
  const used = new Set<string>();
  let r = 0;
  for (const lead of sorted) {
    if (used.has(lead.hypothesis)) continue;
    used.add(lead.hypothesis);
    r++;
    const members = [lead];
    if (lead.verdict !== 'ruled-out') {
      for (const other of sorted) {
        if (used.has(other.hypothesis) || other.verdict === 'ruled-out') continue;
        if (indistinguishable(lead, other, observed)) {
          members.push(other);
          used.add(other.hypothesis);
        }
      }
    }
    const ordered = members.length > 1 ? [...members].sort((x, y) => x.hypothesis.localeCompare(y.hypothesis)) : members;
    for (const m of ordered) ranking.push({ ...m, rank: r });
    if (members.length > 1) {
      groups.push({ hypotheses: ordered.map((m) => m.hypothesis), separatedBy: members.slice(1).map((m) => t('{0} vs {1}: {2}', lead.hypothesis, m.hypothesis, separation(lead, m, observed))).reduce((x, y) => t('{0}. {1}', x, y)) });
    }
  }
  return { ranking, indistinguishable: groups };
}

/** Judges every candidate against one observation. */
export function judgeAll(candidates: Candidate[], observed: Signatures): Scored[] {
  return candidates.map((c) => judge(c, observed));
}
