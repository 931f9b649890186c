import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clopperPearsonInterval, logGamma, normalQuantile, wilsonInterval } from '../../src/stats/binomial-interval';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);

test('normal quantile: textbook values', () => {
  close(normalQuantile(0.975), 1.959963984540054, 5e-9);
  close(normalQuantile(0.5), 0, 1e-12);
  close(normalQuantile(0.995), 2.5758293035489, 5e-9);
  close(normalQuantile(0.001), -3.090232306167813, 1e-8);
});

test('Wilson intervals: Newcombe (1998) Table I worked examples', () => {
  const cases: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [k, n, lo, hi] of cases) {
    const w = wilsonInterval(k, n);
    close(w.lo, lo, 5e-5, `${k}/${n} lo`);
    close(w.hi, hi, 5e-5, `${k}/${n} hi`);
  }
});

/** P(X >= k) for X ~ Bin(n, p), summed exactly. */
function upperTail(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = k; i <= n; i++) s += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p));
  return s;
}

test('Clopper–Pearson: closed forms at 0 and n, and the defining tail equations for small n', () => {
  const z = clopperPearsonInterval(0, 20);
  assert.equal(z.lo, 0);
  close(z.hi, 1 - 0.025 ** (1 / 20), 1e-10); // 0.1684, Newcombe Table I
  const all = clopperPearsonInterval(7, 7);
  close(all.lo, 0.025 ** (1 / 7), 1e-10);
  assert.equal(all.hi, 1);
  for (const [k, n] of [[1, 29], [15, 148], [81, 263], [3, 10]]) {
    const { lo, hi } = clopperPearsonInterval(k, n);
    close(upperTail(k, n, lo), 0.025, 1e-8, `P(X>=${k}|lo)`);
    close(1 - upperTail(k + 1, n, hi), 0.025, 1e-8, `P(X<=${k}|hi)`);
  }
});

test('binomial intervals: contain the estimate, both narrow with n (Clopper–Pearson is not always the wider: at k = 0 the Wilson bound is a hair higher)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
      const k = Math.floor(f * n);
      const w = wilsonInterval(k, n);
      const c = clopperPearsonInterval(k, n);
      const p = k / n;
      assert.ok(w.lo <= p + 1e-12 && p <= w.hi + 1e-12);
      assert.ok(c.lo <= p + 1e-12 && p <= c.hi + 1e-12);
      if (k === 0) assert.ok(w.lo === 0 && c.lo === 0);
      const w4 = wilsonInterval(4 * k, 4 * n);
      assert.ok(w4.hi - w4.lo < w.hi - w.lo + 1e-12);
    }),
    { numRuns: 200 },
  );
  assert.throws(() => wilsonInterval(3, 2), /0 <= k <= n/);
});
