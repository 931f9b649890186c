// The live progress line: incremental, each record counted once, whatever order records end in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProbeProgress } from '../../src/cells/probe/progress';
import type { RequestRecord } from '../../src/probe/record';
import { percentileOfSorted, sortedCopy } from '../../src/stats';

const record = (seq: number, latencyMs: number, ok: boolean, warmup = false): RequestRecord => ({
  seq, conn: 0, path: 'raw', warmup, tIntended: seq, tStart: seq, ok, inflight: 0,
});

test('counts each ended record once, in any end order, and matches an exact recount', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ latency: fc.double({ min: 0.01, max: 500, noNaN: true }), ok: fc.boolean(), warmup: fc.boolean(), endsAt: fc.nat(5) }), { minLength: 1, maxLength: 300 }),
      (spec) => {
        const records = spec.map((s, i) => record(i, s.latency, s.ok, s.warmup));
        const progress = new ProbeProgress(100);
        // Records end in rounds (out of order); the tracker is updated after each round.
        for (let round = 0; round <= 5; round++) {
          spec.forEach((s, i) => {
            if (s.endsAt === round) records[i].tEnd = records[i].tIntended + s.latency;
          });
          progress.update(records);
        }
        const measured = spec.filter((s) => !s.warmup);
        const ok = measured.filter((s) => s.ok).map((s) => s.latency);
        assert.equal(progress.measured, measured.length);
        assert.equal(progress.errors, measured.length - ok.length);
        assert.equal(progress.stalls, ok.filter((v) => v > 100).length);
        if (ok.length > 0) {
          const sorted = sortedCopy(ok);
          assert.ok(Math.abs(progress.maxMs - sorted[sorted.length - 1]) < 1e-9);
          for (const p of [50, 99]) {
            const exact = percentileOfSorted(sorted, p);
            // HDR buckets: within 0.1% plus the 1 µs recording unit.
            assert.ok(Math.abs(progress.percentileMs(p) - exact) <= exact * 0.002 + 0.002, `p${p} ${progress.percentileMs(p)} vs ${exact}`);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('an open record holds the frontier; records that ended after it are counted once, when it ends too', () => {
  const records: RequestRecord[] = [];
  const progress = new ProbeProgress(50);
  for (let i = 0; i < 200_000; i++) {
    const r = record(i, 1, true);
    r.tEnd = r.tIntended + 1;
    records.push(r);
  }
  progress.update(records);
  // One record still open holds the frontier; later ones that ended are remembered, not rescanned.
  const open = record(200_000, 1, true);
  records.push(open);
  for (let i = 1; i <= 10; i++) {
    const r = record(200_000 + i, 2, true);
    r.tEnd = r.tIntended + 2;
    records.push(r);
  }
  progress.update(records);
  progress.update(records);
  assert.equal(progress.measured, 200_010);
  open.tEnd = open.tIntended + 3;
  progress.update(records);
  assert.equal(progress.measured, 200_011);
  assert.match(progress.line(undefined), /^200,011 requests, p50 1 ms, p99 1 ms, max 3 ms, 0 stalls, 0 errors$/);
});
