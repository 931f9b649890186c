import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbeCell, type ProbeResult } from '../../src/cells/probe';
import { probe, testContext } from '../support/cell-context';
import { freePort, startMemcached, type Memcached } from '../support/memcached';
import { startStallProxy } from '../support/stall-proxy';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { RunClock } from '../../src/probe/clock';
import { FAULT_KINDS } from '../../src/probe/faults';
import { encodeGet, encodeSet } from '../../src/probe/codec';
import { RawMemcachedConnection } from '../../src/probe/raw-client';
import type { RequestRecord } from '../../src/probe/record';

let mc: Memcached;
before(async () => {
  mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
});


test('connection refused: recorded per request and in the summary; the run ends normally', { timeout: 20_000 }, async () => {
  const port = await freePort();
  const { result, markdown, failure, charts } = await probe(`target: 127.0.0.1:${port}\nclient: both\nrate: 500/s\nrequests: 20\nwarmup: 0\nhostSignals: false\n`);
  assert.equal(result.summary.count, 0);
  assert.equal(result.summary.requests, 20);
  assert.equal(result.summary.errors.byKind.refused, 20);
  assert.equal(result.errors.list.length, 20);
  assert.ok(result.errors.list.every((e) => e.fault === 'refused'));
  assert.ok(result.views.raw && result.views.memjs, 'both views report');
  assert.match(markdown, /refused 20/);
  assert.match(markdown, new RegExp(`No server reachable at 127\\.0\\.0\\.1:${port}\\*\\*: all 20 requests failed`));
  // Not one answer is a failed cell, led by the plain cause, with no chart of placeholders.
  assert.match(failure!.message, new RegExp(`^No server reachable at 127\\.0\\.0\\.1:${port}: all 20 requests failed .*Is the server running`));
  assert.equal(failure!.name, 'NoSuccessfulRequest');
  assert.deepEqual(charts, []);
});

test('DNS failure on a .invalid name is a per-request fault', { timeout: 20_000 }, async () => {
  const { result } = await probe(`target: no-such-host.invalid:11211\nclient: both\nmode: closed\nrequests: 6\nwarmup: 0\nhostSignals: false\n`);
  assert.equal(result.summary.errors.byKind.dns, 6);
  assert.match(result.errors.list[0].message, /ENOTFOUND/);
});

test('a hung server gives timeouts, a stopped reader too', { timeout: 20_000 }, async () => {
  for (const rules of [{ hang: true }, { stopReading: true }]) {
    const proxy = await startStallProxy(mc, rules);
    try {
      const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: both\nmode: closed\nrequests: 4\nwarmup: 0\ntimeoutMs: 100\nhostSignals: false\n`);
      assert.equal(result.summary.errors.byKind.timeout, 4, JSON.stringify(result.errors.list));
      for (const e of result.errors.list) assert.ok(e.afterMs >= 95 && e.afterMs < 400, `timed out after ${e.afterMs} ms`);
    } finally {
      await proxy.close();
    }
  }
});

test('a request times out timeoutMs after its own send, not at an earlier request\'s deadline', { timeout: 20_000 }, async () => {
  // Request 0 (t = 0) arms the connection's one timer for t = 200; request 1 (t = 100) is held
  // for 400 ms. Its timeout must come at ~300, 200 ms after it was sent.
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 1, ms: 400 }] });
  try {
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nrate: 10/s\nrequests: 3\nwarmup: 0\nconnections: 1\ntimeoutMs: 200\nhostSignals: false\n`);
    assert.equal(result.summary.errors.byKind.timeout, 1, JSON.stringify(result.errors.list));
    const [e] = result.errors.list;
    assert.equal(e.seq, 1);
    assert.ok(e.afterMs >= 195 && e.afterMs < 260, `timed out after ${e.afterMs} ms`);
    assert.equal(result.summary.count, 2);
  } finally {
    await proxy.close();
  }
});

test('destroyed right at the connect, a SASL connection ends its request at once, not at the timeout', { timeout: 20_000 }, async () => {
  const server = createServer((s) => s.on('error', () => {}));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const clock = new RunClock();
    const conn = new RawMemcachedConnection(0, { target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port }, clock, timeoutMs: 3000, frame: encodeGet('k'), auth: { user: 'u', password: 'p' } });
    const rec: RequestRecord = { seq: 0, conn: 0, path: 'raw', warmup: false, tIntended: 0, tStart: clock.now(), ok: false, inflight: 0 };
    const ended = new Promise<number>((resolve) => conn.perform(rec, () => resolve(clock.now())));
    (conn as unknown as { socket: Socket }).socket.once('connect', () => conn.destroy());
    const t0 = clock.now();
    const at = await ended;
    assert.ok(at - t0 < 200, `ended ${at - t0} ms after the connect`);
    assert.equal(rec.cancelled, true);
  } finally {
    server.close();
  }
});

test('a reset connection fails that request, and the probe reconnects for the next', { timeout: 20_000 }, async () => {
  const proxy = await startStallProxy(mc, { resets: [{ conn: 0, index: 10 }] });
  try {
    const { result } = await probe(`target: ${proxy.target}\nop: set\nclient: raw\nmode: closed\nrequests: 30\nwarmup: 0\nhostSignals: false\n`);
    assert.deepEqual(result.errors.byKind, { reset: 1 });
    assert.equal(result.errors.list[0].seq, 10);
    assert.equal(result.summary.count, 29);
    await proxy.sync();
    assert.equal(proxy.connections.length, 2, 'a new connection after the reset');
  } finally {
    await proxy.close();
  }
});

test('server killed mid-run: failures recorded, the run ends normally', { timeout: 20_000 }, async () => {
  const victim = await startMemcached();
  try {
    setTimeout(() => void victim.kill(), 400);
    const { result } = await probe(`target: ${victim.target}\nop: set\nclient: both\nrate: 200/s\nduration: 1s\nwarmup: 0\ntimeoutMs: 200\nhostSignals: false\n`);
    assert.ok(result.summary.count > 20, `successes before the kill: ${result.summary.count}`);
    assert.ok(result.summary.errors.total > 20, JSON.stringify(result.errors.byKind));
    const kinds = Object.keys(result.errors.byKind);
    assert.ok(kinds.includes('refused'), `after the kill reconnects are refused: ${kinds}`);
    // memjs ignores a closed socket until its request timeout fires: that is what an application sees.
    assert.ok(kinds.every((k) => ['refused', 'reset', 'closed', 'timeout'].includes(k)), kinds.join());
  } finally {
    await victim.stop();
  }
});

test('cancel stops within 200 ms, closes every socket, keeps the partial result', { timeout: 20_000 }, async () => {
  const proxy = await startStallProxy(mc);
  try {
    const ac = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      ac.abort();
    }, 700);
    const { result, markdown } = await probe(`target: ${proxy.target}\nop: get\nclient: both\nconnections: 3\nrate: 1000/s\nduration: 10s\nwarmup: 0\n`, { signal: ac.signal });
    const took = performance.now() - abortedAt;
    assert.ok(took < 200, `returned ${took} ms after the abort`);
    assert.equal(result.run.cancelled, true);
    assert.ok(result.summary.count > 100, `partial result: ${result.summary.count}`);
    assert.match(markdown, /Cancelled/);
    await new Promise((r) => setTimeout(r, 50));
    await proxy.sync();
    assert.equal(proxy.openCount(), 0, 'the proxy saw every connection closed');
    assert.ok(proxy.connections.length >= 6);
  } finally {
    await proxy.close();
  }
});

test('cancel during a slow name lookup returns within 200 ms and never connects afterwards', { timeout: 20_000 }, async () => {
  const proxy = await startStallProxy(mc);
  try {
    const port = proxy.target.split(':')[1];
    const slowLookup = () => new Promise<string>((resolve) => setTimeout(() => resolve('127.0.0.1'), 1500));
    for (const spec of [`client: both`, `protocol: tcp-connect`]) {
      const ac = new AbortController();
      let abortedAt = 0;
      setTimeout(() => {
        abortedAt = performance.now();
        ac.abort();
      }, 300);
      const out = await runProbeCell(
        `target: cache.test:${port}\n${spec}\nconnections: 2\nrate: 100/s\nduration: 10s\nwarmup: 0\nhostSignals: false\n`,
        testContext({ signal: ac.signal }),
        { lookup: slowLookup },
      );
      const took = performance.now() - abortedAt;
      assert.ok(took < 200, `${spec}: returned ${took} ms after the abort`);
      assert.equal((out.result as ProbeResult).run.cancelled, true);
    }
    // The lookups answer at 1.5 s: nothing may connect with their answer.
    await new Promise((r) => setTimeout(r, 1700));
    await proxy.sync();
    assert.equal(proxy.connections.length, 0, 'a connection was opened after the cancel');
  } finally {
    await proxy.close();
  }
});

test('a resolver that never answers is a DNS fault after timeoutMs, not a hang', { timeout: 20_000 }, async () => {
  const never = () => new Promise<string>(() => {});
  const started = performance.now();
  const out = await runProbeCell(
    `target: cache.test:11211\nclient: both\nmode: closed\nrequests: 4\ntimeoutMs: 300\nwarmup: 0\nhostSignals: false\n`,
    testContext(),
    { lookup: never },
  );
  const result = out.result as ProbeResult;
  assert.equal(result.summary.errors.byKind.dns, 4);
  assert.match(result.errors.list[0].message, /no answer resolving cache\.test within 300 ms/);
  assert.ok(performance.now() - started < 5000);
});

test('a failed name lookup costs that connection attempt only, on both paths (memjs kept the failure for the whole run)', { timeout: 20_000 }, async () => {
  for (const client of ['raw', 'memjs']) {
    let calls = 0;
    const flaky = async () => {
      if (++calls === 1) throw Object.assign(new Error('getaddrinfo EAI_AGAIN cache.test'), { code: 'EAI_AGAIN' });
      return '127.0.0.1';
    };
    const out = await runProbeCell(`target: cache.test:${mc.port}\nop: set\nclient: ${client}\nmode: closed\nrequests: 20\nwarmup: 0\nhostSignals: false\n`, testContext(), { lookup: flaky });
    const result = out.result as ProbeResult;
    assert.deepEqual(result.summary.errors.byKind, { dns: 1 }, client);
    assert.equal(result.summary.count, 19, client);
    // One lookup per connection made: the failed one, then the one that connected.
    assert.equal(calls, 2, client);
  }
});

test('a pause of the probe longer than timeoutMs is the client\'s stall, not a timeout of the server (each path)', { timeout: 30_000 }, async () => {
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  // Request 0 is paused while its connection opens (and, on memjs, the request waits for it);
  // request 10 on an open connection, right after its write call.
  for (const paused of [0, 10]) {
    for (const spec of ['client: raw', 'client: memjs', 'protocol: tcp-connect']) {
      const out = await runProbeCell(`target: ${mc.target}\n${spec}\nop: get\nmode: closed\nrequests: 20\nwarmup: 0\nstallThresholdMs: 30\ntimeoutMs: 200\nhostSignals: false\n`, testContext(), {
        afterSend: (rec) => {
          if (rec.seq === paused) spin(300);
        },
      });
      const result = out.result as ProbeResult;
      const what = `${spec}, request ${paused} paused`;
      assert.equal(result.summary.errors.total, 0, `${what}: ${JSON.stringify(result.errors.list)}`);
      const s = result.stalls.find((x) => x.seq === paused);
      assert.ok(s, `${what}: the paused request is a stall`);
      assert.equal(s.cause, 'client', what);
      assert.ok(s.latencyMs >= 295, `${what}: ${s.latencyMs} ms`);
    }
  }
});

test('cancel with requests due but waiting for a connection: they count as cancelled, never as failures of no kind', { timeout: 20_000 }, async () => {
  // A hung server keeps both connections' slots busy, so the open loop's queue grows until the cancel.
  const proxy = await startStallProxy(mc, { hang: true });
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const out = await runProbeCell(`target: ${proxy.target}\nop: set\nclient: both\nconnections: 2\nrate: 2000/s\nduration: 10s\nwarmup: 0\ntimeoutMs: 5000\nhostSignals: false\n`, testContext({ signal: ac.signal }));
    const result = out.result as ProbeResult;
    assert.equal(result.run.cancelled, true);
    // ~800 were due; two were on the wire when the cancel came.
    assert.ok(result.run.counts.cancelledInFlight > 500, `cancelled ${result.run.counts.cancelledInFlight}`);
    assert.equal(result.run.counts.planned, result.run.counts.completed + result.run.counts.cancelledInFlight);
    assert.deepEqual(Object.keys(result.summary.errors.byKind).filter((k) => !(FAULT_KINDS as readonly string[]).includes(k)), []);
    assert.equal(result.summary.errors.total, 0);
  } finally {
    await proxy.close();
  }
});

test('a frozen server (stopped, its accept queue full) gives connect timeouts after timeoutMs on each path', { timeout: 20_000 }, async () => {
  const frozen = await startMemcached({ extraArgs: ['-b', '1'] });
  const fillers: Socket[] = [];
  try {
    frozen.proc.kill('SIGSTOP');
    // Fill the accept queue: from then on the kernel drops the SYNs and a connect hangs.
    for (let i = 0; i < 8; i++) {
      const s = new Socket();
      fillers.push(s);
      const state = await new Promise((res) => {
        s.connect(frozen.port, '127.0.0.1', () => res('connected'));
        s.once('error', () => res('error'));
        setTimeout(() => res('pending'), 200);
      });
      if (state === 'pending') break;
    }
    for (const spec of ['client: raw', 'client: memjs', 'protocol: tcp-connect']) {
      const out = await runProbeCell(`target: ${frozen.target}\n${spec}\nmode: closed\nrequests: 2\nwarmup: 0\ntimeoutMs: 200\nhostSignals: false\n`, testContext());
      const result = out.result as ProbeResult;
      assert.deepEqual(result.summary.errors.byKind, { 'connect-timeout': 2 }, spec);
      for (const e of result.errors.list) assert.ok(e.afterMs >= 195 && e.afterMs < 450, `${spec}: failed after ${e.afterMs} ms`);
    }
  } finally {
    for (const s of fillers) s.destroy();
    frozen.proc.kill('SIGCONT');
    await frozen.stop();
  }
});

test('pipelined: when the head is answered just after its deadline, the request behind it still times out at its own', { timeout: 20_000 }, async () => {
  // Response 1 (A) comes after 100 ms, response 2 (B) is held 5 s; the probe is paused from ~50 to
  // ~260 ms, so A's answer is read only after its deadline, and A's end sends another request
  // (as the open loop does). That send used to arm the timer for its own deadline: B then timed
  // out ~460 ms after its send instead of ~260.
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 1, ms: 100 }, { conn: 0, index: 2, ms: 5000 }] });
  const clock = new RunClock();
  const conn = new RawMemcachedConnection(0, { target: { host: '127.0.0.1', port: Number(proxy.target.split(':')[1]) }, clock, timeoutMs: 200, frame: encodeSet('k', Buffer.from('v')) });
  const rec = (seq: number, t: number): RequestRecord => ({ seq, conn: 0, path: 'raw', warmup: false, tIntended: t, tStart: t, ok: false, inflight: 0 });
  try {
    await new Promise((r) => conn.perform(rec(0, clock.now()), r));
    const t = clock.now();
    const a = rec(1, t);
    const b = rec(2, t);
    let bEnded = 0;
    const bDone = new Promise<void>((resolve) => {
      conn.perform(a, () => conn.perform(rec(3, clock.now()), () => {}));
      conn.perform(b, () => {
        bEnded = clock.now() - t;
        resolve();
      });
    });
    setTimeout(() => setImmediate(() => {
      const until = performance.now() + 210;
      while (performance.now() < until);
    }), 50);
    await bDone;
    assert.equal(a.ok, true, 'A was answered (read right after the pause)');
    assert.equal(b.fault, 'timeout');
    assert.ok(bEnded < 350, `B timed out ${bEnded} ms after its send (timeoutMs 200)`);
  } finally {
    conn.destroy();
    await proxy.close();
  }
});
