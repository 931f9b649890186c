import { REPORTED_PERCENTILES, nearestRankIndex } from './percentiles';
import { lowerBound, upperBound } from './sorted';

export interface CdfPoint {
  /** A latency that occurred, ms. */
  ms: number;
  /** Fraction of samples ≤ ms (the CDF). */
  atOrBelow: number;
  /** Fraction of samples ≥ ms (the exceedance, 1 − CDF just left of ms); never 0. */
  atOrAbove: number;
}

export interface CdfOptions {
  /** Upper bound on the points returned. */
  maxPoints?: number;
}

/**
 * A CDF of an ascending array reduced to at most `maxPoints` points that keep its shape where
 * latency investigations look: the body (ranks evenly spaced in probability), the tail (ranks
 * log-spaced in 1 − p down to the single slowest sample, so each "nine" gets equal room), and
 * spots evenly spaced on a log latency axis (so long flat stretches between modes keep their
 * shape). The minimum, the maximum and every reported percentile are always included, exactly.
 * Each point sits on a real sample, so the chart never shows a latency that did not happen.
 */
export function downsampleCdf(sorted: ArrayLike<number>, options: CdfOptions = {}): CdfPoint[] {
  const n = sorted.length;
  if (n === 0) return [];
  const maxPoints = Math.max(8, Math.floor(options.maxPoints ?? 400));

  const mandatory = new Set<number>([0, n - 1]);
  for (const p of REPORTED_PERCENTILES) mandatory.add(nearestRankIndex(n, Number(p)));

  // Budget split: ~25% body, ~45% tail, ~30% latency axis; duplicates are merged afterwards.
  const budget = maxPoints - mandatory.size;
  const bodyPoints = Math.floor(budget * 0.25);
  const tailPoints = Math.floor(budget * 0.45);
  const axisPoints = budget - bodyPoints - tailPoints;

  const optional: number[] = [];
  for (let i = 1; i <= bodyPoints; i++) optional.push(nearestRankIndex(n, (90 * i) / bodyPoints));
  // 1 − p from 10% down to 1/n, log-spaced.
  const tailDecades = Math.log10(n / 10);
  if (tailDecades > 0) {
    for (let i = 0; i <= tailPoints; i++) {
      const exceed = 0.1 * 10 ** (-(tailDecades * i) / tailPoints);
      optional.push(nearestRankIndex(n, 100 * (1 - exceed)));
    }
  }
  const lo = sorted[0] > 0 ? sorted[0] : sorted[Math.min(n - 1, lowerBound(sorted, Number.MIN_VALUE))];
  const hi = sorted[n - 1];
  if (lo > 0 && hi > lo) {
    const span = Math.log10(hi / lo);
    for (let i = 1; i < axisPoints; i++) {
      optional.push(Math.min(n - 1, lowerBound(sorted, lo * 10 ** ((span * i) / axisPoints))));
    }
  }

  const ranks = new Set<number>(mandatory);
  for (const r of optional) {
    if (ranks.size >= maxPoints) break;
    ranks.add(r);
  }

  // Ties collapse to one point per distinct latency.
  const byValue = new Map<number, CdfPoint>();
  for (const r of [...ranks].sort((a, b) => a - b)) {
    const ms = sorted[r];
    if (byValue.has(ms)) continue;
    byValue.set(ms, {
      ms,
      atOrBelow: upperBound(sorted, ms) / n,
      atOrAbove: (n - lowerBound(sorted, ms)) / n,
    });
  }
  return [...byValue.values()];
}
