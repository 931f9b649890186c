import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { logHistogram, downsampleCdf, sortedCopy, summarizeSorted, formatMs } from '../../src/stats';

test('log histogram edges are 10^(k/binsPerDecade) and counts land in the right bin', () => {
  const bins = logHistogram(Float64Array.from([1, 1.5, 9.99, 10, 100]), { binsPerDecade: 1 });
  assert.deepEqual(
    bins.map((b) => [b.lo, b.hi, b.count]),
    [
      [1, 10, 3],
      [10, 100, 1],
      [100, 1000, 1],
    ],
  );
});

test('histogram keeps empty bins between modes and counts zeros in the first bin', () => {
  const bins = logHistogram([0, 1, 1000], { binsPerDecade: 1 });
  assert.equal(bins.length, 4);
  assert.equal(bins[0].count, 2);
  assert.equal(bins[1].count, 0);
  assert.equal(bins.reduce((s, b) => s + b.count, 0), 3);
});

test('property: histogram counts sum to the sample count; each sample is within its bin', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 1e-4, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 1, max: 50 }),
      fc.boolean(),
      (xs, bpd, presorted) => {
        const input = presorted ? sortedCopy(xs) : Float64Array.from(xs);
        const bins = logHistogram(input, { binsPerDecade: bpd, sorted: presorted });
        assert.equal(bins.reduce((s, b) => s + b.count, 0), xs.length);
        for (let i = 1; i < bins.length; i++) assert.equal(bins[i].lo, bins[i - 1].hi);
        for (const x of xs) assert.ok(bins.some((b) => b.lo <= x && x < b.hi && b.count > 0), `${x}`);
      },
    ),
  );
});

test('property: CDF is monotone, bounded, keeps min, max and the reported percentiles', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 2000 }), (xs) => {
      const sorted = sortedCopy(xs);
      const points = downsampleCdf(sorted, { maxPoints: 100 });
      assert.ok(points.length <= 100);
      for (let i = 1; i < points.length; i++) {
        assert.ok(points[i].ms > points[i - 1].ms);
        assert.ok(points[i].atOrBelow >= points[i - 1].atOrBelow);
        assert.ok(points[i].atOrAbove <= points[i - 1].atOrAbove);
      }
      const s = summarizeSorted(sorted, 100);
      const ms = new Set(points.map((p) => p.ms));
      for (const v of [s.minMs, s.maxMs, ...Object.values(s.percentilesMs)]) assert.ok(ms.has(v), `missing ${v}`);
      assert.equal(points.at(-1)!.atOrBelow, 1);
      assert.equal(points[0].atOrAbove, 1);
      for (const p of points) assert.ok(p.atOrAbove > 0 && p.atOrBelow > 0 && p.atOrBelow <= 1);
    }),
  );
});

test('CDF of 1,000,000 samples stays ≤ 400 points and reaches the slowest sample', () => {
  const a = new Float64Array(1_000_000);
  for (let i = 0; i < a.length; i++) a[i] = Math.exp(Math.random() * 3);
  a[123] = 5000;
  const sorted = sortedCopy(a);
  const points = downsampleCdf(sorted);
  assert.ok(points.length <= 400 && points.length > 200, `${points.length}`);
  assert.equal(points.at(-1)!.ms, 5000);
  assert.equal(points.at(-1)!.atOrAbove, 1e-6);
  // The tail is dense: at least 50 points beyond p99.
  assert.ok(points.filter((p) => p.atOrAbove <= 0.01).length >= 50);
});

test('formatMs picks a readable unit', () => {
  assert.equal(formatMs(0.0123), '12.3 µs');
  assert.equal(formatMs(0.99999), '1 ms');
  assert.equal(formatMs(31.125), '31.13 ms');
  assert.equal(formatMs(12345), '12.35 s');
  assert.equal(formatMs(0), '0 ms');
});
