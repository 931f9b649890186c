// Seeded latency samples for tests and benchmarks: the same figures on every run and machine.

// mulberry32: small, fast, and good enough for synthetic data; the probe's own arrival PRNG.
import { mulberry32 } from '../../src/probe/open-loop';

export interface LognormalOptions {
  seed?: number;
  mu?: number;
  sigma?: number;
  /** Round to this many decimals (3 = µs when the unit is ms); omit to keep full doubles. */
  decimals?: number;
  /** Share of samples replaced by a stall of 100–500 ms. */
  stallShare?: number;
}

/** Lognormal latencies in ms (median e^mu), optionally with rare stalls. */
export function lognormalMs(n: number, options: LognormalOptions = {}): Float64Array {
  const { seed = 42, mu = 0.2, sigma = 0.9, decimals, stallShare = 0 } = options;
  const rand = mulberry32(seed);
  const scale = decimals === undefined ? 0 : 10 ** decimals;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    let v = stallShare > 0 && rand() < stallShare ? 100 + 400 * rand() : Math.exp(mu + sigma * z);
    if (scale) v = Math.round(v * scale) / scale;
    out[i] = v;
  }
  return out;
}
