import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbeCell, type ProbeResult } from '../../src/cells/probe';
import type { CellContext } from '../../src/cells/types';
import { stageDurations, type RequestRecord } from '../../src/probe';
import { connect, createServer, type Socket } from 'node:net';
import { startMemcached, type Memcached } from '../support/memcached';
import { startStallProxy } from '../support/stall-proxy';

/**
 * An in-order delaying proxy, as a server would behave: response `index` on connection 0 (or on
 * every connection) is held for `ms`, and every later response on it waits behind it, in order.
 */
async function startOrderedDelayProxy(upstream: { host: string; port: number }, index: number, ms: number, everyConnection = false) {
  const injections: { index: number; actualMs: number }[] = [];
  const sockets = new Set<Socket>();
  let open = 0;
  let nextId = 0;
  const server = createServer((client) => {
    const id = nextId++;
    open++;
    sockets.add(client);
    // No Nagle on the proxy's own sockets: it must add only the delay it is told to.
    client.setNoDelay(true);
    const up = connect({ ...upstream, noDelay: true });
    sockets.add(up);
    client.on('error', () => {});
    up.on('error', () => {});
    client.on('close', () => {
      open--;
      up.destroy();
    });
    up.on('close', () => client.destroy());
    client.on('data', (d) => up.write(d));
    let pending: Buffer = Buffer.alloc(0);
    let count = 0;
    const held: Buffer[] = [];
    let holding = false;
    up.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 24 && pending.length >= 24 + pending.readUInt32BE(8)) {
        const total = 24 + pending.readUInt32BE(8);
        const frame = pending.subarray(0, total);
        pending = pending.subarray(total);
        const i = count++;
        if ((id === 0 || everyConnection) && i === index) {
          holding = true;
          const arrived = performance.now();
          setTimeout(() => {
            injections.push({ index: i, actualMs: performance.now() - arrived });
            holding = false;
            client.write(Buffer.concat([frame, ...held.splice(0)]));
          }, ms);
        } else if (holding) held.push(frame);
        else client.write(frame);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    target: `127.0.0.1:${port}`,
    injections,
    connections: () => nextId,
    openCount: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let mc: Memcached;
before(async () => {
  mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
});

function ctx(signal = new AbortController().signal): CellContext {
  return { notebookDir: '.', signal, progress: () => {} };
}

async function probe(source: string, signal?: AbortSignal) {
  const out = await runProbeCell(source, ctx(signal));
  return { ...out, result: out.result as ProbeResult };
}

test('pipelining: the delayed response is the first-byte stall; requests sent behind it on time wait in `behind`', { timeout: 20_000 }, async () => {
  const proxy = await startOrderedDelayProxy(mc, 10, 50);
  try {
    // 200/s on one connection, up to 16 outstanding: the ~9 requests due during the 50 ms stall
    // are sent on time, pipelined behind request 10, and their responses follow its response.
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nrate: 200/s\nrequests: 40\nwarmup: 0\npipeline: 16\nstallThresholdMs: 20\nhostSignals: false\n`);
    assert.equal(result.summary.errors.total, 0);
    assert.equal(result.run.pipeline, 16);
    assert.equal(proxy.connections(), 1);
    const inj = proxy.injections[0];
    const byseq = new Map(result.stalls.map((s) => [s.seq, s]));
    const first = byseq.get(10);
    assert.ok(first, 'the delayed request itself is a stall');
    assert.equal(first.stage, 'firstByte');
    // Request 9 is normally complete 5 ms before request 10 is sent; under load its response may
    // still be in flight for a fraction of a millisecond, never for anything like the stall.
    assert.ok((first.stagesMs.behind ?? 0) < 2, `nothing substantial was outstanding ahead of it (behind ${first.stagesMs.behind} ms)`);
    assert.ok(Math.abs(first.stagesMs.firstByte! - inj.actualMs!) < 3 + first.clientPauseMs, `first byte ${first.stagesMs.firstByte} vs injected ${inj.actualMs}`);
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
  const proxy = await startOrderedDelayProxy(mc, 0, 10_000, true);
  try {
    const ac = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      ac.abort();
    }, 400);
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nconnections: 2\npipeline: 8\nrate: 1000/s\nduration: 10s\nwarmup: 0\ntimeoutMs: 5000\nhostSignals: false\n`, ac.signal);
    const took = performance.now() - abortedAt;
    assert.ok(took < 200, `returned ${took} ms after the abort`);
    assert.equal(result.run.cancelled, true);
    // Both connections' eight slots are held by the proxy.
    assert.ok(result.run.counts.cancelledInFlight >= 16, `cancelled in flight: ${result.run.counts.cancelledInFlight}`);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(proxy.openCount(), 0, 'the proxy saw every connection closed');
  } finally {
    await proxy.close();
  }
});

test('pipelining: a response out of order is a protocol fault, never matched to the wrong request', { timeout: 20_000 }, async () => {
  // The shared stall proxy releases held responses on separate timers, which can reorder them:
  // the opaque check has to catch that rather than give one request another's timing.
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 10, ms: 50 }] });
  try {
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nrate: 200/s\nrequests: 40\nwarmup: 0\npipeline: 16\nstallThresholdMs: 20\nhostSignals: false\n`);
    // Depending on how the proxy's timers release the held responses, request 10 is either measured
    // (its response came first) or fails as the fault that detected the reordering.
    const first = result.stalls.find((s) => s.seq === 10);
    const failed = result.errors.list.find((e) => e.seq === 10);
    assert.ok(first || failed, 'request 10 is either measured or recorded as a fault');
    if (first) assert.equal(first.stage, 'firstByte');
    for (const s of result.stalls) {
      if (s.seq !== 10) assert.ok((s.stagesMs.firstByte ?? 0) < 40, `request ${s.seq} was given the delayed response's first byte: ${JSON.stringify(s)} errors ${JSON.stringify(result.errors.list)}`);
    }
    for (const e of result.errors.list) assert.ok(['protocol', 'closed'].includes(e.fault), `${e.seq}: ${e.fault} ${e.message}`);
    if (result.errors.total > 0) assert.ok(result.errors.list.some((e) => /out of order/.test(e.message)));
  } finally {
    await proxy.close();
  }
});
