import { test } from 'node:test';
import assert from 'node:assert/strict';
import { burstsOf, clockQuantum, detectSignatures } from '../../src/cells/explain/signatures';
import { markHits, periodOf, stallModes } from '../../src/cells/explain/stall-modes';
import { mulberry32 } from '../../src/probe/open-loop';

// Observations from a generator of their own (not the Xen model): a lognormal body with stalls
// placed by hand, so the detector is checked against what was put in.
const rng = mulberry32;
function observation(n: number, stall: (r: () => number) => number, every: number, seed = 1): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(1e-9, r());
    const body = Math.exp(Math.log(1) + 0.3 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r()));
    out[i] = body + (i % every === every - 1 ? stall(r) : 0);
  }
  return out;
}

test('whole timeslices: modes at 30/60/90 ms and the period 30 ms are found', () => {
  const s = observation(20_000, (r) => 30 * (1 + Math.floor(r() * 3)) + (r() - 0.5) * 2, 100);
  const sig = detectSignatures({ samplesMs: s, source: 't' }, 10);
  assert.equal(sig.stalls.count, 200);
  assert.equal(sig.modes.length, 3);
  sig.modes.forEach((m, k) => assert.ok(Math.abs(m.centreMs - 30 * (k + 1)) < 2, `mode ${m.centreMs}`));
  assert.ok(sig.period, 'a period');
  assert.ok(Math.abs(sig.period!.periodMs - 30) < 1.5, `period ${sig.period!.periodMs}`);
  assert.deepEqual(sig.period!.multiples, [1, 2, 3]);
  assert.equal(sig.marks.length, 0, 'modes at 30/60/90 are not a 40 ms delayed ACK');
  assert.match(sig.sentences.join('\n'), /near multiples \(1, 2, 3×\) of 30/);
});

test('a 40 ms pile-up is a delayed-ACK mark; a broad spread crossing 40 ms is not', () => {
  const dack = observation(20_000, (r) => 40 + r() * 1.5, 50);
  const sig = detectSignatures({ samplesMs: dack, source: 't' }, 10);
  assert.deepEqual(sig.marks.map((m) => m.id), ['delayed-ack-40']);
  assert.equal(sig.period, undefined, 'one mode is no period');
  const broad = observation(20_000, (r) => 10 + r() * 140, 50);
  const b = detectSignatures({ samplesMs: broad, source: 't' }, 10);
  assert.deepEqual(b.marks, []);
  assert.deepEqual(b.modes, []);
  assert.match(b.sentences.join('\n'), /no clear mode/);
});

test('minimum RTO with backoff: 200 ms and 600 ms (a second timeout) are reported as such', () => {
  const sizes = [...Array.from({ length: 40 }, (_, i) => 200 + (i % 5)), 601, 603, 598];
  const hits = markHits(sizes);
  assert.equal(hits.length, 1);
  assert.equal(hits[0].id, 'rto-200');
  assert.deepEqual(hits[0].backoff, [3]);
  assert.deepEqual(markHits(sizes.map((x) => x * 1.5)).map((h) => h.id), ['rto-300']);
});

test('period: needs two multiples; 15 ms is not preferred over 30 ms for 30/60 piles', () => {
  const sizes = [...Array(30).fill(30), ...Array(30).fill(60), ...Array(5).fill(73)];
  const modes = stallModes(sizes);
  assert.equal(modes.length, 2);
  assert.equal(periodOf(sizes, modes)!.periodMs, 30);
  assert.equal(periodOf(sizes.slice(0, 30), stallModes(sizes.slice(0, 30))), undefined);
});

test('clock resolution: a 15.6 ms or 1 ms grid is detected, µs-precision values are not on a grid', () => {
  const r = rng(3);
  const grid = Float64Array.from({ length: 1000 }, () => 15.6 * Math.floor(r() * 8)).sort();
  assert.ok(Math.abs(clockQuantum(grid)! - 15.6) < 1e-9);
  const ints = Float64Array.from({ length: 1000 }, () => Math.floor(r() * 30) + 1).sort();
  assert.equal(clockQuantum(ints), 1);
  const fine = Float64Array.from({ length: 1000 }, () => 1 + r()).sort();
  assert.equal(clockQuantum(fine), undefined);
});

test('bursts: stalls in runs are bursty, evenly spread ones are not', () => {
  const even = new Float64Array(10_000).fill(1);
  for (let i = 50; i < even.length; i += 100) even[i] = 100;
  assert.equal(burstsOf(even, 10)!.bursty, false);
  const runs = new Float64Array(10_000).fill(1);
  for (let i = 50; i < runs.length; i += 1000) for (let k = 0; k < 10; k++) runs[i + k] = 100;
  const b = burstsOf(runs, 10)!;
  assert.equal(b.bursty, true);
  assert.ok(b.followedShare > 0.8);
});

test('stall location: client pauses of the measuring process are counted and said', () => {
  const s = observation(1000, () => 50, 100);
  const ctx = [
    { latencyMs: 51, cause: 'client' },
    { latencyMs: 51, cause: 'network-or-server' },
    { latencyMs: 51, cause: 'client' },
  ];
  const sig = detectSignatures({ samplesMs: s, source: 't', stallContext: ctx }, 10);
  assert.equal(sig.location!.client, 2);
  assert.match(sig.location!.text, /2 of 3 stalls .* client machine's scheduling/);
});
