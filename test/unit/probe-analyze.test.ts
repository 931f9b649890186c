// The end-of-run analysis reads the requests from their columns: every stall is counted and
// classified, only the worst are described, and the pauses of a request are found by search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../src/cells/probe/analyze';
import { FAULT_KINDS } from '../../src/probe/faults';
import { PauseIndex, type ClientPause } from '../../src/probe/pauses';
import type { RequestRecord } from '../../src/probe/record';
import { request, runOf as run, series } from '../support/probe-run';

test('more stalls than are described: all are counted and classified, the worst 500 are shown in seq order', () => {
  // 3,000 requests; every third one a stall of a different size; a pause covers requests 0–299.
  const records = Array.from({ length: 3000 }, (_, i) => request(i, i * 10, i % 3 === 0 ? 21 + ((i * 7919) % 3001) / 10 : 0.3));
  const a = analyze(run(records, [{ kind: 'event-loop', start: 0, end: 3000 }]));
  const stallSeqs = records.filter((r) => r.tEnd! - r.tIntended > 20).map((r) => r.seq);
  assert.equal(a.summary.stalls.count, 1000);
  assert.equal(a.summary.stalls.count, stallSeqs.length);
  const s = a.summary.stalls;
  assert.equal(s.client + s.queued + s.networkOrServer, s.count);
  // A stall is the client's own when the pause explains all but the threshold of it.
  const latency = (q: number) => records[q].tEnd! - records[q].tIntended;
  const paused = (q: number) => Math.max(0, Math.min(q * 10 + latency(q), 3000) - q * 10);
  assert.equal(s.client, stallSeqs.filter((q) => latency(q) - paused(q) <= 20).length);
  assert.equal(s.queued, 0);
  assert.ok(s.client > 0 && s.networkOrServer > 0);
  assert.equal(a.stalls.length, 500);
  assert.equal(a.stallsTruncated, true);
  assert.deepEqual(a.stalls.map((x) => x.seq), [...a.stalls.map((x) => x.seq)].sort((x, y) => x - y));
  const shown = new Set(a.stalls.map((x) => x.seq));
  const minShown = Math.min(...a.stalls.map((x) => x.latencyMs));
  const maxHidden = Math.max(...stallSeqs.filter((q) => !shown.has(q)).map(latency));
  assert.ok(minShown >= maxHidden, `shown down to ${minShown} ms, but ${maxHidden} ms was left out`);
  // The slow-stage statistics cover every stall, not only those shown.
  assert.equal(a.stages.slow.count, 1000);
  const first = a.stalls[0];
  assert.deepEqual(first.neighbours.map((n) => n.seq), [first.seq - 3, first.seq - 2, first.seq - 1, first.seq + 1, first.seq + 2, first.seq + 3].filter((q) => q >= 0 && q < 3000));
});

test('warmup, cancelled and failed requests are counted apart; the failure list is capped in seq order', () => {
  const records: RequestRecord[] = [];
  for (let i = 0; i < 1500; i++) {
    const t = i;
    if (i < 10) records.push(request(i, t, 0.2, { warmup: true }));
    else if (i >= 1495) records.push({ seq: i, conn: 0, path: 'raw', warmup: false, tIntended: t, tStart: t, ok: false, cancelled: true, inflight: 0 });
    else if (i % 2 === 0) records.push({ seq: i, conn: 0, path: 'raw', warmup: false, tIntended: t, tStart: t, tEnd: t + 1, ok: false, fault: FAULT_KINDS[i % FAULT_KINDS.length], inflight: 0 });
    else records.push(request(i, t, 0.5, i % 5 === 0 ? { miss: true } : {}));
  }
  const a = analyze(run(records));
  assert.deepEqual(a.counts, { planned: 1500, completed: 1485, warmup: 10, cancelledInFlight: 5, misses: 148 });
  assert.equal(a.summary.count, 742);
  assert.equal(a.errors.total, 743);
  assert.equal(Object.values(a.errors.byKind).reduce((x, y) => x + y!, 0), 743);
  assert.equal(a.errors.list.length, 743);
  assert.equal(a.errors.listTruncated, false);
  assert.deepEqual(a.errors.list.slice(0, 3).map((f) => f.seq), [10, 12, 14]);
  // No stalls: the slow-stage view falls back to the slowest 1% of the successful requests.
  assert.equal(a.stages.slowDefinition, 'the slowest 1% (no stalls)');
  assert.equal(a.stages.slow.count, Math.ceil(742 * 0.01));

  const many = Array.from({ length: 2500 }, (_, i) => ({ seq: i, conn: 0, path: 'tcp' as const, warmup: false, tIntended: i, tStart: i, tEnd: i + 1, ok: false, fault: 'refused' as const, inflight: 0 }));
  const b = analyze(run(many));
  assert.equal(b.errors.total, 2500);
  assert.equal(b.errors.list.length, 1000);
  assert.equal(b.errors.listTruncated, true);
  assert.deepEqual(b.errors.list.map((f) => f.seq), Array.from({ length: 1000 }, (_, i) => i));
  assert.equal(b.summary.count, 0);
});

test('the pauses of a window found by search are those a full scan finds, with the time they cover', () => {
  const pause = fc.record({ start: fc.integer({ min: 0, max: 1000 }), len: fc.integer({ min: 0, max: 200 }), gc: fc.boolean() });
  fc.assert(
    fc.property(fc.array(pause, { maxLength: 60 }), fc.integer({ min: -50, max: 1100 }), fc.integer({ min: 0, max: 400 }), (spec, start, len) => {
      const pauses: ClientPause[] = spec.map((p) => ({ kind: p.gc ? 'gc' : 'event-loop', start: p.start, end: p.start + p.len }));
      const end = start + len;
      const { ms, hits } = new PauseIndex(pauses).within(start, end);
      const expected = pauses.filter((p) => p.end > start && p.start < end);
      assert.deepEqual(new Set(hits), new Set(expected));
      // Covered time, counted per millisecond (the bounds are whole numbers).
      let covered = 0;
      for (let t = start; t < end; t++) if (expected.some((p) => p.start <= t && p.end >= t + 1)) covered++;
      assert.equal(ms, covered);
    }),
    { numRuns: 400 },
  );
});

test('a send held up by a pause of the probe does not make a server stall look queued', () => {
  // Both sent 40 ms late, then held 30 ms for the first byte. Request 0's lateness was a pause of
  // the probe itself; request 1's was not (e.g. every connection busy).
  const late = (seq: number, t: number): RequestRecord => ({ ...request(seq, t, 70), tStart: t + 40, tWriteCall: t + 40, tWritten: t + 40.01 });
  const a = analyze(run([late(0, 0), late(1, 1000)], [{ kind: 'gc', detail: 'major', start: 0, end: 40 }]));
  const [paused, busy] = a.stalls;
  assert.equal(paused.stagesMs.queue, 40);
  assert.equal(paused.clientPauseMs, 40);
  assert.equal(paused.stage, 'firstByte');
  assert.equal(paused.cause, 'network-or-server');
  assert.equal(busy.stage, 'queue');
  assert.equal(busy.cause, 'queued');
  assert.deepEqual({ ...a.summary.stalls, thresholdMs: 0 }, { thresholdMs: 0, count: 2, client: 0, queued: 1, networkOrServer: 1 });
});

test('stalls of known sizes get their signature, and moved host counters say what they point at', () => {
  // Median ~0.3 ms; 0.1% stalls at 1 s intervals. Counters sampled every 100 ms.
  const records = Array.from({ length: 4000 }, (_, i) => request(i, i, 0.3));
  const stall = (seq: number, latency: number) => (records[seq] = request(seq, seq, latency));
  stall(1000, 40.3); // with delayed ACKs
  stall(2000, 40.3); // no counter moved
  stall(3000, 250.3); // with retransmissions
  stall(3500, 60); // with CPU steal
  const signals = [
    series('tcpDelayedAcks', 0, 4300, { 1100: 2 }),
    series('tcpRetransSegs', 0, 4300, { 3200: 1 }),
    series('cpuSteal', 0, 4300, { 3600: 35 }),
    series('xenEvtchn', 0, 4300, { 1100: 500, 3600: 500 }),
  ];
  const a = analyze(run(records, [], 20, signals));
  const bySeq = new Map(a.stalls.map((s) => [s.seq, s]));
  assert.deepEqual([...bySeq.keys()], [1000, 2000, 3000, 3500]);
  assert.equal(bySeq.get(1000)!.signature, '≈40 ms with delayed ACKs: Nagle + delayed ACK');
  assert.deepEqual(bySeq.get(1000)!.pointsAt, ['Nagle + delayed ACK: 2 delayed ACK(s) sent']);
  assert.equal(bySeq.get(2000)!.signature, '≈40 ms: the Nagle + delayed-ACK size (no delayed-ACK counter moved)');
  assert.deepEqual(bySeq.get(2000)!.pointsAt, []);
  assert.equal(bySeq.get(3000)!.signature, '≥200 ms with retransmissions: TCP retransmission timeout (RTO)');
  assert.deepEqual(bySeq.get(3000)!.pointsAt, ['loss / RTO: 1 TCP segment(s) retransmitted']);
  assert.equal(bySeq.get(3500)!.signature, undefined);
  // Xen event-channel interrupts count every packet: moving alone they point at nothing.
  assert.deepEqual(bySeq.get(3500)!.pointsAt, ['vCPU scheduling: 35 ms of CPU steal (the hypervisor ran other vCPUs)']);
  assert.deepEqual(bySeq.get(3500)!.signals.map((m) => m.name).sort(), ['cpuSteal', 'xenEvtchn']);
});
