/** Ascending copy; typed-array sort is numeric, so no comparator (and no boxing) is needed. */
export function sortedCopy(samples: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(samples as ArrayLike<number>);
  copy.sort();
  return copy;
}

/** First index i with sorted[i] >= value (sorted.length when none). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with sorted[i] > value (sorted.length when none). */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
