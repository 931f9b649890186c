// The columnar store of a run's requests gives back exactly the records that went in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FAULT_KINDS } from '../../src/probe/faults';
import type { RequestRecord } from '../../src/probe/record';
import { RecordStore } from '../../src/probe/record-store';

const time = fc.double({ min: -1, max: 1e7, noNaN: true, noDefaultInfinity: true });
const optionalTime = fc.option(time, { nil: undefined });
const arbRecord = fc.record(
  {
    conn: fc.integer({ min: -1, max: 1000 }),
    path: fc.constantFrom('raw' as const, 'memjs' as const, 'tcp' as const),
    warmup: fc.boolean(),
    tIntended: time,
    tStart: time,
    tResolved: optionalTime,
    tConnected: optionalTime,
    tAuthed: optionalTime,
    tWriteCall: optionalTime,
    tWritten: optionalTime,
    tAheadEnd: optionalTime,
    tFirstByte: optionalTime,
    tEnd: optionalTime,
    ok: fc.boolean(),
    fault: fc.option(fc.constantFrom(...FAULT_KINDS), { nil: undefined }),
    message: fc.option(fc.string(), { nil: undefined }),
    miss: fc.option(fc.constant(true), { nil: undefined }),
    cancelled: fc.option(fc.constant(true), { nil: undefined }),
    inflight: fc.nat(100_000),
  },
  { requiredKeys: ['conn', 'path', 'warmup', 'tIntended', 'tStart', 'ok', 'inflight'] },
);

/** The record without keys whose value is undefined (the store leaves absent stages out). */
const defined = (r: RequestRecord) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));

test('every field survives add and end, absent stages stay absent, across chunk boundaries', () => {
  fc.assert(
    fc.property(fc.array(arbRecord, { minLength: 1, maxLength: 50 }), fc.nat(3_000), (specs, offset) => {
      const store = new RecordStore();
      // Rows before `offset` pad the store, so rows land in later chunks and across chunk boundaries (1,024 rows each).
      for (let seq = 0; seq < offset; seq++) store.add({ seq, conn: 0, path: 'raw', warmup: false, tIntended: seq, tStart: seq, ok: false, inflight: 0 });
      const planned = specs.map((s, i) => ({ ...s, seq: offset + i }) as RequestRecord);
      for (const r of planned) store.add({ seq: r.seq, conn: -1, path: r.path, warmup: r.warmup, tIntended: r.tIntended, tStart: r.tIntended, ok: false, inflight: 0 });
      // End them in reverse order: the end order is kept, the rows are by seq.
      for (const r of [...planned].reverse()) store.end(r);
      assert.equal(store.length, offset + specs.length);
      assert.equal(store.endedCount, specs.length);
      for (let k = 0; k < specs.length; k++) assert.equal(store.endedRow(k), planned[specs.length - 1 - k].seq);
      for (const r of planned) {
        assert.deepEqual(store.get(r.seq), defined(r));
        assert.equal(store.isOk(r.seq), r.ok);
        assert.equal(store.isWarmup(r.seq), r.warmup);
        assert.equal(store.isCancelled(r.seq), r.cancelled === true);
      }
    }),
    { numRuns: 150 },
  );
});

test('a planned request that never ran reads back as planned', () => {
  const store = new RecordStore();
  store.add({ seq: 0, conn: -1, path: 'memjs', warmup: true, tIntended: 1.5, tStart: 1.5, ok: false, inflight: 0 });
  assert.deepEqual(store.get(0), { seq: 0, conn: -1, path: 'memjs', warmup: true, tIntended: 1.5, tStart: 1.5, ok: false, inflight: 0 });
  assert.ok(Number.isNaN(store.latencyMs(0)));
  assert.throws(() => store.add({ seq: 5, conn: 0, path: 'raw', warmup: false, tIntended: 0, tStart: 0, ok: false, inflight: 0 }), /record 5 added as row 1/);
});
