// What the observed latencies say on their own, before any hypothesis is run: the body, the
// clock that logged them, the stall rate with its interval, the modes of the stall sizes, a
// period, hits on hard-coded kernel constants, bursts, and (when the source measured it) where
// the stalled time sat. The same function runs on every hypothesis's simulated samples, so
// "observed vs predicted" can be said in the same terms.

import { t, tr } from '../../l10n';
import { wilsonInterval, type Interval } from '../../stats/binomial-interval';
import { wasserstein1Log10 } from '../../stats/wasserstein';
import { observedCaptureStages, type CaptureStages } from './capture-stages';
import { markHits, periodOf, stallModes, type MarkHit, type PeriodFit, type StallMode } from './stall-modes';

/** One stalled request's context as a probe (later: a capture) measured it. */
export interface StallContext {
  latencyMs: number;
  /** 'client' = the measuring process itself was paused (event loop, GC, descheduled). */
  cause?: string;
  clientPauseMs?: number;
  stage?: string;
  /** A probe with capture: response's first byte captured in the guest → the read returned. */
  captureToReadMs?: number;
  /** A probe with capture: request's last byte captured leaving → response's first byte captured. */
  wireWaitMs?: number;
}

export interface Observation {
  /** Latencies in ms, in the order they were measured when known. */
  samplesMs: Float64Array;
  /** Where they came from, for reasons and provenance ("cell 1a2b3c4d (xenlat-probe)"). */
  source: string;
  stallContext?: StallContext[];
  /**
   * `capture`: the samples are wire latencies a packet capture inside the client guest measured
   * (a capture cell): hypotheses are compared as that capture point would see them.
   */
  seenAt?: 'capture';
}

export interface Body {
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
}

export interface Bursts {
  windowRequests: number;
  /** Share of stalls followed by another stall within the window. */
  followedShare: number;
  /** That share if stalls were independent at the observed rate. */
  expectedShare: number;
  bursty: boolean;
}

export interface StallLocation {
  stalls: number;
  client: number;
  clientShare: number;
  clientInterval: Interval;
  text: string;
}

export interface Signatures {
  count: number;
  /** The observation's latencies were measured at a capture point (see Observation.seenAt). */
  seenAt?: 'capture';
  body: Body;
  /** The logging clock's resolution when the values sit on a grid (e.g. 1 ms, 15.6 ms). */
  clockQuantumMs?: number;
  stalls: {
    thresholdMs: number;
    count: number;
    /**
     * Stall episodes: runs of stalls less than BURST_WINDOW requests apart count once. Stalls of
     * one burst share a cause (one descheduled vCPU delays every request waiting on it), so the
     * episodes, not the stalls, are the independent observations the tests may count.
     */
    episodes: number;
    rate: number;
    interval: Interval;
    maxMs: number;
    smallestSizeMs: number;
    largestSizesMs: number[];
    /**
     * How much the observation disagrees with itself: Wasserstein-1 (decades) between the stall
     * latencies of its odd and even episodes, halved (each half has half the episodes, which
     * doubles the distance's noise against one full sample). Absent below 4 episodes.
     */
    selfNoiseLog10?: number;
  };
  modes: StallMode[];
  period?: PeriodFit;
  marks: MarkHit[];
  bursts?: Bursts;
  location?: StallLocation;
  /** Where the stalled time sat relative to the guest's capture, when the probe captured. */
  capture?: CaptureStages;
  sentences: string[];
}

export const BURST_WINDOW = 10;

/** Episode number (0-based) of each stall, in order (the rule: see episodesOf). */
export function episodeIds(samplesMs: ArrayLike<number>, thresholdMs: number): { index: number; episode: number }[] {
  let stalls = 0;
  for (let i = 0; i < samplesMs.length; i++) if (samplesMs[i] > thresholdMs) stalls++;
  const w = Math.max(1, Math.min(BURST_WINDOW, Math.floor((0.1 * samplesMs.length) / Math.max(1, stalls))));
  const out: { index: number; episode: number }[] = [];
  let episode = -1;
  let last = -Infinity;
  for (let i = 0; i < samplesMs.length; i++) {
    if (!(samplesMs[i] > thresholdMs)) continue;
    if (i - last > w) episode++;
    last = i;
    out.push({ index: i, episode });
  }
  return out;
}

function selfNoise(samplesMs: ArrayLike<number>, thresholdMs: number): number | undefined {
  const ids = episodeIds(samplesMs, thresholdMs);
  if (episodeCount(ids) < 4) return undefined;
  const odd = ids.filter((x) => x.episode % 2 === 1).map((x) => samplesMs[x.index]);
  const even = ids.filter((x) => x.episode % 2 === 0).map((x) => samplesMs[x.index]);
  return wasserstein1Log10(odd, even) / 2;
}

/**
 * Runs of stalls (> threshold) whose members are at most w requests apart, w = BURST_WINDOW but
 * smaller when stalls are common (w ≤ 0.1 / rate), so that independent stalls almost never
 * share an episode (P(next within w) ≈ w · rate ≤ 10%) whatever the rate.
 */
export function episodesOf(samplesMs: ArrayLike<number>, thresholdMs: number): number {
  return episodeCount(episodeIds(samplesMs, thresholdMs));
}

function episodeCount(ids: readonly { episode: number }[]): number {
  return ids.length ? ids[ids.length - 1]!.episode + 1 : 0;
}

export function bodyOf(sorted: Float64Array): Body {
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
  return { medianMs: q(0.5), p10Ms: q(0.1), p90Ms: q(0.9) };
}

/**
 * The resolution of the clock behind the values, when (almost) all of them sit on one grid: few
 * distinct values, and 99% of samples within 1% of a grid step of a multiple of the smallest
 * gap between distinct values. Grids finer than 0.05 ms are ignored (they cannot shape stalls).
 */
export function clockQuantum(sorted: Float64Array): number | undefined {
  const n = sorted.length;
  if (n < 20) return undefined;
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length < 2 || distinct.length > n / 4) return undefined;
  let d = Infinity;
  for (let i = 1; i < distinct.length; i++) d = Math.min(d, distinct[i] - distinct[i - 1]);
  if (!(d >= 0.05)) return undefined;
  let on = 0;
  for (let i = 0; i < n; i++) {
    const r = sorted[i] / d;
    if (Math.abs(r - Math.round(r)) <= 0.01) on++;
  }
  return on >= 0.99 * n ? d : undefined;
}

export function burstsOf(samplesMs: ArrayLike<number>, thresholdMs: number): Bursts | undefined {
  const idx: number[] = [];
  for (let i = 0; i < samplesMs.length; i++) if (samplesMs[i] > thresholdMs) idx.push(i);
  if (idx.length < 5) return undefined;
  let followed = 0;
  for (let k = 0; k + 1 < idx.length; k++) if (idx[k + 1] - idx[k] <= BURST_WINDOW) followed++;
  const trials = idx.length - 1;
  const rate = idx.length / samplesMs.length;
  const expectedShare = 1 - (1 - rate) ** BURST_WINDOW;
  // Bursty only when even the interval's low end is twice what independence predicts.
  const bursty = followed >= 3 && wilsonInterval(followed, trials).lo > 2 * expectedShare;
  return { windowRequests: BURST_WINDOW, followedShare: followed / trials, expectedShare, bursty };
}

function locationOf(all: StallContext[]): StallLocation | undefined {
  // Only stalls whose source said whether the measurer was paused (a probe always does); stage
  // timings alone (a capture) say nothing about the measuring process.
  const ctx = all.filter((s) => typeof s.cause === 'string');
  if (ctx.length === 0) return undefined;
  const client = ctx.filter((s) => s.cause === 'client').length;
  const share = client / ctx.length;
  const text =
    client === 0
      ? t('none of the {0} stalls coincided with a pause of the measuring process: the time was lost outside it (network, server, or the host before the response reached it)', ctx.length)
      : t("{0} of {1} stalls ({2}) coincided with a pause of the measuring process itself: that time points at the client machine's scheduling, not at the network", client, ctx.length, pct(share));
  return { stalls: ctx.length, client, clientShare: share, clientInterval: wilsonInterval(client, ctx.length), text };
}

/** Stall sizes: how far above the body's median each stall is, in ms. */
export function stallSizes(samplesMs: ArrayLike<number>, thresholdMs: number, medianMs: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < samplesMs.length; i++) if (samplesMs[i] > thresholdMs) out.push(samplesMs[i] - medianMs);
  return Float64Array.from(out);
}

/** `presorted`: the samples already sorted, when the caller has them (saves a sort of a whole run). */
export function detectSignatures(obs: Observation, thresholdMs: number, quantumOverrideMs?: number, presorted?: Float64Array): Signatures {
  const s = obs.samplesMs;
  const sorted = presorted ?? Float64Array.from(s).sort();
  const body = bodyOf(sorted);
  const quantum = quantumOverrideMs ?? clockQuantum(sorted);
  const sizes = stallSizes(s, thresholdMs, body.medianMs);
  const count = sizes.length;
  const modes = stallModes(sizes, quantum ?? 0);
  const period = periodOf(sizes, modes, quantum ?? 0);
  const marks = markHits(sizes, quantum ?? 0);
  const bursts = burstsOf(s, thresholdMs);
  const location = obs.stallContext ? locationOf(obs.stallContext) : undefined;
  const episodes = episodesOf(s, thresholdMs);
  const capture = obs.stallContext ? observedCaptureStages(obs.stallContext, count > 0 && episodes > 0 ? count / episodes : 1) : undefined;
  const largest = Array.from(sizes).sort((a, b) => b - a).slice(0, 5);
  const sig: Signatures = {
    count: s.length,
    ...(obs.seenAt ? { seenAt: obs.seenAt } : {}),
    body,
    ...(quantum !== undefined ? { clockQuantumMs: quantum } : {}),
    stalls: { thresholdMs, count, episodes, rate: count / s.length, interval: effectiveInterval(count, s.length, episodes), maxMs: sorted[sorted.length - 1], smallestSizeMs: count ? Math.min(...sizes) : 0, largestSizesMs: largest, ...optional('selfNoiseLog10', selfNoise(s, thresholdMs)) },
    modes,
    ...(period ? { period } : {}),
    marks,
    ...(bursts ? { bursts } : {}),
    ...(location ? { location } : {}),
    ...(capture ? { capture } : {}),
    sentences: [],
  };
  sig.sentences = describe(sig);
  return sig;
}

/**
 * Wilson interval on the effective sample (Kish): with a design effect d = stalls / episodes,
 * k stalls of n requests carry the information of k/d of n/d independent ones.
 */
export function effectiveInterval(k: number, n: number, episodes: number): Interval {
  const d = k > 0 && episodes > 0 ? k / episodes : 1;
  const ke = k / d;
  const ne = Math.max(ke, n / d);
  const w = wilsonInterval(Math.round(ke), Math.max(1, Math.round(ne)));
  return w;
}

function optional<K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [k in K]?: V };
}

export function pct(x: number): string {
  if (x === 0) return '0%';
  return x >= 0.1 ? `${Math.round(x * 100)}%` : x >= 0.001 ? `${(x * 100).toFixed(2).replace(/0$/, '')}%` : `${(x * 100).toPrecision(2)}%`;
}

export function ms(x: number): string {
  return x >= 100 ? `${Math.round(x)}` : x >= 10 ? `${Math.round(x * 10) / 10}` : `${Math.round(x * 100) / 100}`;
}

export function modeList(modes: StallMode[]): string {
  return modes.map((m) => (Math.round(m.lowMs) === Math.round(m.highMs) ? `${ms(m.centreMs)}` : `${Math.round(m.lowMs)}–${Math.round(m.highMs)}`)).join(', ');
}

function describe(sig: Signatures): string[] {
  const out: string[] = [];
  const st = sig.stalls;
  out.push(t('body: median {0} ms, 10–90% between {1} and {2} ms', ms(sig.body.medianMs), ms(sig.body.p10Ms), ms(sig.body.p90Ms)));
  if (sig.clockQuantumMs) out.push(t("the values sit on a {0} ms grid: the logging clock's resolution, applied to every hypothesis too", ms(sig.clockQuantumMs)));
  const rate = [st.count, sig.count, pct(st.rate), pct(st.interval.lo), pct(st.interval.hi), ms(st.thresholdMs)];
  out.push(
    st.episodes < st.count
      ? t('{0} of {1} requests ({2}, 95% interval {3}–{4}) took longer than {5} ms, in {6} episodes (stalls a few requests apart count once)', ...rate, st.episodes)
      : t('{0} of {1} requests ({2}, 95% interval {3}–{4}) took longer than {5} ms', ...rate),
  );
  if (st.count === 0) return out;
  if (sig.modes.length) out.push(t('stall sizes (above the median) cluster at {0} ms', modeList(sig.modes)));
  else if (st.count >= 3) out.push(t('stall sizes spread from {0} to {1} ms with no clear mode', ms(st.smallestSizeMs), ms(st.largestSizesMs[0])));
  if (sig.period) out.push(t('{0} of stall sizes are near multiples ({1}×) of {2} ms', pct(sig.period.share), sig.period.multiples.join(', '), ms(sig.period.periodMs)));
  for (const m of sig.marks) {
    out.push(
      m.backoff
        ? t('{0} of stalls are near {1} ms, {2}; backoff bands at {3} also occur', pct(m.share), ms(m.atMs), tr(m.label), m.backoff.map((f) => `${f}×`).join(', '))
        : t('{0} of stalls are near {1} ms, {2}', pct(m.share), ms(m.atMs), tr(m.label)),
    );
  }
  if (sig.bursts) {
    const b = [pct(sig.bursts.followedShare), sig.bursts.windowRequests, pct(sig.bursts.expectedShare)];
    out.push(sig.bursts.bursty ? t('stalls come in bursts: {0} are followed by another within {1} requests (independent stalls: {2})', ...b) : t('stalls look independent: {0} are followed by another within {1} requests (independent: {2})', ...b));
  }
  out.push(t('the largest stall is {0} ms', ms(st.maxMs)));
  if (sig.location) out.push(sig.location.text);
  if (sig.capture) out.push(sig.capture.text);
  return out;
}
