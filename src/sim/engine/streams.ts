// Named PRNG streams derived from (seed, name).
//
// Why named streams: each model component (arrivals, service, scheduler noise...) draws from its
// own stream, so adding a component, or drawing one more number in one of them, leaves every other
// component's numbers unchanged. A stream's state depends only on (seed, name), never on which
// other streams exist or in what order they were created.
//
// Derivation (exact, so anyone can re-implement it):
//   h   = FNV-1a 64 of the name's UTF-8 bytes
//   key = mix64(mix64(seed) XOR h)              mix64 = SplitMix64's output function
//   a   = splitmix64 step from key, b = the next step
//   state words (s0, s1, s2, s3) = (lo32(a), hi32(a), lo32(b), hi32(b))
// BigInt is fine here: it runs once per stream, never per draw.

import { RandomStream } from './random';

const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** SplitMix64's finaliser (Steele, Lea & Flood 2014). */
export function mix64(z: bigint): bigint {
  z &= M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** SplitMix64: returns [output, next state]. */
export function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + GOLDEN) & M64;
  return [mix64(next), next];
}

/** FNV-1a, 64-bit, over the UTF-8 bytes of s. */
export function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & M64;
  }
  return h;
}

function toSeed64(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    return BigInt(seed);
  }
  if (seed < 0n || seed > M64) throw new RangeError(`seed must fit in 64 bits, got ${seed}`);
  return seed;
}

/** The four uint32 state words of stream `name` under `seed`. */
export function deriveStreamState(seed: number | bigint, name: string): [number, number, number, number] {
  const key = mix64(mix64(toSeed64(seed)) ^ fnv1a64(name));
  const [a, st] = splitmix64(key);
  const [b] = splitmix64(st);
  const w: [number, number, number, number] = [
    Number(a & 0xffffffffn),
    Number(a >> 32n),
    Number(b & 0xffffffffn),
    Number(b >> 32n),
  ];
  // All-zero is xoshiro's one forbidden state; reachable only with probability 2^-128.
  if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1;
  return w;
}

export class RandomStreams {
  readonly seed: bigint;
  private readonly cache = new Map<string, RandomStream>();

  constructor(seed: number | bigint) {
    this.seed = toSeed64(seed);
  }

  /** The stream for `name`; the same object on every call, so components can share it by name. */
  stream(name: string): RandomStream {
    let s = this.cache.get(name);
    if (s === undefined) {
      const [a, b, c, d] = deriveStreamState(this.seed, name);
      s = new RandomStream(a, b, c, d);
      this.cache.set(name, s);
    }
    return s;
  }
}
