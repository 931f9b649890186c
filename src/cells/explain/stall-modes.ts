// Model-free shape of the stall sizes: where they pile up (modes), whether those piles sit near
// whole multiples of one period (scheduler timeslices), and how much of them sits near the
// constants that kernels and libraries hard-code (delayed ACK, minimum RTO with its backoff).
// None of this knows about the simulator: it is what a reader would look for by eye in the
// histogram, made repeatable, and it is also run on each hypothesis's simulated stalls so the
// two can be compared in words.

import { msg } from '../../l10n';

export interface StallMode {
  /** Median stall size of the mode, ms. */
  centreMs: number;
  /** 5th–95th percentile of the sizes in the mode, ms. */
  lowMs: number;
  highMs: number;
  count: number;
  /** Fraction of all stalls in this mode. */
  share: number;
}

export interface PeriodFit {
  periodMs: number;
  /** The multiples k (k·period) that have a mode. */
  multiples: number[];
  /** Fraction of all stalls whose size is within tolerance of some k·period. */
  share: number;
}

export interface MarkHit {
  id: 'delayed-ack-40' | 'rto-200' | 'rto-300' | 'delayed-ack-200';
  label: string;
  atMs: number;
  count: number;
  share: number;
  /** Backoff bands (3×, 7× the base: a second and third timeout) that also have stalls. */
  backoff?: number[];
}

/** Constants that real stacks hard-code; what stalls near them usually mean. */
export const MARKS: { id: MarkHit['id']; atMs: number; label: string }[] = [
  { id: 'delayed-ack-40', atMs: 40, label: msg('the Linux delayed-ACK minimum (40 ms): Nagle waiting for a delayed ACK') },
  { id: 'rto-200', atMs: 200, label: msg('the Linux minimum RTO (200 ms; also the delayed-ACK maximum): a retransmission timeout') },
  { id: 'rto-300', atMs: 300, label: msg('the Windows minimum RTO (300 ms): a retransmission timeout') },
];

/** Bin edges: 2 ms wide up to 40 ms, then 5% of the value (a log scale), never finer than the clock. */
function binEdges(maxMs: number, quantumMs: number): number[] {
  const edges = [0];
  while (edges[edges.length - 1] <= maxMs) {
    const e = edges[edges.length - 1];
    edges.push(e + Math.max(2, quantumMs, 0.05 * e));
  }
  return edges;
}

/**
 * Modes of the stall sizes (ms, any order). A bin is a peak when it holds at least 3 stalls, is
 * the largest within two bins either side, and its three-bin mass is clearly above the local
 * background (the mean of the bins 3–8 away): at least twice it plus two Poisson standard
 * deviations. Modes with fewer than 5% of the stalls are dropped.
 */
export function stallModes(sizesMs: ArrayLike<number>, quantumMs = 0): StallMode[] {
  const n = sizesMs.length;
  if (n < 3) return [];
  const sorted = Float64Array.from(sizesMs).sort();
  const edges = binEdges(sorted[n - 1], quantumMs);
  const nb = edges.length - 1;
  const counts = new Array<number>(nb).fill(0);
  let b = 0;
  for (const x of sorted) {
    while (b < nb - 1 && x >= edges[b + 1]) b++;
    counts[b]++;
  }
  const at = (i: number) => (i >= 0 && i < nb ? counts[i] : 0);
  const modes: StallMode[] = [];
  for (let i = 0; i < nb; i++) {
    const c = counts[i];
    if (c < 3) continue;
    let isPeak = true;
    for (let d = -2; d <= 2 && isPeak; d++) if (d !== 0 && (at(i + d) > c || (d < 0 && at(i + d) === c))) isPeak = false;
    if (!isPeak) continue;
    const mass = at(i - 1) + c + at(i + 1);
    let bg = 0;
    for (let d = 3; d <= 8; d++) bg += at(i - d) + at(i + d);
    const bg3 = (bg / 12) * 3;
    if (mass < 2 * bg3 + 2 * Math.sqrt(bg3)) continue;
    // The mode's extent: neighbouring bins still holding at least a third of the peak.
    let lo = i;
    let hi = i;
    while (lo > 0 && at(lo - 1) >= c / 3 && at(lo - 1) <= at(lo)) lo--;
    while (hi < nb - 1 && at(hi + 1) >= c / 3 && at(hi + 1) <= at(hi)) hi++;
    const inside: number[] = [];
    for (const x of sorted) if (x >= edges[lo] && x < edges[hi + 1]) inside.push(x);
    if (inside.length / n < 0.05) continue;
    const q = (p: number) => inside[Math.min(inside.length - 1, Math.floor(p * inside.length))];
    modes.push({ centreMs: q(0.5), lowMs: q(0.05), highMs: q(0.95), count: inside.length, share: inside.length / n });
  }
  return modes;
}

const MAX_MULTIPLE = 6;

/** Tolerance for "near k·P" (k = 1..6): 2.5 ms plus 5% of the multiple, plus the clock quantum. */
function nearMultiple(x: number, p: number, quantumMs: number): number {
  const k = Math.round(x / p);
  if (k < 1 || k > MAX_MULTIPLE) return 0;
  return Math.abs(x - k * p) <= 2.5 + 0.05 * k * p + quantumMs ? k : 0;
}

/**
 * The period that puts at least two modes (at distinct multiples) near whole multiples of it and
 * explains the most stalls beyond chance: the share of stall sizes near some k·P minus the share
 * of the sizes' range that the tolerance windows cover (what uniformly spread sizes would give).
 * Without that correction a short period "explains" anything (15 ms with ±6 ms windows covers most
 * of the line). Periods from 10 to 150 ms are tried, from each mode's centre divided by 1–6.
 */
export function periodOf(sizesMs: ArrayLike<number>, modes: StallMode[], quantumMs = 0): PeriodFit | undefined {
  if (modes.length < 2 || sizesMs.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < sizesMs.length; i++) (lo = Math.min(lo, sizesMs[i])), (hi = Math.max(hi, sizesMs[i]));
  let best: (PeriodFit & { excess: number }) | undefined;
  for (const m of modes) {
    for (let d = 1; d <= MAX_MULTIPLE; d++) {
      const p = m.centreMs / d;
      if (p < 10 || p > 150) continue;
      const ks = new Set<number>();
      for (const mm of modes) {
        const k = nearMultiple(mm.centreMs, p, quantumMs);
        if (k) ks.add(k);
      }
      if (ks.size < 2) continue;
      let near = 0;
      for (let i = 0; i < sizesMs.length; i++) if (nearMultiple(sizesMs[i], p, quantumMs)) near++;
      const share = near / sizesMs.length;
      const excess = share - coverage(p, lo, hi, quantumMs);
      if (share < 0.5 || excess < 0.3) continue;
      if (!best || excess > best.excess + 0.02 || (excess >= best.excess - 0.02 && p > best.periodMs)) {
        best = { periodMs: p, multiples: [...ks].sort((a, b) => a - b), share, excess };
      }
    }
  }
  if (!best) return undefined;
  const { excess: _excess, ...fit } = best;
  return fit;
}

/** Fraction of [lo, hi] inside the tolerance windows around k·p (k = 1..6). */
function coverage(p: number, lo: number, hi: number, quantumMs: number): number {
  const span = Math.max(hi - lo, 1e-9);
  let covered = 0;
  for (let k = 1; k <= MAX_MULTIPLE; k++) {
    const tol = 2.5 + 0.05 * k * p + quantumMs;
    covered += Math.max(0, Math.min(hi, k * p + tol) - Math.max(lo, k * p - tol));
  }
  return Math.min(1, covered / span);
}

/**
 * Stalls near each hard-coded constant: size within −10% and +15% + 3 ms of it (the RTT and clock
 * add a little). A hit needs at least 3 stalls and 10% of them there, and a pile-up: clearly more
 * than in the windows of the same width just below and above (twice their mean plus two Poisson
 * standard deviations), so a broad spread that merely crosses 40 ms is not called a delayed ACK.
 */
export function markHits(sizesMs: ArrayLike<number>, quantumMs = 0): MarkHit[] {
  const n = sizesMs.length;
  if (n === 0) return [];
  const lo = (m: number) => 0.9 * m - quantumMs;
  const hi = (m: number) => 1.15 * m + 3 + quantumMs;
  const within = (x: number, m: number) => x >= lo(m) && x <= hi(m);
  const out: MarkHit[] = [];
  for (const mark of MARKS) {
    const m = mark.atMs;
    const w = hi(m) - lo(m);
    let count = 0;
    let beside = 0;
    for (let i = 0; i < n; i++) {
      const x = sizesMs[i];
      if (within(x, m)) count++;
      else if ((x >= lo(m) - w && x < lo(m)) || (x > hi(m) && x <= hi(m) + w)) beside++;
    }
    const bg = beside / 2;
    if (count < 3 || count / n < 0.1 || count < 2 * bg + 2 * Math.sqrt(bg)) continue;
    const hit: MarkHit = { ...mark, count, share: count / n };
    if (mark.id !== 'delayed-ack-40') {
      // Exponential backoff: a second timeout waits 2× more, so the stall is 3× the base, then 7×.
      const bands = [3, 7].filter((f) => {
        for (let i = 0; i < n; i++) if (within(sizesMs[i], f * mark.atMs)) return true;
        return false;
      });
      if (bands.length) hit.backoff = bands;
    }
    out.push(hit);
  }
  return out;
}
