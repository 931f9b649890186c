// Each stall mechanism must show the signature the literature gives it. Test names cite the
// sources as in /work/shared/research/xen-io-model.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, latMs, pct, stalled, largestStage } from '../support/sim-xen';
import { MECHANISMS } from '../../src/sim/xen/run-types';

const DOM0_STAGES = new Set(['dom0-tx', 'dom0-rx', 'netback-rx']);
const count = (xs: string[]) => xs.reduce((a: Record<string, number>, s) => ((a[s] = (a[s] ?? 0) + 1), a), {});

test('baseline: microseconds of CPU per request, no stall above 10 ms in 20k requests', () => {
  const t0 = performance.now();
  const r = run('baseline');
  const wallUsPerReq = ((performance.now() - t0) * 1000) / r.requests.count;
  const l = latMs(r);
  assert.equal(r.requests.count, 20_000);
  assert.equal(Math.max(...l) <= 10, true, `max ${Math.max(...l)} ms`);
  assert.ok(pct(l, 50) < 1, `median ${pct(l, 50)} ms`);
  assert.ok(wallUsPerReq < 200, `${wallUsPerReq} µs of wall time per simulated request`);
});

test('credit scheduler: stalls are bounded by whole 30 ms timeslices of the neighbours and grow with k (Xen sched_credit.c; Bobtail NSDI\'13)', () => {
  const p999: number[] = [];
  const max: number[] = [];
  for (const k of [0, 1, 2, 3]) {
    const l = latMs(run('vcpu-contention', { neighbours: { cpuBound: k } }));
    p999.push(pct(l, 99.9));
    max.push(Math.max(...l));
  }
  for (let k = 1; k < 4; k++) {
    assert.ok(p999[k] >= p999[k - 1], `p99.9 not monotone in k: ${p999}`);
    assert.ok(max[k] > max[k - 1], `max not growing with k: ${max}`);
  }
  assert.ok(max[0] < 10, `no neighbours, no stall: ${max[0]}`);
  // One neighbour costs about one slice per time the request needs the vCPU (send, then read),
  // so never two slices; three cost several.
  assert.ok(max[1] > 20 && max[1] < 2 * 30, `k=1 max ${max[1]}`);
  assert.ok(max[3] > 60 && max[3] <= 4 * 30 + 10, `k=3 max ${max[3]}`);
});

test('credit scheduler: stall sizes sit in 30 ms timeslice bands, most beyond one slice with k=3 (Xen credit scheduler source)', () => {
  const r = run('vcpu-contention', { requests: 50_000 });
  const st = stalled(r, 10).map((i) => r.requests.latencyUs![i] / 1000);
  const bands = [0, 1, 2, 3, 4].map((b) => st.filter((x) => x >= b * 30 && x < (b + 1) * 30).length);
  assert.ok(st.length >= 30, `${st.length} stalls`);
  assert.ok(bands[1] + bands[2] + bands[3] > bands[0], `bands ${bands}`);
  // Bounded by whole slices: k neighbours ahead, plus one more round while OVER until the next accounting.
  assert.ok(Math.max(...st) < (3 + 2) * 30 + 10, `max ${Math.max(...st)}`);
  for (const i of stalled(r, 10)) assert.equal(MECHANISMS[r.requests.cause[i]], 'guest-vcpu-wait');
});

test('credit scheduler: stall sizes are whole timeslices, k of them with k neighbours, and follow the slice length (Xen sched_credit.c: a preempted vCPU waits out each runnable peer\'s slice)', () => {
  // Stall sizes in units of the slice; the mode must be k (one slice per neighbour ahead).
  const shape = (ts: number, k: number) => {
    // The slice is a parameter from Xen 4.2 (sched_credit_tslice_ms), which also derives the tick
    // and accounting period from it; no ratelimit, to isolate the slice's effect.
    const r = run('vcpu-contention', { requests: 50_000, neighbours: { cpuBound: k }, xen: { version: '4.2' }, scheduler: { tsliceMs: ts, ratelimitUs: 0 } });
    const st = stalled(r, 3).map((i) => r.requests.latencyUs![i] / 1000).filter((x) => x > 0.9 * ts);
    const byMultiple = new Map<number, number>();
    for (const x of st) byMultiple.set(Math.round(x / ts), (byMultiple.get(Math.round(x / ts)) ?? 0) + 1);
    const mode = [...byMultiple].sort((a, b) => b[1] - a[1])[0]?.[0];
    const near = st.filter((x) => Math.abs(x / ts - Math.round(x / ts)) < 0.15).length / st.length;
    return { n: st.length, mode, near, detail: JSON.stringify(Object.fromEntries(byMultiple)) };
  };
  for (const [ts, k] of [[5, 1], [5, 2], [10, 1], [10, 2], [5, 3], [20, 3], [30, 3]]) {
    const s = shape(ts, k);
    const at = `tslice ${ts} ms, k=${k}: ${s.n} stalls, by multiple of the slice ${s.detail}`;
    assert.ok(s.n >= 10, at);
    // k neighbours ahead: k slices. With three, the guest sometimes gets its turn after two (the
    // third neighbour's slice ended at an accounting that made the guest UNDER again).
    assert.ok(k < 3 ? s.mode === k : s.mode! >= k - 1 && s.mode! <= k, at);
    // Short slices leave little else: most stalls are a whole number of slices. (Not all: the
    // accounting period is the slice too, and an OVER guest's wait can end at an accounting
    // boundary that is not aligned with the neighbour's slice.)
    assert.ok(s.near >= 0.5, `${at}; ${s.near} near a multiple`);
  }
});

test('credit scheduler: stalls vanish with short slices (tslice 1 ms, Xen 4.2+) and with credit2 (Xen 4.2 blog: 30 ms is bad for latency; sched_credit2.c)', () => {
  const short = latMs(run('vcpu-contention', { xen: { version: '4.2' }, scheduler: { tsliceMs: 1 } }));
  assert.ok(pct(short, 99.9) < 10, `tslice 1 ms p99.9 ${pct(short, 99.9)}`);
  assert.ok(Math.max(...short) < 10, `tslice 1 ms max ${Math.max(...short)}`);
  const c2 = latMs(run('vcpu-contention', { scheduler: { kind: 'credit2' } }));
  assert.ok(Math.max(...c2) < 10, `credit2 max ${Math.max(...c2)}`);
  // Xen 4.12+ runs credit2 by default.
  const v417 = latMs(run('vcpu-contention', { xen: { version: '4.17' } }));
  assert.ok(Math.max(...v417) < 10, `Xen 4.17 max ${Math.max(...v417)}`);
});

test('xen.version 4.2+: with three CPU-bound neighbours, stalls shrink with the slice, because the tick (tslice/3) and accounting period (tslice) follow it (__csched_set_tslice)', () => {
  const at = (tsliceMs: number) => latMs(run('vcpu-contention', { xen: { version: '4.2' }, scheduler: { tsliceMs } }));
  const [s30, s10, s5] = [at(30), at(10), at(5)];
  assert.ok(Math.max(...s10) < Math.max(...s30) && Math.max(...s5) < Math.max(...s10), `max ${Math.max(...s30)} / ${Math.max(...s10)} / ${Math.max(...s5)}`);
  assert.ok(pct(s10, 99.9) < pct(s30, 99.9) && pct(s5, 99.9) < pct(s10, 99.9), `p99.9 ${pct(s30, 99.9)} / ${pct(s10, 99.9)} / ${pct(s5, 99.9)}`);
  // Bounded by three 10 ms slices (plus the ratelimit and a second wait for the read).
  assert.ok(Math.max(...s10) < 2 * 3 * 10 + 5, `10 ms slices: max ${Math.max(...s10)}`);
  // Before 4.2 the slice is not a parameter: the tick stays 10 ms and accounting 30 ms, so an
  // OVER guest still waits out whole accounting periods: a 10 ms slice helps much less.
  const old = latMs(run('vcpu-contention', { xen: { version: '3.4' }, scheduler: { tsliceMs: 10 } }));
  assert.ok(Math.max(...old) > Math.max(...s10), `3.4 with 10 ms slices: max ${Math.max(...old)} vs 4.2 ${Math.max(...s10)}`);
});

test('credit scheduler: BOOST for UNDER vCPUs is what keeps the tail short (sched_credit.c csched_vcpu_wake)', () => {
  const base = latMs(run('vcpu-contention'));
  const noBoost = latMs(run('vcpu-contention', { scheduler: { boost: false } }));
  assert.ok(pct(noBoost, 99) > 10 * pct(base, 99), `boost off p99 ${pct(noBoost, 99)} vs ${pct(base, 99)}`);
  assert.ok(pct(base, 99.9) > 10, `tick debit p99.9 ${pct(base, 99.9)}`);
});

test('credit scheduler: a vCPU is put on the active list only when a tick finds it running, and its credit is clamped at accounting, not at each debit (csched_vcpu_acct, csched_acct, burn_credits)', () => {
  // With exact accounting (Xen 4.0/4.1) the mostly idle guest is debited for what it runs while
  // off the active list; when a tick finds it running it is re-activated and the next accounting
  // sees the debt: it comes back OVER and waits behind the neighbours. Activating on every debit
  // (or clamping each debit) would keep it UNDER, with a p99.9 under 10 ms.
  const r = run('vcpu-contention', { xen: { version: '4.1' } });
  const l = latMs(r);
  assert.equal(r.config && (r.config as { scheduler: { debit: unknown } }).scheduler.debit, null, 'debit derived from the release');
  assert.ok(pct(l, 99.9) > 10, `exact debit p99.9 ${pct(l, 99.9)}`);
  assert.ok((r.counters?.overWakes ?? 0) > 10, `OVER wake-ups ${r.counters?.overWakes}`);
});

test('credit scheduler: weights share the pCPU (heavier neighbours, longer tail), caps park the neighbours, ratelimit delays a BOOSTed wake by up to 1 ms (sched_credit.c csched_acct, cap parking; Xen 4.2 sched_ratelimit_us)', () => {
  const tail = (o: unknown) => {
    const r = run('vcpu-contention', o);
    const l = latMs(r);
    return { stalls: stalled(r, 10).length, p50: pct(l, 50), p90: pct(l, 90), p999: pct(l, 99.9) };
  };
  const base = tail({});
  // Credits are handed out by weight: neighbours at 1/4 of the guest's weight go OVER early and
  // leave it the pCPU; at 4× they hold it and the guest waits behind them far more often.
  const light = tail({ neighbours: { weight: 64 } });
  const heavy = tail({ neighbours: { weight: 1024 } });
  assert.ok(light.stalls < base.stalls && base.stalls < heavy.stalls, `stalls by neighbour weight 64/256/1024: ${light.stalls}/${base.stalls}/${heavy.stalls}`);
  assert.ok(heavy.p999 > 2 * base.p999, `p99.9 ${heavy.p999} vs ${base.p999}`);
  // A cap parks each neighbour once it has used its share, so the guest's tail shrinks.
  const capped = tail({ neighbours: { capPercent: 20 } });
  assert.ok(capped.p999 < 0.75 * base.p999, `cap 20%: p99.9 ${capped.p999} vs ${base.p999}`);
  // ratelimit_us = 1000: a woken vCPU cannot preempt one that has run for less than 1 ms, so the
  // common case pays up to 1 ms (about half of it on average), and no more than that.
  const limited = tail({ scheduler: { ratelimitUs: 1000 } });
  const added = limited.p50 - base.p50;
  assert.ok(added > 0.3 && added < 1.0, `ratelimit 1000 µs adds ${added} ms at p50`);
  assert.ok(limited.p90 - base.p90 < 1.0 + 0.05, `ratelimit adds ${limited.p90 - base.p90} ms at p90`);
});

test('dom0 starvation delays packets BEFORE the guest captures them (Whiteaker et al. CCR\'11; dom0_vcpus_pin advice)', () => {
  const r = run('dom0-contention');
  const st = stalled(r, 10);
  assert.ok(st.length >= 20, `${st.length} stalls`);
  const where = count(st.map((i) => largestStage(r, i)));
  const inDom0 = st.filter((i) => DOM0_STAGES.has(largestStage(r, i))).length;
  assert.ok(inDom0 >= 0.9 * st.length, JSON.stringify(where));
  assert.equal(where['capture-to-read'] ?? 0, 0);
  const dedicated = latMs(run('dom0-contention', { dom0: { dedicated: true } }));
  assert.ok(Math.max(...dedicated) < 10, `dedicated dom0 max ${Math.max(...dedicated)}`);
});

test('guest vCPU starvation delays the read AFTER the packet was captured (cnblogs 黑色0.1秒; research notes §4)', () => {
  const r = run('black-0.1s');
  const st = stalled(r, 10);
  const where = count(st.map((i) => largestStage(r, i)));
  assert.ok((where['capture-to-read'] ?? 0) > 0.6 * st.length, JSON.stringify(where));
  for (const s of Object.keys(where)) assert.ok(!DOM0_STAGES.has(s), JSON.stringify(where));
});

test('black-0.1s reproduces the founding case: ≈3 ms RTT, rare >100 ms stalls captured-then-read-late, some >50 ms writes (cnblogs 黑色0.1秒)', () => {
  const r = run('black-0.1s');
  const l = latMs(r);
  const ins = r.requests.instants;
  const med = pct(l, 50);
  assert.ok(med > 2.5 && med < 3.5, `median ${med}`);
  const st = stalled(r, 10);
  assert.ok(st.length > 0 && st.length < 0.02 * l.length, `${st.length} stalls of ${l.length}`);
  const lateReads = st.filter((i) => ins.appRead[i] - ins.guestCapture[i] > 100_000);
  assert.ok(lateReads.length >= 1, 'no >100 ms read after capture');
  let slowWrites = 0;
  for (let i = 0; i < r.requests.count; i++) if (ins.writeDone[i] - ins.appSend[i] > 50_000) slowWrites++;
  assert.ok(slowWrites >= 1 && slowWrites < 0.001 * l.length, `${slowWrites} writes > 50 ms`);
  // Logged with DateTime.Now: some logged values exceed 100 ms.
  assert.ok(Array.from(r.requests.loggedLatencyUs).some((x) => x > 100_000));
  assert.ok(r.vcpuIntervals.some((iv) => iv.vcpu === 'guest.1' && iv.state === 'wait' && iv.end - iv.start > 60_000), 'trace shows guest.1 waiting');
});

test('Nagle + delayed ACK: stalls sit at the 40 ms (or 200 ms) delayed-ACK timeout plus one RTT (Linux TCP_DELACK_MIN/MAX, include/net/tcp.h)', () => {
  for (const ack of [40, 200]) {
    const r = run('nagle-delayed-ack', { tcp: { delayedAckMs: ack } });
    const st = stalled(r, 10).map((i) => r.requests.latencyUs![i] / 1000);
    assert.ok(st.length > 100, `${st.length} stalls`);
    for (const x of st) assert.ok(x >= ack && x < ack + 8, `stall ${x} with delayed ACK ${ack}`);
  }
});

test('loss: every loss stall is at or above the minimum RTO (Linux TCP_RTO_MIN 200 ms; Windows MinRto 300 ms)', () => {
  for (const [os, rto] of [['linux', 200], ['windows', 300]] as const) {
    // Unset, the minimum RTO comes from each side's OS profile.
    const r = run('loss-rto', { guest: { os }, server: { os }, tcp: { rtoMinMs: null } });
    const st = stalled(r, 10);
    assert.ok(st.length >= 10, `${st.length}`);
    for (const i of st) {
      assert.ok(r.requests.latencyUs![i] >= rto * 1000, `stall ${r.requests.latencyUs![i]}`);
      assert.equal(MECHANISMS[r.requests.cause[i]], 'loss-rto');
    }
  }
});

test('client pool: waiting requests fail at exactly queueTimeout = 100 ms (Enyim SocketPoolConfiguration / MemcachedNode)', () => {
  const r = run('client-pool');
  const t = r.requests;
  let fails = 0;
  for (let i = 0; i < t.count; i++) {
    if (t.failure[i] !== 1) continue;
    fails++;
    assert.equal(t.latencyUs![i], 100_000);
    assert.equal(MECHANISMS[t.cause[i]], 'pool-wait');
  }
  assert.ok(fails > 0 && fails < 0.05 * t.count, `${fails} pool timeouts`);
});

test('netback rate limit: TX stalls are at most one 50 ms shaper window, in the dom0-tx stage (xen-netback tx_credit_exceeded; libxl default 50 ms)', () => {
  const r = run('netback-rate-limit');
  const st = stalled(r, 10);
  assert.ok(st.length > 100);
  for (const i of st) {
    assert.ok(r.requests.latencyUs![i] < 50_000 + 5_000, `${r.requests.latencyUs![i]}`);
    assert.equal(largestStage(r, i), 'dom0-tx');
  }
});

test('guest pause: the application stops, the kernel still captures; stalls follow the pause length, not the timeslice (research notes §6)', () => {
  const r = run('guest-pause');
  const st = stalled(r, 10);
  assert.ok(st.length >= 10, `${st.length}`);
  for (const i of st) assert.equal(MECHANISMS[r.requests.cause[i]], 'guest-pause');
  const ins = r.requests.instants;
  assert.ok(st.some((i) => ins.appRead[i] - ins.guestCapture[i] > 10_000), 'some captured-then-read-late');
});

test('legacy page flipping costs more per packet than grant copy (Menon et al. USENIX ATC\'06)', () => {
  const copy = latMs(run('baseline'));
  const flip = latMs(run('legacy-page-flip'));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(flip) > mean(copy), `${mean(flip)} vs ${mean(copy)}`);
  assert.ok(Math.max(...flip) < 10, 'flip costs µs, not a stall');
});

test('clock resolution quantises the logged latencies (DateTime.Now ≈ 15.6 ms, learn.microsoft.com)', () => {
  const r = run('baseline', { clock: { resolutionMs: 15.6 }, requests: 5000 });
  const t = r.requests;
  const res = 15_600;
  let nonzero = 0;
  for (let i = 0; i < t.count; i++) {
    const q = t.loggedLatencyUs[i] / res;
    assert.ok(Math.abs(q - Math.round(q)) < 1e-6, `${t.loggedLatencyUs[i]}`);
    assert.ok(Math.abs(t.loggedLatencyUs[i] - t.latencyUs![i]) < res);
    if (t.loggedLatencyUs[i] > 0) nonzero++;
  }
  // A sub-ms latency is logged as 0 most of the time and as one whole tick otherwise.
  assert.ok(nonzero > 0 && nonzero < 0.2 * t.count, `${nonzero}`);
});
