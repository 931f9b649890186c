// What the probe's charts show, read from their specs: the stalls by cause, the host signals on
// the run's time axis, one timeline row per stall with its stages and the probe's own pauses, and
// both groups of the stage breakdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeCharts } from '../../src/cells/probe/charts';
import { analyze } from '../../src/cells/probe/analyze';
import { request, runOf, series } from '../support/probe-run';

type Spec = Record<string, any>;
const valuesOf = (spec: Spec): Record<string, any>[] => spec.data?.values ?? [];

function build() {
  const records = Array.from({ length: 3000 }, (_, i) => request(i, i, 0.3));
  records[500] = request(500, 500, 80); // network-or-server
  records[1500] = request(1500, 1500, 60); // the probe paused for all of it: client
  records[2500] = { ...request(2500, 2500, 90), tStart: 2560, tWriteCall: 2560, tWritten: 2560.01 }; // sent late, no pause: queued
  const pauses = [{ kind: 'gc' as const, detail: 'major', start: 1500, end: 1560 }];
  // Sampled from before the first send to after the last, as the host sampler does.
  const signals = [series('cpuSteal', -40, 3160, { 560: 12 }), { ...series('xenEvtchn', -40, 3160), present: false, reason: 'not a Xen guest', points: [] }];
  const a = analyze(runOf(records, pauses, 20, signals));
  return { a, charts: new Map(probeCharts(a).map((c) => [c.id, c.spec as Spec])) };
}

test('over time: one point per stall shaped by cause, host signals in a panel below on the same time axis', () => {
  const { a, charts } = build();
  const spec = charts.get('over-time')!;
  const [main, host] = spec.vconcat as Spec[];
  const points = main.layer.find((l: Spec) => l.mark.type === 'point');
  assert.deepEqual(valuesOf(points).map((p) => [p.seq, p.cause]).sort((x, y) => x[0] - y[0]), [[500, 'network-or-server'], [1500, 'client'], [2500, 'queued']]);
  assert.equal(points.encoding.shape.field, 'cause');
  assert.deepEqual(main.layer.find((l: Spec) => l.mark.type === 'rule').data.values, [{ ms: 20 }]);
  // Only the present series gets a row; its points stay inside the shared x domain.
  const rows = new Set(valuesOf(host).map((v) => v.signal));
  assert.deepEqual([...rows], ['cpuSteal (count)']);
  const [lo, hi] = points.encoding.x.scale.domain;
  assert.equal(lo, 0);
  for (const v of valuesOf(host)) assert.ok(v.t >= lo && v.t <= hi, `host point at ${v.t} s is outside [${lo}, ${hi}]`);
  assert.ok(valuesOf(host).some((v) => v.value === 12));
  assert.deepEqual(host.spec.encoding.x, points.encoding.x, 'the panels share the x axis');
  assert.equal(a.summary.stalls.count, 3);
});

test('stall timeline: one row per stall, one bar per stage from the intended send, the probe\'s pauses overlaid', () => {
  const { charts } = build();
  const spec = charts.get('stall-timeline')!;
  const [spans, pauses] = spec.layer as Spec[];
  const rows = [...new Set(valuesOf(spans).map((s) => s.row))];
  assert.deepEqual(rows, ['#500 · conn 0 · network-or-server', '#1500 · conn 0 · client', '#2500 · conn 0 · queued']);
  const late = valuesOf(spans).filter((s) => s.row.startsWith('#2500'));
  assert.deepEqual(late.map((s) => s.stage), ['queue', 'write', 'firstByte', 'transfer']);
  assert.equal(late[0].from, 0);
  assert.equal(late[0].to, 60);
  // Consecutive: each stage starts where the previous ended.
  for (let i = 1; i < late.length; i++) assert.ok(Math.abs(late[i].from - late[i - 1].to) < 1e-3);
  assert.deepEqual(valuesOf(pauses).map((p) => [p.row, p.from, p.to, p.kind]), [['#1500 · conn 0 · client', 0, 60, 'GC (major)']]);
});

test('stage breakdown: the stalls\' mean next to the median of all requests, per stage', () => {
  const { charts } = build();
  const values = valuesOf(charts.get('stages')!);
  const groups = [...new Set(values.map((v) => v.group))];
  assert.deepEqual(groups, ['slow: mean over the 3 stalls (> 20 ms)', 'all requests: median']);
  const firstByte = Object.fromEntries(values.filter((v) => v.stage === 'firstByte').map((v) => [v.group, v.ms]));
  assert.ok(firstByte['slow: mean over the 3 stalls (> 20 ms)'] > 40);
  assert.ok(firstByte['all requests: median'] < 1);
});

const failed = (seq: number, t: number) => request(seq, t, 0, { ok: false, fault: 'refused', tFirstByte: undefined, tWritten: undefined, tWriteCall: undefined, tEnd: t + 1 });

test('partial failure: failed requests are counted in their own panel, never drawn on the latency axis', () => {
  const records = Array.from({ length: 1000 }, (_, i) => (i >= 400 && i < 450 ? failed(i, i) : request(i, i, 0.3)));
  const a = analyze(runOf(records));
  const spec = probeCharts(a).find((c) => c.id === 'over-time')!.spec as Spec;
  const [main, failures] = spec.vconcat as Spec[];
  for (const layer of main.layer as Spec[]) assert.ok(!valuesOf(layer).some((v) => 'errors' in v), 'no failure drawn in the latency panel');
  assert.equal(failures.mark.type, 'bar');
  assert.equal(failures.encoding.y.field, 'errors');
  assert.match(failures.encoding.y.title, /^failed/);
  assert.equal(valuesOf(failures).reduce((n, v) => n + v.errors, 0), 50);
  assert.deepEqual(failures.encoding.x, main.layer[0].encoding.x, 'the failures share the time axis');
});

test('no successful request: no latency chart at all (nothing to plot but placeholders)', () => {
  const a = analyze(runOf(Array.from({ length: 100 }, (_, i) => failed(i, i))));
  assert.equal(a.summary.count, 0);
  assert.deepEqual(probeCharts(a).map((c) => c.id), []);
});
