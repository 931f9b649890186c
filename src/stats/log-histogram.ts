import { lowerBound } from './sorted';

export interface HistogramBin {
  /** Inclusive lower edge, ms. */
  lo: number;
  /** Exclusive upper edge, ms. */
  hi: number;
  count: number;
}

export interface LogHistogramOptions {
  /** Bins per factor of 10 in latency; 20 gives ~12% wide bins. */
  binsPerDecade?: number;
  /** Set when the input is already ascending, to skip the scan-based path. */
  sorted?: boolean;
  /** Upper bound on the number of bins; the resolution is lowered to respect it. */
  maxBins?: number;
}

/**
 * Histogram with log-spaced edges at 10^(k / binsPerDecade), so bins are equally wide on a log
 * latency axis and edges are the same for every result (charts of two runs line up).
 * Bins span the data contiguously (empty bins included, so gaps in a multi-modal
 * distribution stay visible). Samples ≤ 0 cannot sit on a log axis: they are counted in the
 * first bin, so counts always sum to the number of samples.
 */
export function logHistogram(samples: ArrayLike<number>, options: LogHistogramOptions = {}): HistogramBin[] {
  const n = samples.length;
  if (n === 0) return [];
  let bpd = Math.max(1, Math.floor(options.binsPerDecade ?? 20));
  const maxBins = Math.max(1, options.maxBins ?? 2000);

  let minPos = Infinity;
  let max = -Infinity;
  if (options.sorted) {
    const firstPos = lowerBound(samples, Number.MIN_VALUE);
    minPos = firstPos < n ? samples[firstPos] : Infinity;
    max = samples[n - 1];
  } else {
    for (let i = 0; i < n; i++) {
      const v = samples[i];
      if (v > 0 && v < minPos) minPos = v;
      if (v > max) max = v;
    }
  }
  if (minPos === Infinity) {
    // Nothing positive: one nominal bin just below 1 µs holds everything.
    return [{ lo: 1e-4, hi: 1e-3, count: n }];
  }

  let first = 0;
  let last = 0;
  for (;;) {
    first = Math.floor(Math.log10(minPos) * bpd);
    last = Math.floor(Math.log10(max) * bpd);
    if (last - first + 1 <= maxBins || bpd === 1) break;
    bpd = Math.max(1, Math.floor(bpd / 2));
  }
  const edge = (k: number) => 10 ** (k / bpd);
  // log10 rounding can put a value a hair off its true bin; widen by one and fix by comparison.
  first -= 1;
  last += 1;
  const size = last - first + 1;
  const counts = new Float64Array(size);
  const edges = new Float64Array(size + 1);
  for (let i = 0; i <= size; i++) edges[i] = edge(first + i);

  for (let i = 0; i < n; i++) {
    const v = samples[i];
    if (!(v > 0)) {
      counts[1]++;
      continue;
    }
    let b = Math.floor(Math.log10(v) * bpd) - first;
    if (b < 0) b = 0;
    if (b >= size) b = size - 1;
    while (b > 0 && v < edges[b]) b--;
    while (b < size - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }

  let from = 0;
  let to = size - 1;
  while (from < to && counts[from] === 0) from++;
  while (to > from && counts[to] === 0) to--;
  const bins: HistogramBin[] = [];
  for (let b = from; b <= to; b++) bins.push({ lo: edges[b], hi: edges[b + 1], count: counts[b] });
  return bins;
}
