import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { andersonDarlingKSample, andersonDarling2 } from '../../src/stats/anderson-darling';
import { wasserstein1, wasserstein1Log10 } from '../../src/stats/wasserstein';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);

// Scholz & Stephens (1987) §5 example (Lehmann 1995, p. 309): four laboratories' smoothness data.
const t1 = [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0];
const t2 = [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8];
const t3 = [34.0, 35.0, 39.0, 40.0, 43.0, 43.0, 44.0, 45.0];
const t4 = [34.0, 34.8, 34.8, 35.4, 37.2, 37.8, 41.2, 42.8];

test('Anderson–Darling k-sample: the Scholz & Stephens worked example (version 1, T = 4.449, p ≈ 0.0021)', () => {
  const r = andersonDarlingKSample([t1, t2, t3, t4], false);
  close(r.t, 4.449, 5e-4, 'T');
  close(r.p, 0.0021, 2.5e-4, 'p');
  const crit = [0.4985, 1.3237, 1.9158, 2.493, 3.2459];
  crit.forEach((c, i) => close(r.critical[i], c, 5e-5, `critical[${i}]`));
});

test('Anderson–Darling 2-sample: R kSamples::ad.test(1:100, 1:100 + d) reference values', () => {
  const r1 = Array.from({ length: 100 }, (_, i) => i + 1);
  const plus = (d: number) => r1.map((x) => x + d);
  close(andersonDarling2(r1, plus(40.5), false).t, 41.105, 5e-4, 'v1 +40.5');
  close(andersonDarling2(r1, plus(40.5), true).t, 41.235, 5e-4, 'v2 +40.5');
  close(andersonDarling2(r1, plus(0.5), false).t, -1.2824, 5e-5, 'v1 +0.5');
  close(andersonDarling2(r1, plus(0.5), true).t, -1.2944, 5e-5, 'v2 +0.5');
  const a = andersonDarling2(r1, plus(7.5), false);
  close(a.t, 1.4923, 5e-5, 'v1 +7.5');
  close(a.p, 0.0775, 0.005, 'p +7.5');
  const b = andersonDarling2(r1, plus(6), true);
  close(b.t, 0.63892, 5e-5, 'v2 +6');
  close(b.p, 0.1798, 0.005, 'p +6');
  close(andersonDarling2(r1, plus(11.5), false).p, 0.00545, 5e-4, 'p +11.5');
  close(andersonDarling2(r1, plus(13.5), false).p, 0.00118, 1e-4, 'p +13.5');
  assert.equal(andersonDarling2(r1, plus(40.5)).p, 0.001); // floored
  assert.equal(andersonDarling2(r1, plus(0.5)).p, 0.25); // capped
});

test('Anderson–Darling: degenerate input is refused, not scored', () => {
  assert.throws(() => andersonDarlingKSample([[1, 2, 3]]), /two samples/);
  assert.throws(() => andersonDarling2([1, 2], []), /empty/);
  assert.throws(() => andersonDarling2([5, 5, 5], [5, 5]), /equal/);
});

const sample = fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 3, maxLength: 40 });

test('Anderson–Darling properties: symmetric, order-free, invariant under monotone maps; a sample against itself is the best possible', () => {
  fc.assert(
    fc.property(sample, sample, (x, y) => {
      fc.pre(new Set([...x, ...y]).size > 1);
      const xy = andersonDarling2(x, y);
      const yx = andersonDarling2(y, x);
      close(xy.a2, yx.a2, 1e-9 * Math.max(1, xy.a2));
      const shuffled = [...x].reverse();
      close(andersonDarling2(shuffled, y).a2, xy.a2, 1e-9 * Math.max(1, xy.a2));
      // Rank statistic: a strictly increasing map changes nothing (×2, exact in binary floating point, so distinct values stay distinct).
      close(andersonDarling2(x.map((v) => 2 * v), y.map((v) => 2 * v)).a2, xy.a2, 1e-9 * Math.max(1, xy.a2));
    }),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(sample, (x) => {
      fc.pre(new Set(x).size > 1);
      const self = andersonDarling2(x, x);
      // Identical samples: every M_ij equals n_i B_j / N, so each term is 0.
      close(self.a2, 0, 1e-9);
      assert.equal(self.p, 0.25);
    }),
    { numRuns: 100 },
  );
});

test('Wasserstein-1: SciPy documentation examples', () => {
  assert.equal(wasserstein1([0, 1, 3], [5, 6, 8]), 5);
  close(wasserstein1([0, 1], [0, 1], [3, 1], [2, 2]), 0.25, 1e-12);
  close(wasserstein1([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5]), 4.0781331438047861, 1e-12);
});

test('Wasserstein-1 properties: zero on itself, symmetric, a shift by c costs |c|, log scale reads in decades', () => {
  fc.assert(
    fc.property(sample, sample, fc.double({ min: -50, max: 50, noNaN: true }), (x, y, c) => {
      assert.equal(wasserstein1(x, x), 0);
      close(wasserstein1(x, y), wasserstein1(y, x), 1e-9);
      close(wasserstein1(x, x.map((v) => v + c)), Math.abs(c), 1e-9 * (1 + Math.abs(c)) * 1000);
      // Triangle inequality (it is a metric).
      const z = x.map((v) => v * 2);
      assert.ok(wasserstein1(x, y) <= wasserstein1(x, z) + wasserstein1(z, y) + 1e-9);
    }),
    { numRuns: 200 },
  );
  close(wasserstein1Log10([1, 10, 100], [10, 100, 1000]), 1, 1e-12); // ×10 is one decade
  assert.throws(() => wasserstein1Log10([0, 1], [1]), /positive/);
});
