import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simTimelineSpec } from '../../src/cells/sim/timeline-chart';
import type { SlowRequest } from '../../src/cells/sim/requests';
import type { VcpuInterval } from '../../src/sim/xen/run-types';

// A burst: one stall holds up five requests that arrive 1 ms apart (each waits ~60 ms), and one
// more request much later. The vCPU schedule is coarse (10 ms slices) so that nothing is merged
// and every bar can be checked against the interval it comes from.
const burst = [0, 1, 2, 3, 4].map((k) => slow(100 + k, 60 - k, 50_000 + k * 1000));
const later = slow(900, 30, 5_000_000);
const requests = [...burst, later];
const intervals: VcpuInterval[] = [];
for (let t = 0; t < 6_000_000; t += 10_000) {
  const k = t / 10_000;
  intervals.push({ vcpu: 'guest.0', pcpu: 0, state: k % 2 ? 'run' : 'wait', start: t, end: t + 10_000 });
  if (k % 3 === 0) intervals.push({ vcpu: 'neighbour.0', pcpu: 0, state: 'run', start: t, end: t + 10_000 });
}

function slow(index: number, latencyMs: number, arriveUs: number): SlowRequest {
  return { index, latencyMs, arriveUs, cause: 'guest-vcpu-wait', instantsMs: { arrive: 0, appSend: 0.1, guestCapture: latencyMs - 0.5, appRead: latencyMs } };
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
  const walk = (node: Item) => {
    if (node.datum && typeof node.datum === 'object') data.push(node.datum);
    for (const i of node.items ?? []) walk(i);
  };
  walk((view.scenegraph() as unknown as { root: Item }).root);
  view.finalize();
  const bars = data.filter((d) => typeof d.vcpu === 'string' && typeof d.start === 'number');
  // A rule and its label per instant: the requests whose arrival is marked.
  const rules = [...new Set(data.filter((d) => d.instant === 'arrive').map((d) => d.req))];
  return { bars, rules };
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
    const around = r.index === 900 ? { lo: r.arriveUs - 3000, hi: r.arriveUs + 33_000 } : joined;
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
