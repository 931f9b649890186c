import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FITS } from '../../src/cells/explain/default-fits';
import { compare, tailOf } from '../../src/cells/explain/compare';
import { bestPerHypothesis, judgeAll, rank, scoreOf, type Candidate } from '../../src/cells/explain/ranking';
import { detectSignatures } from '../../src/cells/explain/signatures';
import { asObserved, calibrate } from '../../src/cells/explain/calibration';
import { PRESETS } from '../../src/sim/xen/presets';
import { configFor } from '../../src/sim/xen/preset-config';
import { applyValues, combinations } from '../../src/sim/sweep/sweep-point';
import { validateConfig } from '../../src/sim/xen/config';

test('every preset has default fit ranges, and every value is valid on that preset', () => {
  for (const name of Object.keys(PRESETS)) {
    assert.ok(DEFAULT_FITS[name], `preset "${name}" has no entry in src/cells/explain/default-fits.ts`);
    const fit = DEFAULT_FITS[name];
    for (const values of combinations(Object.entries(fit).map(([path, v]) => ({ path, values: v })))) {
      assert.deepEqual(validateConfig(applyValues(configFor(name), values)), [], `${name} ${JSON.stringify(values)}`);
    }
  }
  for (const name of Object.keys(DEFAULT_FITS)) assert.ok(name in PRESETS, `default fit for unknown preset ${name}`);
});

// Synthetic candidates (no simulator): stalls placed by hand so the rules can be checked exactly.
function series(n: number, every: number, stall: (i: number) => number, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 100) / 200 + ((i + offset) % every === 0 ? stall(i) : 0));
}
const THR = 10;
function candidate(name: string, s: Float64Array, observed: ReturnType<typeof detectSignatures>, obsTail: Float64Array, stage = 'capture-to-read', noise?: Candidate['noise']): Candidate {
  const sorted = Float64Array.from(s).sort();
  return {
    hypothesis: name,
    params: {},
    comparison: compare(observed, obsTail, s, sorted[sorted.length >> 1], { [stage]: 50 }),
    signatures: detectSignatures({ samplesMs: s, source: name }, THR),
    tail: tailOf(sorted, THR),
    stageMeansMs: { [stage]: 50 },
    calibration: { wireOneWayUs: 0, serverServiceUs: 0, pilotBody: { medianMs: 1, p10Ms: 1, p90Ms: 1 }, residualShiftMs: 0 },
    ...(noise ? { noise } : {}),
  };
}

test('the same prediction from two hypotheses is a tie with what separates them, never an order', () => {
  const obs = series(20_000, 100, (i) => 30 * (1 + (i % 3)));
  const sig = detectSignatures({ samplesMs: obs, source: 'obs' }, THR);
  const tail = tailOf(Float64Array.from(obs).sort(), THR);
  const same = series(20_000, 100, (i) => 30 * (1 + (i % 3)), 50);
  const a = candidate('zeta-guest', same, sig, tail, 'capture-to-read');
  const b = candidate('alpha-dom0', same, sig, tail, 'dom0-rx');
  const far = candidate('rto', series(20_000, 100, () => 200), sig, tail, 'wire-in');
  const { ranking, indistinguishable } = rank(bestPerHypothesis(judgeAll([a, b, far], sig)), sig);
  assert.deepEqual(ranking.map((r) => [r.hypothesis, r.rank]), [['alpha-dom0', 1], ['zeta-guest', 1], ['rto', 2]]);
  assert.equal(indistinguishable.length, 1);
  assert.deepEqual(indistinguishable[0].hypotheses, ['alpha-dom0', 'zeta-guest']);
  assert.match(indistinguishable[0].separatedBy, /captured late.*captured on time|captured on time.*captured late/);
  assert.match(indistinguishable[0].separatedBy, /capture inside the guest/);
  assert.equal(ranking[2].verdict, 'ruled-out');
  assert.ok(ranking[2].reasons.some((s) => /predicts stalls up to 20\d ms; none observed above 9\d ms/.test(s)), ranking[2].reasons.join('\n'));
});

test('verdicts: the right shape and rate fit; ten times the rate is ruled out; a rate inside both intervals costs nothing', () => {
  const obs = series(20_000, 100, () => 40);
  const sig = detectSignatures({ samplesMs: obs, source: 'obs' }, THR);
  const tail = tailOf(Float64Array.from(obs).sort(), THR);
  const [good, tooMany] = judgeAll([candidate('good', series(20_000, 100, () => 40, 7), sig, tail), candidate('many', series(20_000, 10, () => 40), sig, tail)], sig);
  assert.equal(good.verdict, 'fits');
  assert.equal(good.parts.rate, 0);
  assert.equal(scoreOf(good.parts), good.score);
  assert.equal(tooMany.verdict, 'ruled-out');
  assert.ok(tooMany.parts.rate > 0.5, String(tooMany.parts.rate));
  assert.match(tooMany.reasons[0], /predicts 1000 stalls per 10,000 requests .* observed 100/);
});

test('a shape difference within the hypothesis\'s own seed-to-seed noise does not rule it out', () => {
  const obs = series(20_000, 100, (i) => (i % 2 ? 30 : 60));
  const sig = detectSignatures({ samplesMs: obs, source: 'obs' }, THR);
  const tail = tailOf(Float64Array.from(obs).sort(), THR);
  const shifted = series(20_000, 100, (i) => (i % 2 ? 40 : 75));
  const [strict] = judgeAll([candidate('h', shifted, sig, tail)], sig);
  assert.equal(strict.verdict, 'ruled-out');
  const [noisy] = judgeAll([candidate('h', shifted, sig, tail, 'capture-to-read', { wassersteinLog10: 0.06, andersonDarlingT: 12 })], sig);
  assert.notEqual(noisy.verdict, 'ruled-out');
});

test('calibration: the wire moves the median, the server the spread; an unreachable body is said', () => {
  const c = calibrate({ medianMs: 3, p10Ms: 2, p90Ms: 4.5 }, { medianMs: 0.5, p10Ms: 0.3, p90Ms: 1 }, { oneWayUs: 50 }, { serviceUs: 300, sigma: 0.7 });
  assert.ok(c.serverServiceUs > 300);
  assert.ok(c.wireOneWayUs > 50);
  assert.equal(c.limited, undefined);
  const slow = calibrate({ medianMs: 0.5, p10Ms: 0.4, p90Ms: 0.7 }, { medianMs: 26, p10Ms: 6, p90Ms: 46 }, { oneWayUs: 50 }, { serviceUs: 300, sigma: 0.7 });
  assert.equal(slow.wireOneWayUs, 0);
  assert.match(slow.limited!, /slower than observed even with no wire latency/);
  // A spread far wider than the median (a loaded probe) cannot make the server slower than the request.
  const wide = calibrate({ medianMs: 8, p10Ms: 0.04, p90Ms: 30 }, { medianMs: 0.5, p10Ms: 0.3, p90Ms: 1 }, { oneWayUs: 50 }, { serviceUs: 300, sigma: 0.7 });
  assert.ok(wide.serverServiceUs <= 8000, String(wide.serverServiceUs));
  // The observation's clock grid is applied to the candidate: every value on the grid.
  const q = asObserved(Float64Array.from([0.4, 3, 17, 31.3]), 0, 15.6, 1);
  for (const x of q) assert.ok(Math.abs(x / 15.6 - Math.round(x / 15.6)) < 1e-9);
});

test('each default grid contains its preset\'s own value (the preset as written is a candidate)', () => {
  for (const [name, fit] of Object.entries(DEFAULT_FITS)) {
    const own = configFor(name) as unknown as Record<string, any>;
    for (const [path, values] of Object.entries(fit)) {
      const v = path.split('.').reduce((o, k) => o[k], own);
      if (v === null) continue; // derived from another key (tcp.rtoMinMs from the OS): the grid holds what it derives
      assert.ok(values.some((x) => JSON.stringify(x) === JSON.stringify(v)), `${name}: ${path} = ${JSON.stringify(v)} not in ${JSON.stringify(values)}`);
    }
  }
});

test('a probe whose stalls were its own pauses weighs against network hypotheses and for in-guest ones', () => {
  const obs = series(20_000, 100, () => 60);
  const ctx = Array.from({ length: 200 }, () => ({ latencyMs: 61, cause: 'client' }));
  const sig = detectSignatures({ samplesMs: obs, source: 'probe', stallContext: ctx }, THR);
  assert.match(sig.sentences.join('\n'), /200 of 200 stalls .* pause of the measuring process/);
  const tail = tailOf(Float64Array.from(obs).sort(), THR);
  const same = series(20_000, 100, () => 60, 3);
  const [guest, network] = judgeAll([candidate('in-guest', same, sig, tail, 'capture-to-read'), candidate('network', same, sig, tail, 'wire-in')], sig);
  assert.equal(guest.parts.location, 0);
  assert.notEqual(guest.verdict, 'ruled-out');
  assert.ok(network.parts.location > 0.3);
  assert.equal(network.verdict, 'ruled-out');
  assert.match(network.reasons[0], /100% of the observed stalls were pauses of the measuring process; this hypothesis puts 0% of the stalled time inside the guest/);
});
