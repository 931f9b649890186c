// Model fidelity (issue #12): mechanisms that used to be artefacts of the model, TCP behaviour by
// segment and OS, the connect handshake, the server's own pauses and the founding case's three
// symptoms for every seed. Sources as in docs/sim-model.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, latMs, pct, stalled, largestStage } from '../support/sim-xen';
import { MECHANISMS } from '../../src/sim/xen/run-types';
import { countSymptoms } from '../../src/cells/sim/symptoms';
import { releaseDefaults, XEN_VERSIONS } from '../../src/sim/xen/xen-version';

test('NIC interrupt moderation batches: a baseline rate sweep up to 20,000/s shows no stall and no cause "none" (e1000/ixgbe ITR + NAPI)', () => {
  for (const rate of [2000, 9000, 12_000, 20_000]) {
    const r = run('baseline', { ratePerSec: rate });
    const l = latMs(r);
    const none = stalled(r, 10).filter((i) => MECHANISMS[r.requests.cause[i]] === 'none');
    assert.equal(none.length, 0, `${rate}/s: ${none.length} stalls with cause none`);
    assert.ok(pct(l, 50) < 2 && Math.max(...l) < 10, `${rate}/s: p50 ${pct(l, 50)} max ${Math.max(...l)}`);
    if (rate >= 12_000) assert.ok(r.counters!.rxInterrupts < 0.9 * r.requests.count, `${rate}/s: ${r.counters!.rxInterrupts} interrupts for ${r.requests.count} responses`);
  }
  // At the model's real capacity (the guest vCPU's 45 µs per request: ≈ 22,000/s) requests queue
  // for the pool's connections: stalls, named by their cause, never "none".
  const full = run('baseline', { ratePerSec: 22_000 });
  const st = stalled(full, 10);
  assert.ok(st.length > 0, 'no queueing at capacity');
  assert.ok(st.every((i) => MECHANISMS[full.requests.cause[i]] !== 'none'), 'a stall at capacity with cause none');
});

test('Nagle by segments: classic Nagle (Windows) holds the sub-MSS tail of a 2,000-byte request until the delayed ACK; the first segment leaves at once (tcp_nagle_check; __tcp_ack_snd_check)', () => {
  const nagle = (os: 'windows' | 'linux', bytes: number) => run('baseline', { requests: 3000, ratePerSec: 200, guest: { os }, request: { bytes }, tcp: { nagle: true, delayedAckMs: 40 } });
  const win = nagle('windows', 2000);
  const l = latMs(win);
  // Every request is one full segment + a tail: the server's 40 ms delayed ACK, then a round trip.
  assert.ok(pct(l, 1) >= 40 && pct(l, 99) < 48, `windows 2000 B: p1 ${pct(l, 1)} p99 ${pct(l, 99)}`);
  const ins = win.requests.instants;
  for (let i = 0; i < 50; i++) {
    // A capture in the guest sees the first segment at once; the gap is before the server answers.
    assert.ok(ins.netfrontTx[i] - ins.appSend[i] < 1000, `request ${i} left late`);
    assert.ok(ins.server[i] - ins.wireOut[i] >= 40_000, `request ${i}: server answered ${ins.server[i] - ins.wireOut[i]} µs after the first segment`);
    assert.equal(MECHANISMS[win.requests.cause[i]], 'nagle-delayed-ack');
  }
  // Two full segments are ACKed at once: the tail waits one round trip, no timer.
  assert.ok(pct(latMs(nagle('windows', 3500)), 99) < 5, 'two full segments + tail');
  // Linux (Minshall): the tail leaves, only a small segment behind another small one would wait.
  assert.ok(pct(latMs(nagle('linux', 2000)), 99) < 5, 'linux 2000 B');
  // One segment: nothing to hold.
  assert.ok(pct(latMs(nagle('windows', 100)), 99) < 5, 'windows 100 B');
});

test('tail-loss probe: a lost segment of a multi-segment response is recovered in ms on Linux, a lone segment still waits for the RTO, Windows waits for the RTO (tcp_schedule_loss_probe)', () => {
  const loss = (os: 'linux' | 'windows', bytes: number) => {
    const r = run('loss-rto', { requests: 20_000, server: { os }, guest: { os }, response: { bytes }, tcp: { lossRate: 0.01, rtoMinMs: null } });
    const l = latMs(r);
    const lost = l.filter((_, i) => MECHANISMS[r.requests.cause[i]] === 'loss-rto');
    return { fast: lost.filter((x) => x < 50).length, slow: lost.filter((x) => x >= 150).length, min: Math.min(...lost) };
  };
  const multi = loss('linux', 6000);
  const single = loss('linux', 1000);
  const win = loss('windows', 6000);
  assert.ok(multi.fast > 300, `linux 6000 B: ${multi.fast} recovered within 50 ms`);
  assert.ok(multi.slow < single.slow, `linux 6000 B: ${multi.slow} ≥ 150 ms vs 1000 B ${single.slow}`);
  assert.equal(single.fast, 0, 'a lone lost segment is never recovered within 50 ms');
  assert.ok(single.slow > 200 && single.min >= 200, `linux 1000 B: ${single.slow} ≥ 150 ms, min ${single.min}`);
  assert.equal(win.fast, 0, 'windows has no probe');
  assert.ok(win.min >= 300, `windows min ${win.min}`);
});

test('xen.version: each release sets its scheduler semantics, written keys override it (Xen 4.0 accurate accounting, 4.2 tslice/ratelimit, 4.12 credit2)', () => {
  assert.deepEqual(releaseDefaults('3.4'), { kind: 'credit', debit: 'tick', tsliceMs: 30, tickMs: 10, acctMs: 30, ratelimitUs: 0 });
  assert.deepEqual(releaseDefaults('4.1'), { kind: 'credit', debit: 'exact', tsliceMs: 30, tickMs: 10, acctMs: 30, ratelimitUs: 0 });
  assert.deepEqual(releaseDefaults('4.2', 12), { kind: 'credit', debit: 'exact', tsliceMs: 12, tickMs: 4, acctMs: 12, ratelimitUs: 1000 });
  assert.deepEqual(releaseDefaults('3.4', 12), { kind: 'credit', debit: 'tick', tsliceMs: 12, tickMs: 10, acctMs: 30, ratelimitUs: 0 });
  assert.equal(releaseDefaults('4.11').kind, 'credit');
  assert.equal(releaseDefaults('4.12').kind, 'credit2');
  assert.equal(releaseDefaults('4.17').kind, 'credit2');
  assert.ok(XEN_VERSIONS.length >= 6);
  // A written key wins over the release: credit1 on 4.17 stalls like credit1.
  const c1 = latMs(run('vcpu-contention', { xen: { version: '4.17' }, scheduler: { kind: 'credit' } }));
  assert.ok(Math.max(...c1) > 30, `credit1 forced on 4.17: max ${Math.max(...c1)}`);
});

test('TCP connect crosses the same path: ≈ one round trip, delayed by the scheduler like any packet (symptom 3: a fresh connect takes ≈3 ms)', () => {
  const base = run('baseline', { requests: 5000, tcp: { newConnectionFraction: 0.2 } });
  const s = countSymptoms(base.requests);
  assert.ok(s.connects > 800 && s.connects < 1200, `${s.connects} connects`);
  assert.ok(s.connectP50Ms! > 0.1 && s.connectP50Ms! < 0.5, `baseline connect p50 ${s.connectP50Ms}`);
  // The request itself follows the connect: its latency includes it.
  const l = latMs(base);
  assert.ok(pct(l, 95) > pct(l, 50), 'connecting requests are slower');
  // dom0 starvation delays the SYN and SYN-ACK too.
  const dom0 = run('dom0-contention', { requests: 5000, tcp: { newConnectionFraction: 0.5 } });
  const slowConnects = Array.from(dom0.requests.connectUs!).filter((x) => x > 10_000).length;
  assert.ok(slowConnects > 0, 'no connect delayed by dom0');
  // The founding case's connect: ≈ 3 ms.
  const black = countSymptoms(run('black-0.1s', { requests: 20_000 }).requests);
  assert.ok(black.connectP50Ms! > 2.5 && black.connectP50Ms! < 3.5, `black connect p50 ${black.connectP50Ms}`);
});

test('server-pause: the cache stalls, not Xen: the delay sits in the server stage before the capture, follows the pause length, and a connect stays fast', () => {
  const r = run('server-pause', { requests: 20_000 });
  const st = stalled(r, 10);
  assert.ok(st.length > 20, `${st.length} stalls`);
  // While the server is paused the 20 pooled connections fill up (200/s × 100 ms): later
  // requests wait for a connection instead. Nothing waits in the guest or dom0.
  const inServer = st.filter((i) => largestStage(r, i) === 'server' && MECHANISMS[r.requests.cause[i]] === 'server-pause');
  assert.ok(inServer.length > 0.8 * st.length, `${inServer.length} of ${st.length} in the server stage`);
  for (const i of st) assert.ok(['server', 'pool-wait'].includes(largestStage(r, i)), `request ${i}: ${largestStage(r, i)}`);
  const ins = r.requests.instants;
  assert.ok(st.every((i) => ins.appRead[i] - ins.guestCapture[i] < 5000), 'read at once after capture');
  const sizes = st.map((i) => r.requests.latencyUs![i] / 1000);
  // Pauses of median 100 ms: the stalls reach it, are not bounded by a 30 ms slice.
  assert.ok(Math.max(...sizes) > 90 && Math.max(...sizes) < 300, `max ${Math.max(...sizes)}`);
  const s = countSymptoms(r.requests);
  assert.equal(s.slowReadsAfterCapture, 0);
  assert.equal(s.slowWrites, 0);
  assert.ok(Array.from(r.requests.connectUs!).every((x) => !(x > 10_000)), 'a connect was slow during a server pause');
  assert.ok(r.counters!.serverPauses > 5);
});

test('black-0.1s shows all three symptoms for every seed: reads late after capture, writes > 50 ms, connect ≈ 3 ms (cnblogs 黑色0.1秒)', () => {
  for (const seed of [1, 2, 3, 4]) {
    const s = countSymptoms(run('black-0.1s', {}, seed).requests);
    const at = `seed ${seed}: ${JSON.stringify(s)}`;
    assert.ok(s.slowReadsAfterCapture >= 50, at);
    assert.ok(s.slowWrites >= 3 && s.slowWrites < 100, at);
    assert.ok(s.connectP50Ms! > 2.5 && s.connectP50Ms! < 3.5, at);
  }
});
