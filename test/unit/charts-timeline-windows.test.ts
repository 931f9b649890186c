import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simTimelineSpec } from '../../src/cells/sim/timeline-chart';
import type { SlowRequest } from '../../src/cells/sim/requests';
import { STAGES, type VcpuInterval } from '../../src/sim/xen/run-types';

// A burst: one stall holds up five requests that arrive 1 ms apart (each waits ~60 ms), and one
// more request much later. The vCPU schedule is coarse (10 ms slices) so that nothing is merged
// and every bar can be checked against the interval it comes from.
const burst = [0, 1, 2, 3, 4].map((k) => slow(100 + k, 60 - k, 50_000 + k * 1000));
const later = slow(900, 30, 5_000_000);
// A request that failed before its response came back (no capture, no read): a stage bar for
// what it did reach, no marks.
const failed: SlowRequest = { index: 950, latencyMs: 20, arriveUs: 5_200_000, cause: 'pool-wait', failure: 'pool-timeout', instantsMs: { arrive: 0, poolAcquired: 20 } };
const requests = [...burst, later, failed];
const intervals: VcpuInterval[] = [];
for (let t = 0; t < 6_000_000; t += 10_000) {
  const k = t / 10_000;
  intervals.push({ vcpu: 'guest.0', pcpu: 0, state: k % 2 ? 'run' : 'wait', start: t, end: t + 10_000 });
  if (k % 3 === 0) intervals.push({ vcpu: 'neighbour.0', pcpu: 0, state: 'run', start: t, end: t + 10_000 });
}

function slow(index: number, latencyMs: number, arriveUs: number): SlowRequest {
  return { index, latencyMs, arriveUs, cause: 'guest-vcpu-wait', instantsMs: { arrive: 0, poolAcquired: 0.1, appSend: 0.1, guestCapture: latencyMs - 0.5, appRead: latencyMs } };
}

type Item = { datum: Record<string, unknown>; items?: Item[]; marktype?: string };

/** The vCPU bars and rules the chart draws with request `req` picked (a click, in the editor). */
async function drawnFor(spec: Record<string, unknown>, req: number | undefined) {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(JSON.parse(JSON.stringify(spec).replaceAll('"container"', '600'))).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  await view.runAsync();
  if (req !== undefined) {
    const [stored] = view.data('pick_store') as { unit: string; fields: { field: string }[]; values: unknown[] }[];
    const place = (spec.datasets as { requests: Record<string, unknown>[] }).requests.find((r) => r.req === req)!;
    const values = stored!.fields.map((f) => place[f.field]);
    await view.change('pick_store', vega.changeset().remove(() => true).insert([{ unit: stored!.unit, fields: stored!.fields, values }])).runAsync();
  }
  const data: Record<string, unknown>[] = [];
  const marks: Record<string, unknown>[] = [];
  const walk = (node: Item, marktype?: string) => {
    if (node.datum && typeof node.datum === 'object') (marktype === 'symbol' ? marks : data).push(node.datum);
    for (const i of node.items ?? []) walk(i, node.marktype ?? marktype);
  };
  walk((view.scenegraph() as unknown as { root: Item }).root);
  view.finalize();
  const bars = data.filter((d) => typeof d.vcpu === 'string' && typeof d.start === 'number');
  const stages = data.filter((d) => typeof d.stage === 'string' && typeof d.ms === 'number');
  // A rule and its label per instant: the requests whose arrival is marked.
  const rules = [...new Set(data.filter((d) => d.instant === 'arrive').map((d) => d.req))];
  return { bars, rules, stages, marks: marks.filter((d) => typeof d.instant === 'string') };
}

/** The schedule around request `r` straight from the intervals: ms since its arrival. */
function expectedAround(r: SlowRequest, win: { lo: number; hi: number }): string[] {
  return intervals
    .filter((iv) => iv.end > win.lo && iv.start < win.hi)
    .map((iv) => `${iv.vcpu} ${iv.state} ${round((Math.max(iv.start, win.lo) - r.arriveUs) / 1000)} ${round((Math.min(iv.end, win.hi) - r.arriveUs) / 1000)}`)
    .sort();
}
const round = (ms: number) => Math.round(ms * 1000) / 1000;

test('timeline: overlapping request windows share one stored vCPU schedule', () => {
  const spec = simTimelineSpec(requests, intervals) as Record<string, any>;
  const rows = spec.vconcat[1].layer[0].data.values as Record<string, unknown>[];
  const places = spec.datasets.requests as { req: number; win: number; t0: number }[];
  // The five requests of the burst are in one window, placed at their arrival in it (ms).
  assert.deepEqual(places.filter((p) => p.req < 900).map((p) => [p.win, p.t0]).sort(), [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4]]);
  assert.equal(places.find((p) => p.req === 900)!.win, 1);
  // Each interval of the schedule is stored once, not once per request of the burst.
  const keys = rows.map((r) => `${r.win} ${r.vcpu} ${r.from}`);
  assert.equal(new Set(keys).size, keys.length, 'a vCPU row is repeated');
  // The burst's window spans its requests' own windows: 6 ms before the first to 6 ms after the last one's end.
  const burstRows = rows.filter((r) => r.win === 0);
  assert.equal(Math.min(...burstRows.map((r) => r.from as number)), -6);
  assert.equal(Math.max(...burstRows.map((r) => r.to as number)), 66);
  assert.ok(rows.length < 40, `${rows.length} rows`);
});

test('timeline: picking a request shows the schedule around it in ms since its own arrival', async () => {
  const spec = simTimelineSpec(requests, intervals) as Record<string, any>;
  const domain = spec.vconcat[1].layer[0].encoding.x.scale.domain as [number, number];
  const joined = { lo: 44_000, hi: 116_000 };
  for (const r of requests) {
    const { bars, rules } = await drawnFor(spec, r.index);
    // The burst's joined window; the others have their own (the span plus 10%, at least 0.2 ms, each side).
    const pad = r.latencyMs * 100;
    const around = r.index < 900 ? joined : { lo: r.arriveUs - pad, hi: r.arriveUs + r.latencyMs * 1000 + pad };
    assert.deepEqual(bars.map((b) => `${b.vcpu} ${b.state} ${round(b.start as number)} ${round(b.end as number)}`).sort(), expectedAround(r, around), `request ${r.index}`);
    // Only the picked request's arrival is marked.
    assert.deepEqual(rules, [r.index]);
  }
  // The axis covers every request's own window and no more; bars of a joined window beyond it are clipped.
  assert.deepEqual(domain, [-6, 66]);
  assert.equal(spec.vconcat[1].layer[0].mark.clip, true);
  // Nothing picked yet (the static SVG): the slowest request's schedule.
  const first = await drawnFor(spec, undefined);
  assert.deepEqual(first.rules, [100]);
  assert.deepEqual(first.bars.map((b) => `${b.vcpu} ${b.state} ${round(b.start as number)} ${round(b.end as number)}`).sort(), expectedAround(burst[0]!, joined));
});

test('timeline: the stage bars and the capture/read marks are made from one stored row per request', async () => {
  const spec = simTimelineSpec(requests, intervals) as Record<string, any>;
  assert.deepEqual(spec.datasets.requests.find((r: { req: number }) => r.req === 100), {
    req: 100, row: '#100 · 60 ms', cause: 'guest-vcpu-wait', win: 0, t0: 0, poolAcquired: 0.1, appSend: 0.1, guestCapture: 59.5, appRead: 60,
  });
  const { stages, marks } = await drawnFor(spec, undefined);
  // What the rows were when they were stored one per stage and per instant: every stage with a
  // length, from its `from` instant to its `to` instant.
  const expected = requests.flatMap((r) =>
    STAGES.filter((st) => r.instantsMs[st.from] !== undefined && r.instantsMs[st.to] !== undefined && r.instantsMs[st.to]! > r.instantsMs[st.from]!).map(
      (st) => `${r.index} ${st.id} ${r.instantsMs[st.from]} ${r.instantsMs[st.to]}`,
    ),
  );
  assert.deepEqual(stages.map((b) => `${b.req} ${b.stage} ${b.from} ${b.to}`).sort(), expected.sort());
  assert.ok(stages.some((b) => b.req === 950 && b.stage === 'pool-wait'));
  assert.deepEqual(
    marks.map((m) => `${m.req} ${m.instant} ${m.at}`).sort(),
    requests.flatMap((r) => (r.failure ? [] : [`${r.index} guest capture ${r.latencyMs - 0.5}`, `${r.index} app read ${r.latencyMs}`])).sort(),
  );
  // Tooltips: the request's label and main cause come along with each bar.
  assert.ok(stages.every((b) => typeof b.row === 'string' && typeof b.cause === 'string'));
});
