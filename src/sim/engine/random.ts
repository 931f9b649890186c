// One PRNG stream: xoshiro128** 1.0 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c)
// plus the distributions the models draw from.
//
// Why xoshiro128**: 32-bit state words, so the whole generator is exact Uint32 arithmetic
// (Math.imul, shifts, xor) with no BigInt or float on the hot path, and it passes BigCrush.
// PCG32 would need 64-bit multiplies, which cost far more in JS.
//
// Determinism: every distribution is built from uniform01() (exact), + - * / and sqrt (IEEE-754
// correctly rounded) and the fdlibm log/exp ports (bit-exact by construction, see fdlibm.ts).
// No Math.log/exp/pow/sin/cos anywhere, so a stream gives the same numbers on any machine.

import { exp, log } from './fdlibm';

const TWO_POW_M53 = 1 / 9007199254740992;

export class RandomStream {
  // int32 words of the 128-bit state; kept signed so V8 stores them as small integers.
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Builds a stream from raw state words (use RandomStreams.stream(name) in models). */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if (((s0 | s1 | s2 | s3) | 0) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /** The current state as four uint32 words, for snapshots and reproducibility checks. */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Next raw output, a uint32 in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits (two outputs: 27 high bits, then 26). */
  uniform01(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * TWO_POW_M53;
  }

  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform01();
  }

  /** Integer uniform on [0, n), n ≤ 2^32; bias is below 2^-21 because 53 bits are scaled. */
  integer(n: number): number {
    return Math.floor(this.uniform01() * n);
  }

  /** Exponential with the given mean (not rate): -mean·ln(1 - U), and 1 - U is in (0, 1]. */
  exponential(mean: number): number {
    return -mean * log(1 - this.uniform01());
  }

  /**
   * Normal via Marsaglia's polar method: needs only log and sqrt (Box–Muller's sin/cos are the
   * least portable libm functions). The second variate of each pair is discarded so that every
   * call depends only on the stream state, not on what was drawn before.
   */
  normal(mean = 0, sd = 1): number {
    let u: number;
    let s: number;
    do {
      u = 2 * this.uniform01() - 1;
      const v = 2 * this.uniform01() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    return mean + sd * u * Math.sqrt((-2 * log(s)) / s);
  }

  /** exp(N(mu, sigma)): mu and sigma are of the underlying normal, so the median is e^mu. */
  lognormal(mu: number, sigma: number): number {
    return exp(mu + sigma * this.normal());
  }

  /** Lognormal given its median (the literature's "LogN(median 15 µs, σ 0.5)" form). */
  lognormalMedian(median: number, sigma: number): number {
    return median * exp(sigma * this.normal());
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform01() < p;
  }

  /** Pareto type I: scale xm (the minimum), shape alpha; xm·U^(-1/alpha) with U in (0, 1]. */
  pareto(xm: number, alpha: number): number {
    return xm * exp(-log(1 - this.uniform01()) / alpha);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
