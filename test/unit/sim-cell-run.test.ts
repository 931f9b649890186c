import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { simCell, type SimResult } from '../../src/cells/sim';
import { getCellKind } from '../../src/cells/registry';
import { findUrlReferences } from '../../src/charts';
import { INSTANTS, STAGES } from '../../src/sim/xen/run-types';
import { CellError } from '../../src/cells/types';
import { testContext } from '../support/cell-context';

const ctx = (signal?: AbortSignal) => testContext({ signal, notebookDir: tmpdir() });

const SINGLE = 'preset: vcpu-contention\nrequests: 2000\nseed: 3\n';
const SWEEP = 'preset: vcpu-contention\nrequests: 2000\nsweep:\n  neighbours.cpuBound: [0, 3]\n  scheduler.kind: [credit, credit2]\n';

test('single run: common result schema, per-stage breakdown, slowest requests, charts, markdown', async () => {
  const c = ctx();
  const { result, charts, markdown } = await simCell.run(SINGLE, c);
  const r = result as SimResult;
  assert.equal(r.kind, 'xenlat-sim');
  assert.equal(r.preset, 'vcpu-contention');
  assert.equal(r.seed, 3);
  const s = r.summary;
  assert.equal(s.count, 2000);
  assert.ok(s.minMs > 0 && s.minMs <= s.meanMs && s.meanMs <= s.maxMs);
  assert.deepEqual(Object.keys(s.percentilesMs), ['50', '90', '99', '99.9', '99.99']);
  assert.equal(s.stalls.thresholdMs, r.config.stallThresholdMs);
  assert.ok(r.samples instanceof Float64Array && r.samples.length === 2000);
  assert.equal(Math.max(...r.samples), s.maxMs);
  // stage breakdown: every stage, shares of the slow requests' latency summing to ≈ 1
  assert.deepEqual(r.stages.stages.map((x) => x.stage), STAGES.map((x) => x.id));
  assert.ok(r.stages.requests > 0);
  const share = r.stages.stages.reduce((a, x) => a + x.share, 0);
  assert.ok(Math.abs(share - 1) < 0.01, `shares sum to ${share}`);
  // slowest requests with their instants, slowest first
  assert.equal(r.slowest.length, 20);
  assert.equal(r.slowest[0]!.latencyMs, Math.round(s.maxMs * 1000) / 1000);
  for (const q of r.slowest) {
    assert.equal(q.instantsMs.arrive, 0);
    if (!q.failure) for (const k of INSTANTS) assert.equal(typeof q.instantsMs[k], 'number', k);
    assert.equal(typeof q.cause, 'string');
  }
  assert.ok(r.slowest.every((q, i) => i === 0 || q.latencyMs <= r.slowest[i - 1]!.latencyMs));
  assert.equal(Object.values(r.mechanisms).reduce((a, b) => a + b, 0), 2000);
  assert.equal(r.failures.ok + r.failures['pool-timeout'] + r.failures.dropped, 2000);
  assert.ok(r.writeSummary.count > 0 && r.loggedSummary.count > 0);
  // charts: timeline, CDF, histogram, stages; inline data, bounded
  assert.deepEqual(charts.map((ch) => ch.id), ['timeline', 'cdf', 'histogram', 'stages']);
  for (const ch of charts) {
    assert.deepEqual(findUrlReferences(ch.spec), []);
    assert.ok(JSON.stringify(ch.spec).length < 300_000, ch.id);
  }
  assert.ok(Array.isArray(charts[0]!.spec.vconcat), 'the timeline has the vCPU panel');
  // Without a title, the preset heads every chart: ten sim cells must not all read "latency histogram".
  for (const ch of charts) assert.match(ch.title, /^preset vcpu-contention: /, ch.title);
  assert.match(markdown, /\| count \| min \| mean \| p50 \|/);
  assert.match(markdown, /Preset `vcpu-contention`/);
  assert.ok(c.updates.length >= 1);
  // same spec, same seed: the same result
  const again = (await simCell.run(SINGLE, ctx())).result as SimResult;
  assert.deepEqual(again.summary, r.summary);
});

test('sweep: one summary per combination, in spec order; progress per combination; sweep chart', async () => {
  const c = ctx();
  const { result, charts, markdown } = await simCell.run(SWEEP, c);
  const r = result as SimResult;
  assert.deepEqual(
    r.sweep!.map((e) => e.values),
    [
      { 'neighbours.cpuBound': 0, 'scheduler.kind': 'credit' },
      { 'neighbours.cpuBound': 0, 'scheduler.kind': 'credit2' },
      { 'neighbours.cpuBound': 3, 'scheduler.kind': 'credit' },
      { 'neighbours.cpuBound': 3, 'scheduler.kind': 'credit2' },
    ],
  );
  for (const e of r.sweep!) assert.equal(e.summary.count, 2000);
  // the detail (summary, samples, timeline) is the combination with the highest p99.9
  const worst = Math.max(...r.sweep!.map((e) => e.summary.percentilesMs['99.9']));
  assert.equal(r.summary.percentilesMs['99.9'], worst);
  assert.ok(r.detail && r.sweep!.some((e) => JSON.stringify(e.values) === JSON.stringify(r.detail!.values)));
  assert.deepEqual(charts.map((ch) => ch.id), ['sweep', 'timeline', 'cdf', 'histogram', 'stages']);
  assert.equal((charts[0]!.spec.data as { values: unknown[] }).values.length, 4);
  assert.equal(markdown.split('\n').filter((l) => /^\| (0|3), credit2? \|/.test(l)).length, 4);
  assert.ok(c.updates.filter((u) => /combinations/.test(u.message)).length >= 4);
  assert.equal(c.updates.at(-1)!.fraction, 1);
});

test('sweepPercentile picks the plotted percentile', async () => {
  const { charts } = await simCell.run('requests: 1000\nsweepPercentile: "99"\nsweep:\n  tcp.nagle: [false, true]\n', ctx());
  assert.match(charts[0]!.title, /^p99 latency vs tcp\.nagle/);
});

test('cancellation during a sweep returns the combinations that finished', async () => {
  const abort = new AbortController();
  const c = ctx(abort.signal);
  const progress = c.progress;
  c.progress = (u) => {
    progress(u);
    if (/^2 \//.test(u.message)) abort.abort();
  };
  const source = 'requests: 1000\nsweep:\n  neighbours.cpuBound: [0, 1, 2, 3]\n  tcp.nagle: [false, true]\n';
  const { result, markdown } = await simCell.run(source, c);
  const r = result as SimResult;
  assert.ok(r.sweep!.length >= 2 && r.sweep!.length < 8, `${r.sweep!.length} combinations`);
  assert.match(markdown, /Cancelled: \d of 8 combinations ran/);
});

test('cancelled before the start: the run rejects with the abort reason', async () => {
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(simCell.run(SINGLE, ctx(abort.signal)));
});

test('an invalid spec fails with a CellError listing the lines', async () => {
  await assert.rejects(simCell.run('requests: 1000\nscheduler:\n  kind: credit3\n', ctx()), (e: unknown) => {
    assert.ok(e instanceof CellError);
    assert.match(e.message, /line 3: scheduler\.kind: "credit3"/);
    assert.equal(e.diagnostics[0]!.range.startLine, 2);
    return true;
  });
});

test('exec through the real CLI prints the result as JSON', () => {
  assert.equal(getCellKind('xenlat-sim'), simCell);
  const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-sim-'));
  const spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, 'preset: baseline\nrequests: 1000\nrate: 500/s\n');
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'exec', 'xenlat-sim', spec, '--json'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(result.kind, 'xenlat-sim');
  assert.equal(result.summary.count, 1000);
  assert.equal(result.config.ratePerSec, 500);
  assert.deepEqual(result.stages.stages.map((s: { stage: string }) => s.stage), STAGES.map((s) => s.id));
  assert.equal(result.provenance.language, 'xenlat-sim');
});

test('a sweep shows the worst combination in detail; of equals the first in spec order, whichever worker finished first', async () => {
  const { worstPoint } = await import('../../src/cells/sim/sweep-spec');
  // As the workers reported them: combination 1 before 0, both at the same percentile.
  assert.equal(worstPoint([{ index: 2, p: 5 }, { index: 1, p: 7 }, { index: 0, p: 7 }])?.index, 0);
  assert.equal(worstPoint([{ index: 0, p: 1 }, { index: 1, p: 2 }])?.index, 1);
  assert.equal(worstPoint([]), undefined);
});

test('connects: a connect summary beside the request summary, only when requests connect (issue #12)', async () => {
  const spec = 'preset: baseline\nrequests: 2000\nseed: 2\nstallThresholdMs: 2\ntcp:\n  newConnectionFraction: 0.25\n';
  const { result, markdown } = await simCell.run(spec, ctx());
  const r = result as SimResult;
  const s = r.connectSummary!;
  assert.ok(s, 'a run with connects has a connect summary');
  assert.equal(s.count, r.symptoms.connects);
  assert.ok(s.count > 400 && s.count < 600, `${s.count} connects`);
  assert.equal(s.percentilesMs['50'], r.symptoms.connectP50Ms);
  const p = s.percentilesMs;
  assert.ok(s.minMs > 0 && s.minMs <= p['50'] && p['50'] <= p['90'] && p['90'] <= p['99'] && p['99'] <= p['99.9'] && p['99.9'] <= s.maxMs);
  // A handshake is a round trip through the same path: shorter than a request that includes one.
  assert.ok(s.maxMs < r.summary.maxMs && p['50'] < r.summary.percentilesMs['99']);
  assert.equal(s.stalls.thresholdMs, 2);
  assert.match(markdown, new RegExp(`\\nconnect\\(\\): ${s.count} connects, p50 [0-9.]+ (ms|µs), p90 .*, max [0-9.]+ (ms|µs)\\.\\n`));
  assert.deepEqual(((await simCell.run(spec, ctx())).result as SimResult).connectSummary, s, 'deterministic');

  const none = (await simCell.run('preset: baseline\nrequests: 500\n', ctx()));
  assert.equal('connectSummary' in (none.result as SimResult), false);
  assert.doesNotMatch(none.markdown, /connect\(\)/);
});
