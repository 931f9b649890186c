// The live progress line: incremental, each request counted once, in whatever order requests end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProbeProgress } from '../../src/cells/probe/progress';
import type { RequestRecord } from '../../src/probe/record';
import { RecordStore } from '../../src/probe/record-store';
import { percentileOfSorted, sortedCopy } from '../../src/stats';

const record = (seq: number, ok: boolean, warmup = false): RequestRecord => ({
  seq, conn: 0, path: 'raw', warmup, tIntended: seq, tStart: seq, ok, inflight: 0,
});

test('counts each ended request once, in any end order, and matches an exact recount', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ latency: fc.double({ min: 0.01, max: 500, noNaN: true }), ok: fc.boolean(), warmup: fc.boolean(), endsAt: fc.nat(5) }), { minLength: 1, maxLength: 300 }),
      (spec) => {
        const store = new RecordStore();
        const records = spec.map((s, i) => record(i, s.ok, s.warmup));
        for (const r of records) store.add(r);
        const progress = new ProbeProgress(100);
        // Requests end in rounds (out of order); the tracker is updated after each round.
        for (let round = 0; round <= 5; round++) {
          spec.forEach((s, i) => {
            if (s.endsAt !== round) return;
            records[i].tEnd = records[i].tIntended + s.latency;
            store.end(records[i]);
          });
          progress.update(store);
          progress.update(store);
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

test('a request still open does not hold back those that ended after it', () => {
  const store = new RecordStore();
  const progress = new ProbeProgress(50);
  const open = record(0, true);
  store.add(open);
  for (let i = 1; i <= 200_000; i++) {
    const r = record(i, true);
    store.add(r);
    r.tEnd = r.tIntended + 1;
    store.end(r);
  }
  progress.update(store);
  assert.equal(progress.measured, 200_000);
  open.tEnd = open.tIntended + 3;
  store.end(open);
  progress.update(store);
  assert.equal(progress.measured, 200_001);
  assert.match(progress.line(undefined), /^200,001 requests, p50 1 ms, p99 1 ms, max 3 ms, 0 stalls, 0 errors$/);
});

test('the live line says how far and how long is left, with no "/" (the editor linked it as a path)', () => {
  const p = new ProbeProgress(50);
  p.measured = 9948;
  p.errors = 9948; // no successful request yet: no percentiles in the line
  assert.match(p.line(20_000, { elapsedMs: 4974 }), /^9,948 of 20,000 requests \(49%, about 6 s left\), 0 stalls, 9,948 errors$/);
  assert.match(p.line(undefined, { elapsedMs: 30_000, durationMs: 120_000 }), /^9,948 requests \(25%, about 1 min 30 s left\)/);
  assert.doesNotMatch(p.line(20_000, { elapsedMs: 1 }), /\//);
  p.measured = 20_000;
  assert.match(p.line(20_000, { elapsedMs: 10_000 }), /^20,000 of 20,000 requests \(100%\)/);
});
