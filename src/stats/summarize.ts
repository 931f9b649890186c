import type { ResultSummary } from './types';
import { reportedPercentiles } from './percentiles';
import { sortedCopy, upperBound } from './sorted';
import { t } from '../l10n';

export class EmptySamplesError extends RangeError {
  constructor() {
    super(t('no samples to summarize: the sample set is empty'));
    this.name = 'EmptySamplesError';
  }
}

/**
 * Exact summary of latency samples (ms). Sorts a copy; callers that also chart the samples
 * should sort once and use `summarizeSorted` to avoid a second O(n log n) pass.
 * A stall is a sample strictly above `stallThresholdMs`.
 */
export function summarize(samplesMs: ArrayLike<number>, stallThresholdMs: number): ResultSummary {
  return summarizeSorted(sortedCopy(samplesMs), stallThresholdMs);
}

/** The summary of a run with no sample to summarize (all failed, or a mode without latencies). */
export function emptySummary(stallThresholdMs: number): ResultSummary {
  return {
    count: 0,
    minMs: 0,
    meanMs: 0,
    maxMs: 0,
    percentilesMs: { '50': 0, '90': 0, '99': 0, '99.9': 0, '99.99': 0 },
    stalls: { thresholdMs: stallThresholdMs, count: 0 },
  };
}

export function summarizeSorted(sorted: ArrayLike<number>, stallThresholdMs: number): ResultSummary {
  const n = sorted.length;
  if (n === 0) throw new EmptySamplesError();
  if (Number.isNaN(sorted[0]) || Number.isNaN(sorted[n - 1])) {
    throw new RangeError(t('samples contain NaN'));
  }
  // Kahan summation: a million small values summed naively drift in the last digits.
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const y = sorted[i] - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  const minMs = sorted[0];
  const maxMs = sorted[n - 1];
  // Clamped because rounding can push the mean of near-equal values just outside [min, max].
  const meanMs = Math.min(maxMs, Math.max(minMs, sum / n));
  return {
    count: n,
    minMs,
    meanMs,
    maxMs,
    percentilesMs: reportedPercentiles(sorted),
    stalls: { thresholdMs: stallThresholdMs, count: n - upperBound(sorted, stallThresholdMs) },
  };
}
