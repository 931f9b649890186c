import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { summarize, percentileOfSorted, nearestRankIndex, EmptySamplesError } from '../../src/stats';

test('nearest-rank percentiles of a hand-computed array', () => {
  // 10 samples: rank = ceil(p/100 · 10) → p50: 5th, p90: 9th, p99/p99.9/p99.99: 10th.
  const s = summarize(Float64Array.from([7, 1, 9, 3, 5, 2, 10, 4, 8, 6]), 8);
  assert.equal(s.count, 10);
  assert.equal(s.minMs, 1);
  assert.equal(s.maxMs, 10);
  assert.equal(s.meanMs, 5.5);
  assert.deepEqual(s.percentilesMs, { '50': 5, '90': 9, '99': 10, '99.9': 10, '99.99': 10 });
  assert.deepEqual(s.stalls, { thresholdMs: 8, count: 2 }); // 9 and 10 are strictly above 8
});

test('percentile boundaries do not suffer from float noise', () => {
  assert.equal(nearestRankIndex(1000, 99.9), 998); // rank 999
  assert.equal(nearestRankIndex(10000, 99.99), 9998);
  assert.equal(nearestRankIndex(1000001, 99.99), 999900); // rank ceil(999900.9999) = 999901
  assert.equal(nearestRankIndex(1000009, 99.99), 999908); // rank ceil(999908.9991) = 999909
  assert.equal(nearestRankIndex(1, 50), 0);
  assert.equal(nearestRankIndex(5, 0), 0);
});

test('one sample: every statistic is that sample', () => {
  const s = summarize(Float64Array.of(3.5), 100);
  assert.deepEqual(s.percentilesMs, { '50': 3.5, '90': 3.5, '99': 3.5, '99.9': 3.5, '99.99': 3.5 });
  assert.equal(s.stalls.count, 0);
});

test('empty input is a clear error', () => {
  assert.throws(() => summarize(new Float64Array(0), 100), EmptySamplesError);
  assert.throws(() => summarize(new Float64Array(0), 100), /empty/);
  assert.throws(() => percentileOfSorted([], 50), /empty/);
});

test('1..N permuted: the p-th percentile is ceil(p·N/100) (derived from ranks, not sorting)', () => {
  const n = 200_000;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = i + 1;
  // Fisher–Yates with a fixed LCG so the test is deterministic.
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  const s = summarize(a, n - 10);
  assert.equal(s.percentilesMs['50'], 100_000);
  assert.equal(s.percentilesMs['90'], 180_000);
  assert.equal(s.percentilesMs['99'], 198_000);
  assert.equal(s.percentilesMs['99.9'], 199_800);
  assert.equal(s.percentilesMs['99.99'], 199_980);
  assert.equal(s.meanMs, (n + 1) / 2);
  assert.equal(s.stalls.count, 10);
});

test('1,000,000 samples summarize quickly', () => {
  const a = new Float64Array(1_000_000);
  for (let i = 0; i < a.length; i++) a[i] = Math.exp(Math.random() * 4);
  const t = performance.now();
  summarize(a, 20);
  assert.ok(performance.now() - t < 2000, 'summarize took too long');
});

const samples = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 });

test('property: min ≤ p50 ≤ … ≤ p99.99 ≤ max, mean within [min, max]', () => {
  fc.assert(
    fc.property(samples, (xs) => {
      const s = summarize(Float64Array.from(xs), 100);
      const p = s.percentilesMs;
      const chain = [s.minMs, p['50'], p['90'], p['99'], p['99.9'], p['99.99'], s.maxMs];
      for (let i = 1; i < chain.length; i++) assert.ok(chain[i - 1] <= chain[i], `${chain}`);
      assert.ok(s.minMs <= s.meanMs && s.meanMs <= s.maxMs);
      assert.equal(s.count, xs.length);
      assert.equal(s.stalls.count, xs.filter((x) => x > 100).length);
    }),
  );
});

test('property: every percentile is one of the samples with ≥ p% at or below it', () => {
  fc.assert(
    fc.property(samples, fc.constantFrom(50, 90, 99, 99.9, 99.99), (xs, p) => {
      const sorted = Float64Array.from(xs).sort();
      const v = percentileOfSorted(sorted, p);
      assert.ok(xs.includes(v));
      const atOrBelow = xs.filter((x) => x <= v).length;
      const below = xs.filter((x) => x < v).length;
      assert.ok(atOrBelow >= (p / 100) * xs.length - 1e-9);
      assert.ok(below < (p / 100) * xs.length + 1e-9); // smallest such value
    }),
  );
});
