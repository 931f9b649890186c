import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStream, RandomStreams, deriveStreamState, fnv1a64, mix64, splitmix64, detLog, detExp } from '../../src/sim/engine/index';

const M32 = 0xffffffffn;

// xoshiro128** 1.0 transcribed straight from the reference C (prng.di.unimi.it/xoshiro128starstar.c)
// in BigInt, so it shares no code or tricks (Math.imul, int32 wrap-around) with the implementation.
function refXoshiro128ss(seed: [number, number, number, number], count: number): number[] {
  const s = seed.map(BigInt);
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M32;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const result = (rotl((s[1] * 5n) & M32, 7n) * 9n) & M32;
    const t = (s[1] << 9n) & M32;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
    out.push(Number(result));
  }
  return out;
}

test('xoshiro128** known answers: seed (1,2,3,4)', () => {
  const r = new RandomStream(1, 2, 3, 4);
  const got = Array.from({ length: 6 }, () => r.nextUint32());
  // First output by hand: rotl(2*5, 7) * 9 = 1280 * 9 = 11520. The rest from the BigInt reference.
  assert.equal(got[0], 11520);
  assert.deepEqual(got, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  assert.deepEqual(got, refXoshiro128ss([1, 2, 3, 4], 6));
});

test('xoshiro128** matches the BigInt reference for 10,000 outputs from high-bit states', () => {
  const seed: [number, number, number, number] = [0xdeadbeef, 0x80000001, 0xffffffff, 0x12345678];
  const r = new RandomStream(...seed);
  const ref = refXoshiro128ss(seed, 10_000);
  for (let i = 0; i < ref.length; i++) assert.equal(r.nextUint32(), ref[i], `output ${i}`);
  assert.throws(() => new RandomStream(0, 0, 0, 0), RangeError);
});

test('SplitMix64 and FNV-1a 64 known answers', () => {
  // splitmix64 from state 0: first output 0xe220a8397b1dcdaf (the published reference value).
  assert.equal(splitmix64(0n)[0], 0xe220a8397b1dcdafn);
  // FNV-1a 64: offset basis for "", and the published test vector for "a".
  assert.equal(fnv1a64(''), 0xcbf29ce484222325n);
  assert.equal(fnv1a64('a'), 0xaf63dc4c8601ec8cn);
  assert.equal(fnv1a64('foobar'), 0x85944171f73967e8n);
  assert.equal(mix64(0n), 0n);
});

test('stream derivation follows the documented recipe and is pinned', () => {
  const key = mix64(mix64(42n) ^ fnv1a64('arrivals'));
  const [a, st] = splitmix64(key);
  const [b] = splitmix64(st);
  const expected = [a & M32, a >> 32n, b & M32, b >> 32n].map(Number);
  assert.deepEqual(deriveStreamState(42, 'arrivals'), expected);
  assert.deepEqual(deriveStreamState(42n, 'arrivals'), expected);
  // Pinned so that an accidental change to the recipe (which would change every result) fails here.
  assert.deepEqual(expected, [76901105, 3456600092, 2495429936, 4074310053]);
  const st2 = new RandomStreams(42).stream('arrivals');
  assert.deepEqual(st2.state(), expected);
  assert.deepEqual([st2.nextUint32(), st2.nextUint32(), st2.exponential(1), st2.normal()], [2843112987, 892137539, 0.9604849622700979, 0.2587707273273867]);
  assert.throws(() => new RandomStreams(-1), RangeError);
  assert.throws(() => new RandomStreams(1.5), RangeError);
});

test('streams are independent of each other and of creation order', () => {
  const draw = (s: RandomStream): number[] => Array.from({ length: 50 }, () => s.nextUint32());
  const one = new RandomStreams(7);
  const alone = draw(one.stream('service'));

  const two = new RandomStreams(7);
  const noise = two.stream('noise'); // created first, and drawn from in between
  draw(noise);
  const svc = two.stream('service');
  draw(noise);
  assert.deepEqual(draw(svc), alone);
  assert.equal(two.stream('service'), svc, 'same name gives the same stream object');

  assert.notDeepEqual(draw(new RandomStreams(8).stream('service')), alone, 'another seed differs');
  assert.notDeepEqual(draw(new RandomStreams(7).stream('service2')), alone, 'another name differs');
});

test('fdlibm log/exp ports agree bit for bit with V8 Math.log/Math.exp (V8 ships the same fdlibm)', () => {
  const r = new RandomStream(9, 8, 7, 6);
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  for (let i = 0; i < 200_000; i++) {
    const u = r.uniform01();
    w[0] = r.nextUint32();
    w[1] = r.nextUint32() & 0x7fefffff; // any finite positive double
    for (const x of [u, 1 - u, u * 1e6, f[0]]) assert.ok(Object.is(detLog(x), Math.log(x)), `log(${x})`);
    for (const x of [(u - 0.5) * 1500, (u - 0.5) * 3, (u - 0.5) * 1e-9]) assert.ok(Object.is(detExp(x), Math.exp(x)), `exp(${x})`);
  }
  for (const x of [0, -0, -1, 1, 2, Infinity, NaN, 5e-324, 1e-310, 1 + 2 ** -30, 1 - 2 ** -53]) {
    assert.ok(Object.is(detLog(x), Math.log(x)), `log(${x})`);
  }
  for (const x of [0, -0, 1e-30, -745.2, -745.1, 709.78, 709.79, -708, -710, Infinity, -Infinity, NaN, 0.35, -1.03, 1.04]) {
    assert.ok(Object.is(detExp(x), Math.exp(x)), `exp(${x})`);
  }
});

// Sample-mean tolerances are 5 standard errors (sd/sqrt(n)) of the distribution being tested:
// a correct sampler fails with probability < 1e-6, and with a fixed seed the outcome is fixed anyway.
function checkMean(name: string, draw: () => number, n: number, mean: number, sd: number): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  const m = sum / n;
  const tol = (5 * sd) / Math.sqrt(n);
  assert.ok(Math.abs(m - mean) < tol, `${name}: mean ${m}, expected ${mean} ± ${tol}`);
}

test('distribution means are within 5 standard errors', () => {
  const s = new RandomStreams(2024);
  const n = 200_000;
  const u = s.stream('u');
  checkMean('uniform01', () => u.uniform01(), n, 0.5, Math.sqrt(1 / 12));
  checkMean('uniform(10,20)', () => u.uniform(10, 20), n, 15, 10 / Math.sqrt(12));
  checkMean('integer(6)', () => u.integer(6), n, 2.5, Math.sqrt(35 / 12));
  const e = s.stream('e');
  checkMean('exponential(30)', () => e.exponential(30), n, 30, 30);
  const z = s.stream('z');
  checkMean('normal(5,2)', () => z.normal(5, 2), n, 5, 2);
  // Second moment of the normal: E[(X-m)^2] = sd^2, Var((X-m)^2) = 2 sd^4.
  checkMean('normal variance', () => (z.normal(0, 2)) ** 2, n, 4, Math.sqrt(2) * 4);
  const l = s.stream('l');
  const mu = Math.log(15);
  const sg = 0.5;
  const lnMean = Math.exp(mu + sg * sg / 2);
  const lnSd = Math.sqrt((Math.exp(sg * sg) - 1) * Math.exp(2 * mu + sg * sg));
  checkMean('lognormal', () => l.lognormal(mu, sg), n, lnMean, lnSd);
  checkMean('lognormalMedian', () => l.lognormalMedian(15, sg), n, lnMean, lnSd);
  const b = s.stream('b');
  checkMean('bernoulli(0.1)', () => (b.bernoulli(0.1) ? 1 : 0), n, 0.1, Math.sqrt(0.09));
  // Pareto with alpha = 5 has finite variance: mean a·xm/(a-1), var xm²·a/((a-1)²(a-2)).
  const p = s.stream('p');
  checkMean('pareto(2,5)', () => p.pareto(2, 5), n, 2.5, Math.sqrt((4 * 5) / (16 * 3)));
  for (let i = 0; i < 1000; i++) assert.ok(p.pareto(2, 1.5) >= 2, 'pareto is ≥ xm');
});

test('uniform01 stays in [0, 1) and uses 53 bits', () => {
  const r = new RandomStream(0, 0, 0, 1);
  let sawLowBits = false;
  for (let i = 0; i < 10_000; i++) {
    const x = r.uniform01();
    assert.ok(x >= 0 && x < 1);
    // A 32-bit-resolution uniform would always be a multiple of 2^-32.
    if ((x * 2 ** 32) % 1 !== 0) sawLowBits = true;
  }
  assert.ok(sawLowBits);
});
