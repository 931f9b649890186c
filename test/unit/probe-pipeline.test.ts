import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { stageDurations, type RequestRecord } from '../../src/probe';
import { probe } from '../support/cell-context';
import { startMemcached, type Memcached } from '../support/memcached';
import { startStallProxy } from '../support/stall-proxy';

let mc: Memcached;
before(async () => {
  mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
});


test('pipelining: the delayed response is the first-byte stall; requests sent behind it on time wait in `behind`', { timeout: 20_000 }, async () => {
  // The proxy keeps responses in order: those after the held one wait behind it, as a server's would.
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 10, ms: 50 }] });
  try {
    // 200/s on one connection, up to 16 outstanding: the ~9 requests due during the 50 ms stall
    // are sent on time, pipelined behind request 10, and their responses follow its response.
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nrate: 200/s\nrequests: 40\nwarmup: 0\npipeline: 16\nstallThresholdMs: 20\npauseThresholdMs: 1\nhostSignals: false\n`);
    assert.equal(result.summary.errors.total, 0);
    assert.equal(result.run.pipeline, 16);
    await proxy.sync();
    assert.equal(proxy.connections.length, 1);
    const inj = proxy.injections[0];
    const byseq = new Map(result.stalls.map((s) => [s.seq, s]));
    const first = byseq.get(10);
    assert.ok(first, 'the delayed request itself is a stall');
    assert.equal(first.stage, 'firstByte');
    // Request 9 is normally complete 5 ms before request 10 is sent; under load its response may
    // still be in flight for a fraction of a millisecond, never for anything like the stall.
    assert.ok((first.stagesMs.behind ?? 0) < 2 + first.clientPauseMs, `nothing substantial was outstanding ahead of it (behind ${first.stagesMs.behind} ms)`);
    assert.ok(Math.abs(first.stagesMs.firstByte! - inj.roundTripMs!) <= 2 + first.clientPauseMs, `first byte ${first.stagesMs.firstByte} vs injected ${inj.roundTripMs}`);
    assert.equal(first.cause, 'network-or-server');
    for (let k = 1; k <= 5; k++) {
      const s = byseq.get(10 + k);
      assert.ok(s, `request ${10 + k} pipelined behind the stall must be a stall too`);
      // Sent about on time (one at a time it would have queued ≥ 40 ms): the wait is behind
      // request 10's response instead.
      assert.ok(s.sendLagMs < 5 + s.clientPauseMs, `request ${10 + k}: send lag ${s.sendLagMs} ms`);
      assert.equal(s.stage, 'behind');
      // Request 10's response completed first.latency after its intended time, which was 5k ms
      // before ours; we were written queue + write after ours.
      const expectedBehind = first.latencyMs - 5 * k - s.stagesMs.queue! - (s.stagesMs.write ?? 0);
      assert.ok(Math.abs(s.stagesMs.behind! - expectedBehind) < 1.5 + s.clientPauseMs, `request ${10 + k}: behind ${s.stagesMs.behind} ms, expected ≈ ${expectedBehind}`);
      assert.ok((s.stagesMs.firstByte ?? 0) < 2 + s.clientPauseMs, `request ${10 + k}: own first byte ${s.stagesMs.firstByte} ms`);
      if (s.clientPauseMs === 0) assert.equal(s.cause, 'queued');
      else assert.ok(['queued', 'client'].includes(s.cause));
      const sum = Object.values(s.stagesMs).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(s.latencyMs - sum) < 0.01, `request ${10 + k}: stages add up to ${sum}, latency ${s.latencyMs}`);
    }
  } finally {
    await proxy.close();
  }
});

test('pipelining: responses are matched in order at a rate one connection cannot carry one at a time', { timeout: 20_000 }, async () => {
  const { result } = await probe(`target: ${mc.target}\nop: get\nclient: raw\nrate: 4000/s\nduration: 500ms\nwarmup: 0\nconnections: 2\npipeline: 8\nstallThresholdMs: 50\nhostSignals: false\n`);
  assert.equal(result.summary.errors.total, 0);
  assert.equal(result.run.counts.misses, 0);
  assert.ok(result.summary.count >= 1900, `count ${result.summary.count}`);
});

test('stage arithmetic: `behind` ends when the response ahead completed, at most at the own first byte', () => {
  const base: RequestRecord = { seq: 1, conn: 0, path: 'raw', warmup: false, tIntended: 10, tStart: 10, tWriteCall: 10, tWritten: 10.01, ok: true, inflight: 2 };
  const d = stageDurations({ ...base, tAheadEnd: 30, tFirstByte: 30, tEnd: 30.02 });
  assert.ok(Math.abs(d.behind! - 19.99) < 1e-9);
  assert.equal(d.firstByte, 0);
  assert.ok(Math.abs(d.transfer! - 0.02) < 1e-9);
  // Ahead completed before this request was written: no `behind` stage.
  const e = stageDurations({ ...base, tAheadEnd: 9, tFirstByte: 10.05, tEnd: 10.06 });
  assert.equal(e.behind, undefined);
  assert.ok(Math.abs(e.firstByte! - 0.04) < 1e-9);
});

test('pipelining: cancel stops within 200 ms and closes every socket with requests outstanding', { timeout: 20_000 }, async () => {
  // The first response is held for 10 s, and every later one behind it: all stay outstanding.
  const proxy = await startStallProxy(mc, { delays: [0, 1, 2, 3].map((conn) => ({ conn, index: 0, ms: 10_000 })) });
  try {
    const ac = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      ac.abort();
    }, 400);
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nconnections: 2\npipeline: 8\nrate: 1000/s\nduration: 10s\nwarmup: 0\ntimeoutMs: 5000\nhostSignals: false\n`, { signal: ac.signal });
    const took = performance.now() - abortedAt;
    assert.ok(took < 200, `returned ${took} ms after the abort`);
    assert.equal(result.run.cancelled, true);
    // Both connections' eight slots are held by the proxy.
    assert.ok(result.run.counts.cancelledInFlight >= 16, `cancelled in flight: ${result.run.counts.cancelledInFlight}`);
    await new Promise((r) => setTimeout(r, 50));
    await proxy.sync();
    assert.equal(proxy.openCount(), 0, 'the proxy saw every connection closed');
  } finally {
    await proxy.close();
  }
});

test('pipelining: a response out of order is a protocol fault, never matched to the wrong request', { timeout: 20_000 }, async () => {
  // The proxy sends response 10 after response 11 on a pipelined connection: the opaque check
  // must catch it rather than give request 10 request 11's timing.
  const proxy = await startStallProxy(mc, { swaps: [{ conn: 0, index: 10 }] });
  try {
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nrate: 2000/s\nrequests: 40\nwarmup: 0\npipeline: 16\nstallThresholdMs: 20\npauseThresholdMs: 1\nhostSignals: false\n`);
    await proxy.sync();
    assert.equal(proxy.injections.length, 1);
    const outOfOrder = result.errors.list.filter((e) => /out of order/.test(e.message));
    assert.ok(outOfOrder.length >= 1, JSON.stringify(result.errors.list));
    assert.ok(result.errors.list.some((e) => e.seq === 10), 'request 10 never got a timing');
    assert.ok(!result.stalls.some((s) => s.seq === 10 || s.seq === 11));
    for (const e of result.errors.list) assert.ok(['protocol', 'closed'].includes(e.fault), `${e.seq}: ${e.fault} ${e.message}`);
    // The probe reconnects and the rest of the run is measured.
    assert.ok(result.summary.count >= 20, `count ${result.summary.count}`);
  } finally {
    await proxy.close();
  }
});
