import { after, before, test } from 'node:test';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { ProbeHooks } from '../../src/probe';
import { probe as probeCell } from '../support/cell-context';
import { startMemcached, type Memcached } from '../support/memcached';
import { startStallProxy } from '../support/stall-proxy';

/** A probe cell's run with the probe's test hooks. */
const probe = (source: string, hooks?: ProbeHooks) => probeCell(source, { hooks });

let mc: Memcached;
before(async () => {
  mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
});


test('every injected response delay is found, with its size and as a first-byte stall', { timeout: 20_000 }, async () => {
  // op: set, so no pre-run SET shifts the proxy's response count; one connection, no warmup:
  // response i on proxy connection 0 is request seq i.
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 20, ms: 60 }, { conn: 0, index: 55, ms: 35 }, { conn: 0, index: 80, ms: 120 }] });
  try {
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nmode: closed\nrequests: 100\nwarmup: 0\nstallThresholdMs: 20\npauseThresholdMs: 1\nhostSignals: false\n`);
    assert.equal(result.summary.errors.total, 0);
    await proxy.sync();
    assert.equal(proxy.injections.length, 3);
    for (const inj of proxy.injections) {
      const stall = result.stalls.find((s) => s.seq === inj.index);
      assert.ok(stall, `injected delay at request ${inj.index} was not found (stalls: ${result.stalls.map((s) => s.seq)})`);
      assert.equal(stall.stage, 'firstByte', `request ${inj.index}: stage ${stall.stage}`);
      // Within 2 ms, unless the probe itself was paused meanwhile (it says so, and by how much).
      const tolerance = 2 + stall.clientPauseMs;
      assert.ok(Math.abs(stall.stagesMs.firstByte! - inj.roundTripMs!) <= tolerance, `request ${inj.index}: first-byte ${stall.stagesMs.firstByte} ms vs injected ${inj.roundTripMs} ms (client pause ${stall.clientPauseMs} ms)`);
      assert.ok((stall.stagesMs.write ?? 0) < 2, `request ${inj.index}: write stage ${stall.stagesMs.write} ms`);
      assert.equal(stall.cause, 'network-or-server');
      assert.equal(stall.conn, result.stalls[0].conn);
      assert.ok(stall.neighbours.length >= 3);
    }
    // Nothing else is blamed on the network. On a loaded machine the probe itself may be paused
    // long enough for another request to cross the threshold: that one must say it was the client's.
    const injected = new Set(proxy.injections.map((i) => i.index));
    for (const s of result.stalls.filter((s) => !injected.has(s.seq))) {
      assert.equal(s.cause, 'client', `request ${s.seq} (${s.latencyMs} ms, client pause ${s.clientPauseMs} ms) was not injected`);
    }
    assert.equal(result.summary.stalls.client, result.stalls.length - injected.size);
  } finally {
    await proxy.close();
  }
});

test('open loop: requests queued behind a delayed response carry their waiting time (CO correction)', { timeout: 20_000 }, async () => {
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 10, ms: 50 }] });
  try {
    // 200/s = one every 5 ms on one connection: during the 50 ms stall ~9 more are due.
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nrate: 200/s\nrequests: 40\nwarmup: 0\nstallThresholdMs: 20\npauseThresholdMs: 1\nhostSignals: false\n`);
    await proxy.sync();
    const inj = proxy.injections[0];
    const byseq = new Map(result.stalls.map((s) => [s.seq, s]));
    const first = byseq.get(10);
    assert.ok(first, 'the delayed request itself is a stall');
    // Only a pause of the probe inside the 50 ms hold itself could hide where the time went.
    if (first.clientPauseMs < 40) assert.equal(first.stage, 'firstByte', `client pause ${first.clientPauseMs} ms`);
    assert.ok(Math.abs(first.stagesMs.firstByte! - inj.roundTripMs!) <= 2 + first.clientPauseMs, `first byte ${first.stagesMs.firstByte} vs the proxy's ${inj.roundTripMs}`);
    // Request 10+k was due 5k ms after request 10: it waited for the connection until request
    // 10+k−1 ended, i.e. its queue stage is the previous latency minus 5 ms, and its latency
    // (from the intended time) is that wait plus its own service.
    let prev = first;
    for (let k = 1; k <= 5; k++) {
      const s = byseq.get(10 + k);
      assert.ok(s, `request ${10 + k} queued behind the stall must be a stall too`);
      const expectedWait = prev.latencyMs - 5;
      const own = (s.stagesMs.write ?? 0) + (s.stagesMs.firstByte ?? 0) + (s.stagesMs.transfer ?? 0);
      assert.ok(Math.abs(s.stagesMs.queue! - expectedWait) < 2, `request ${10 + k}: waited ${s.stagesMs.queue} ms, expected ≈ ${expectedWait}`);
      assert.ok(Math.abs(s.latencyMs - (s.stagesMs.queue! + own)) < 0.01);
      // A pause of the probe itself (a loaded machine) may explain it instead; it then says so.
      if (s.clientPauseMs === 0) assert.equal(s.stage, 'queue');
      if (s.clientPauseMs === 0) assert.equal(s.cause, 'queued');
      else assert.ok(['queued', 'client'].includes(s.cause));
      assert.ok(Math.abs(s.sendLagMs - s.stagesMs.queue!) < 0.01);
      prev = s;
    }
    assert.ok(result.sendLag.lateOver1ms >= 5);
  } finally {
    await proxy.close();
  }
});

test('a busy-wait in the probe process is classified as a client stall', { timeout: 20_000 }, async () => {
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const { result } = await probe(`target: ${mc.target}\nop: get\nclient: raw\nmode: closed\nrequests: 60\nwarmup: 5\nstallThresholdMs: 30\nhostSignals: false\n`, {
    afterSend: (rec) => {
      if (rec.seq === 30) spin(60);
    },
  });
  const s = result.stalls.find((x) => x.seq === 30);
  assert.ok(s, 'the request sent just before the pause is a stall');
  assert.equal(s.cause, 'client');
  assert.ok(s.clientPauseMs >= 55, `pause overlap ${s.clientPauseMs}`);
  assert.ok(s.pauses.some((p) => p.kind === 'event-loop' && p.durationMs >= 55));
  assert.ok(result.summary.stalls.client >= 1);
  assert.equal(result.summary.stalls.client, result.stalls.filter((x) => x.cause === 'client').length);
  assert.ok(result.clientPauses.maxMs >= 55);
});

test('a garbage collection in the probe process is a client stall, and says it was GC', { timeout: 30_000 }, async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let junk: unknown[] | undefined;
  const { result } = await probe(`target: ${mc.target}\nop: get\nclient: raw\nmode: closed\nrequests: 60\nwarmup: 5\nstallThresholdMs: 30\nhostSignals: false\n`, {
    afterSend: (rec) => {
      if (rec.seq !== 30) return;
      // A large live heap makes a full collection take tens to hundreds of ms.
      junk = Array.from({ length: 2_000_000 }, (_, i) => ({ i }));
      gc();
    },
  });
  junk = undefined;
  const s = result.stalls.find((x) => x.seq === 30);
  assert.ok(s, `the request sent before the collection is a stall (stalls: ${result.stalls.map((x) => x.seq)})`);
  assert.equal(s.cause, 'client');
  const major = s.pauses.filter((p) => p.kind === 'gc' && p.detail === 'major');
  assert.ok(major.length >= 1, JSON.stringify(s.pauses));
  assert.ok(result.clientPauses.gc.count >= 1 && result.clientPauses.gc.maxMs >= 20, JSON.stringify(result.clientPauses.gc));
  void junk;
});

test('memjs view: a delayed response is measured as slow, not hidden by a retry', { timeout: 20_000 }, async () => {
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 5, ms: 80 }] });
  try {
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: memjs\nmode: closed\nrequests: 20\nwarmup: 0\nstallThresholdMs: 30\ntimeoutMs: 1000\npauseThresholdMs: 1\nhostSignals: false\n`);
    assert.equal(result.summary.errors.total, 0);
    const s = result.stalls.find((x) => x.seq === 5);
    assert.ok(s);
    assert.equal(s.stage, 'call');
    await proxy.sync();
    assert.ok(Math.abs(s.latencyMs - proxy.injections[0].roundTripMs!) <= 2 + s.clientPauseMs, `${s.latencyMs} vs ${proxy.injections[0].roundTripMs}`);
    assert.equal(proxy.connections.length, 1, 'memjs did not reconnect (no retry)');
  } finally {
    await proxy.close();
  }
});

test('host signals that move during a stall say what they point at: steal at vCPU scheduling, retransmissions at loss/RTO', { timeout: 20_000 }, async () => {
  // A /proc tree the test controls (this machine has no steal to give): counters are bumped
  // while chosen responses are held back by the proxy, so only those stalls see them move.
  const root = mkdtempSync(join(tmpdir(), 'xenlat-proc-'));
  mkdirSync(join(root, 'net'));
  const stat = (steal: number) => `cpu  100 0 50 1000 5 0 1 ${steal} 0 0\n`;
  const snmp = (retrans: number) => `Tcp: RtoAlgorithm RtoMin RetransSegs\nTcp: 1 200 ${retrans}\n`;
  writeFileSync(join(root, 'stat'), stat(10));
  writeFileSync(join(root, 'net/snmp'), snmp(3));
  writeFileSync(join(root, 'net/netstat'), 'TcpExt: DelayedACKs TCPTimeouts\nTcpExt: 4 0\n');
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 20, ms: 300 }, { conn: 0, index: 60, ms: 300 }] });
  try {
    const { result, markdown } = await probe(
      `target: ${proxy.target}\nop: set\nclient: raw\nmode: closed\nrequests: 100\nwarmup: 0\nstallThresholdMs: 20\nsampleIntervalMs: 50\n`,
      {
        procRoot: root,
        afterSend: (rec) => {
          if (rec.seq === 20) setTimeout(() => writeFileSync(join(root, 'stat'), stat(20)), 100);
          if (rec.seq === 60) setTimeout(() => writeFileSync(join(root, 'net/snmp'), snmp(4)), 100);
        },
      },
    );
    const at = (seq: number) => result.stalls.find((x) => x.seq === seq);
    assert.ok(at(20) && at(60), `stalls: ${result.stalls.map((x) => x.seq)}`);
    assert.deepEqual(at(20)!.pointsAt, ['vCPU scheduling: 100 ms of CPU steal (the hypervisor ran other vCPUs)']);
    assert.deepEqual(at(60)!.pointsAt, ['loss / RTO: 1 TCP segment(s) retransmitted']);
    assert.match(markdown, /cpuSteal \+100 → vCPU scheduling/);
  } finally {
    await proxy.close();
    rmSync(root, { recursive: true, force: true });
  }
});
