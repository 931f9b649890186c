// k-sample Anderson–Darling test (Scholz & Stephens 1987, "K-Sample Anderson–Darling Tests",
// JASA 82(399)), the tail-weighted rank test the explain cell uses to ask "could these stall sizes
// come from the same distribution?". Unlike Kolmogorov–Smirnov, its weight 1/(H(1−H)) makes
// differences in the extremes count, which is where stalls live.
//
// Both of the paper's versions are here: version 1 (eq. 6, for continuous data) and version 2
// (eq. 7, "midrank", right for data with ties, e.g. latencies logged by a coarse clock). The
// standardized statistic T = (A² − (k−1)) / σ and the p-value interpolation follow the paper's
// Table 1 extended as in SciPy's `anderson_ksamp` (same critical-value coefficients), so results
// can be checked against R's kSamples and SciPy.

export interface AndersonDarlingResult {
  /** The raw A²_kN statistic (version 1) or A²_akN (version 2). */
  a2: number;
  /** Standardized: (A² − (k−1)) / σ_N. Near 0 (or below) when the samples agree. */
  t: number;
  /** Approximate p-value, capped to [0.001, 0.25] (the range the interpolation table covers). */
  p: number;
  /** Critical values of t at significance 25%, 10%, 5%, 2.5%, 1%, 0.5%, 0.1%. */
  critical: number[];
}

const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/**
 * Samples need not be sorted (they are copied and sorted here). `midrank` selects version 2
 * (default true: latency data has ties). Throws when fewer than two samples are given, a sample is
 * empty, or all observations are equal (the statistic is then undefined).
 */
export function andersonDarlingKSample(samples: ArrayLike<number>[], midrank = true): AndersonDarlingResult {
  const k = samples.length;
  if (k < 2) throw new Error('Anderson–Darling needs at least two samples');
  const sorted = samples.map((s) => {
    if (s.length === 0) throw new Error('Anderson–Darling: a sample is empty');
    const c = Float64Array.from(s);
    c.sort();
    return c;
  });
  const n = sorted.map((s) => s.length);
  const N = n.reduce((a, b) => a + b, 0);
  // Distinct values of the pooled sample and how often each occurs (l_j), by a k-way merge.
  const pooled = new Float64Array(N);
  {
    let o = 0;
    for (const s of sorted) pooled.set(s, o), (o += s.length);
    pooled.sort();
  }
  const zstar: number[] = [];
  const l: number[] = [];
  for (let i = 0; i < N; i++) {
    if (i > 0 && pooled[i] === pooled[i - 1]) l[l.length - 1]++;
    else zstar.push(pooled[i]), l.push(1);
  }
  const L = zstar.length;
  if (L < 2) throw new Error('Anderson–Darling: all observations are equal');

  let a2 = 0;
  for (let i = 0; i < k; i++) {
    const s = sorted[i];
    let pos = 0; // s[0..pos) <= current z
    let B = 0; // pooled count <= current z
    let inner = 0;
    for (let j = 0; j < L; j++) {
      const z = zstar[j];
      const before = pos;
      while (pos < s.length && s[pos] <= z) pos++;
      const f = pos - before; // f_ij: observations of sample i equal to z
      const lj = l[j];
      B += lj;
      if (midrank) {
        const M = pos - f / 2;
        const Ba = B - lj / 2;
        inner += (lj / N) * (N * M - Ba * n[i]) ** 2 / (Ba * (N - Ba) - (N * lj) / 4);
      } else if (j < L - 1) {
        inner += (lj / N) * (N * pos - B * n[i]) ** 2 / (B * (N - B));
      }
    }
    a2 += inner / n[i];
  }
  if (midrank) a2 *= (N - 1) / N;

  const sigma = Math.sqrt(varianceA2(n, N));
  const m = k - 1;
  const t = (a2 - m) / sigma;
  const critical = B0.map((b0, q) => b0 + B1[q] / Math.sqrt(m) + B2[q] / m);
  return { a2, t, p: pValue(t, critical), critical };
}

/** Two-sample convenience wrapper. */
export function andersonDarling2(x: ArrayLike<number>, y: ArrayLike<number>, midrank = true): AndersonDarlingResult {
  return andersonDarlingKSample([x, y], midrank);
}

/** Var(A²_kN) under the null, Scholz & Stephens eq. (4). */
function varianceA2(n: number[], N: number): number {
  const k = n.length;
  const H = n.reduce((s, ni) => s + 1 / ni, 0);
  // h = Σ_{i=1}^{N−1} 1/i ; g = Σ_{i=1}^{N−2} Σ_{j=i+1}^{N−1} 1/((N−i) j)
  let h = 0;
  for (let i = 1; i <= N - 1; i++) h += 1 / i;
  // Inner sums Σ_{j=i+1}^{N−1} 1/j are a suffix of the harmonic numbers: walk i downwards.
  let g = 0;
  let suffix = 0;
  for (let i = N - 2; i >= 1; i--) {
    suffix += 1 / (i + 1);
    g += suffix / (N - i);
  }
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  return (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
}

/** Quadratic fit of log(significance) against the critical values, evaluated at t (SciPy's method). */
function pValue(t: number, critical: number[]): number {
  if (t < critical[0]) return SIG[0];
  if (t > critical[critical.length - 1]) return SIG[SIG.length - 1];
  const [c0, c1, c2] = quadraticFit(critical, SIG.map(Math.log));
  return Math.exp(c0 + c1 * t + c2 * t * t);
}

/** Least-squares y ≈ c0 + c1 x + c2 x² via the 3×3 normal equations. */
function quadraticFit(x: number[], y: number[]): [number, number, number] {
  const S = new Array(5).fill(0);
  const T = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    let p = 1;
    for (let e = 0; e < 5; e++) {
      S[e] += p;
      if (e < 3) T[e] += p * y[i];
      p *= x[i];
    }
  }
  const A = [
    [S[0], S[1], S[2], T[0]],
    [S[1], S[2], S[3], T[1]],
    [S[2], S[3], S[4], T[2]],
  ];
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let c = col; c < 4; c++) A[r][c] -= f * A[col][c];
    }
  }
  return [A[0][3] / A[0][0], A[1][3] / A[1][1], A[2][3] / A[2][2]];
}
