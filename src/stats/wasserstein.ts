// Wasserstein-1 (earth mover's) distance between two empirical distributions on the line:
// W1 = ∫ |F(x) − G(x)| dx. On log10 latency it reads as "how many orders of magnitude, on
// average, the mass of one sample must move to become the other", which is the tail distance the
// explain cell reports next to Anderson–Darling (a magnitude where A–D gives a significance).

/**
 * Exact W1 between the empirical distributions of u and v, optionally weighted (weights need not
 * sum to 1; they are normalised). Inputs need not be sorted. Matches scipy.stats.wasserstein_distance.
 */
export function wasserstein1(u: ArrayLike<number>, v: ArrayLike<number>, uWeights?: ArrayLike<number>, vWeights?: ArrayLike<number>): number {
  if (u.length === 0 || v.length === 0) throw new Error('Wasserstein distance needs two non-empty samples');
  const a = weighted(u, uWeights);
  const b = weighted(v, vWeights);
  // Sweep the merged support; between consecutive support points both CDFs are constant.
  let i = 0;
  let j = 0;
  let Fa = 0;
  let Fb = 0;
  let prev = Math.min(a.x[0], b.x[0]);
  let sum = 0;
  while (i < a.x.length || j < b.x.length) {
    const x = j >= b.x.length || (i < a.x.length && a.x[i] <= b.x[j]) ? a.x[i] : b.x[j];
    sum += Math.abs(Fa - Fb) * (x - prev);
    while (i < a.x.length && a.x[i] === x) Fa += a.w[i++];
    while (j < b.x.length && b.x[j] === x) Fb += b.w[j++];
    prev = x;
  }
  return sum;
}

/** W1 between log10 of the samples (all values must be > 0). */
export function wasserstein1Log10(u: ArrayLike<number>, v: ArrayLike<number>): number {
  return wasserstein1(log10All(u), log10All(v));
}

function log10All(s: ArrayLike<number>): Float64Array {
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) {
    if (!(s[i] > 0)) throw new Error(`log-scale distance needs positive values (got ${s[i]})`);
    out[i] = Math.log10(s[i]);
  }
  return out;
}

function weighted(x: ArrayLike<number>, w?: ArrayLike<number>): { x: Float64Array; w: Float64Array } {
  const idx = Array.from({ length: x.length }, (_, i) => i);
  if (w && w.length !== x.length) throw new Error('weights and values differ in length');
  idx.sort((p, q) => x[p] - x[q]);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i] : 1;
    if (!(wi >= 0)) throw new Error('weights must be non-negative');
    total += wi;
  }
  if (!(total > 0)) throw new Error('weights sum to zero');
  return { x: Float64Array.from(idx, (i) => x[i]), w: Float64Array.from(idx, (i) => (w ? w[i] : 1) / total) };
}
