import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSvg } from '../../src/charts';
import { probeCell, type ProbeResult } from '../../src/cells/probe';
import type { CellContext, ProgressUpdate } from '../../src/cells/types';
import { startMemcached, type Memcached } from '../support/memcached';
import { startStallProxy } from '../support/stall-proxy';

let mc: Memcached;
before(async () => {
  mc = await startMemcached();
});
after(async () => {
  await mc?.stop();
});

const errors = (source: string) => probeCell.validate(source).filter((d) => d.severity === 'error').map((d) => d.message);

test('spec validation: required target, exclusive keys, loop mode, no inline passwords', () => {
  assert.deepEqual(errors('target: 127.0.0.1:11211\nrate: 2000/s\nduration: 10s\nwarmup: 2s\n'), []);
  assert.match(errors('rate: 10/s\n').join(), /missing required key "target"/);
  assert.match(errors('target: localhost\n').join(), /not host:port/);
  assert.equal(errors('target: a:1\nrequests: 5\nduration: 1s\n').length, 2);
  assert.match(errors('target: a:1\nmode: open\n').join(), /needs a "rate"/);
  assert.match(errors('target: a:1\nmode: closed\nrate: 5/s\n').join(), /ignored by a closed loop/);
  assert.match(errors('target: a:1\nauth: { user: u, password: hunter2 }\n').join(), /never write a password/);
  assert.ok(!errors('target: a:1\nauth: { user: u, password: hunter2 }\n').join().includes('hunter2'));
  assert.match(errors('target: a:1\nauth: { user: u }\n').join(), /passwordEnv/);
  assert.match(errors('target: a:1\nprotocol: udp\n').join(), /not one of memcached, tcp-connect/);
  // Keys that would be silently ignored say so.
  const warnings = (source: string) => probeCell.validate(source).filter((d) => d.severity === 'warning').map((d) => d.message);
  assert.deepEqual(warnings('target: a:1\nrate: 100/s\npipeline: 4\n'), []);
  assert.match(warnings('target: a:1\nmode: closed\npipeline: 4\n').join(), /pipeline: ignored here: only applies to an open loop/);
  assert.match(warnings('target: a:1\nrate: 100/s\nclient: memjs\npipeline: 4\n').join(), /pipeline: ignored here: only the raw path pipelines/);
  assert.match(warnings('target: a:1\nrate: 100/s\nprotocol: tcp-connect\npipeline: 4\n').join(), /pipeline: ignored here: only the raw path pipelines/);
  const keys = probeCell.keyDocs().map((k) => k.key);
  for (const k of ['target', 'protocol', 'op', 'key', 'valueSize', 'requests', 'duration', 'rate', 'mode', 'connections', 'warmup', 'timeoutMs', 'stallThresholdMs', 'auth', 'auth.user', 'auth.passwordEnv', 'auth.secret']) {
    assert.ok(keys.includes(k), `keyDocs has ${k}`);
  }
});

test('a run with stalls: result schema, progress, and every chart renders with inline data only', { timeout: 20_000 }, async () => {
  const proxy = await startStallProxy(mc, { delays: [{ conn: 0, index: 150, ms: 40 }, { conn: 0, index: 700, ms: 70 }] });
  try {
    const updates: ProgressUpdate[] = [];
    const c: CellContext = { notebookDir: '.', signal: new AbortController().signal, progress: (u) => updates.push(u) };
    const out = await probeCell.run(`title: demo\ntarget: ${proxy.target}\nop: set\nclient: raw\nrate: 800/s\nrequests: 1000\nwarmup: 0\nstallThresholdMs: 20\n`, c);
    const r = out.result as ProbeResult;
    assert.equal(r.kind, 'xenlat-probe');
    assert.ok(r.samples instanceof Float64Array && r.samples.length === r.summary.count);
    assert.ok(r.summary.stalls.count >= 2);
    assert.equal(r.summary.stalls.count, r.summary.stalls.client + r.summary.stalls.queued + r.summary.stalls.networkOrServer);
    assert.ok(r.stages.all.stages.firstByte && r.stages.slow.stages.firstByte);
    assert.ok(r.hostSignals.series.find((s) => s.name === 'cpuSteal')?.present, 'this Linux box has /proc/stat');
    assert.ok(updates.some((u) => / of [\d,]+ requests \(\d+%.*\), p50/.test(u.message)), 'progress about once a second');
    const ids = out.charts.map((ch) => ch.id);
    assert.deepEqual(ids, ['over-time', 'stall-timeline', 'histogram', 'cdf', 'stages']);
    for (const ch of out.charts) {
      assert.ok(!JSON.stringify(ch.spec).includes('"url"'), 'inline data only');
      assert.ok(JSON.stringify(ch.spec).length < 200_000, `${ch.id} is bounded`);
      const svg = await renderSvg(ch.spec);
      assert.match(svg, /^<svg/);
    }
    assert.match(out.markdown, /Stalls/);
  } finally {
    await proxy.close();
  }
});

test('tcp-connect probe', { timeout: 20_000 }, async () => {
  const out = await probeCell.run(`target: ${mc.target}\nprotocol: tcp-connect\nmode: closed\nrequests: 30\nwarmup: 3\nhostSignals: false\n`, {
    notebookDir: '.',
    signal: new AbortController().signal,
    progress: () => {},
  });
  const r = out.result as ProbeResult;
  assert.equal(r.summary.count, 30);
  assert.ok(r.stages.all.stages.connect);
  assert.ok(r.views.tcp);
});
