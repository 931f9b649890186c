import type { PercentilesMs } from './types';

/** The percentiles every summary reports, as the keys of `PercentilesMs`. */
export const REPORTED_PERCENTILES = ['50', '90', '99', '99.9', '99.99'] as const;

/**
 * Nearest-rank percentile of an ascending array: the smallest sample such that at least p% of
 * the samples are ≤ it, i.e. `sorted[ceil(p/100 · n) − 1]` (p = 0 gives the minimum).
 * Chosen over interpolation because every reported value is a latency that really happened,
 * which is what matters when a p99.99 is a single stall; it also needs no tie conventions.
 * The rank is computed with a tiny relative epsilon so that e.g. 99.9% of 1000 is rank 999, not
 * 1000 through floating-point noise in 99.9·1000/100.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of an empty sample set is undefined');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100 (got ${p})`);
  return sorted[nearestRankIndex(n, p)];
}

/** 0-based index of the nearest-rank p-th percentile among n sorted samples. */
export function nearestRankIndex(n: number, p: number): number {
  const x = (p * n) / 100;
  const rank = Math.ceil(x - x * 1e-12);
  return Math.min(n - 1, Math.max(0, rank - 1));
}

export function reportedPercentiles(sorted: ArrayLike<number>): PercentilesMs {
  const out = {} as PercentilesMs;
  for (const key of REPORTED_PERCENTILES) out[key] = percentileOfSorted(sorted, Number(key));
  return out;
}
