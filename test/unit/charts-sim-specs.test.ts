import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUrlReferences, renderSvg } from '../../src/charts';
import { simTimelineSpec } from '../../src/cells/sim/timeline-chart';
import { vcpuWindows } from '../../src/cells/sim/vcpu-windows';
import { stageBreakdownSpec, type StageBreakdown } from '../../src/cells/sim/stage-chart';
import { sweepChartSpec } from '../../src/charts/sweep-chart';
import { requestLatenciesMs, slowestRequestIndexes, slowestRequests } from '../../src/cells/sim/requests';
import { STAGE_IDS } from '../../src/cells/sim/stage-colors';
import { INSTANTS, STAGES, type Instant, type SimRun, type VcpuInterval } from '../../src/sim/xen/run-types';
import { summarize } from '../../src/stats';

// A hand-built run: 2,000 requests 2 ms apart, each ≈0.5 ms, except every 97th, which waits
// 30·k ms for the guest vCPU between netfront RX and guest capture (the scheduler signature);
// request 5 failed (pool timeout). The vCPU intervals hold 30 ms slices of three CPU-bound
// neighbours on pCPU 0 plus thousands of tiny guest run bursts that must be merged.
function fixture(): SimRun {
  const count = 2000;
  const instants = Object.fromEntries(INSTANTS.map((k) => [k, new Float64Array(count)])) as Record<Instant, Float64Array>;
  const failure = new Uint8Array(count);
  const cause = new Uint8Array(count);
  const logged = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let t = i * 2000;
    const slow = i % 97 === 50 ? 30_000 * (1 + (i % 3)) : 0;
    for (const name of INSTANTS) {
      if (name === 'guestCapture') t += slow;
      instants[name][i] = t;
      t += name === 'wireOut' ? 300 : name === 'writeDone' ? 0 : 15;
    }
    instants.writeDone[i] = instants.appSend[i] + 10;
    if (slow) cause[i] = 1;
    logged[i] = instants.appRead[i] - instants.arrive[i];
  }
  failure[5] = 1;
  for (const name of ['wireIn', 'dom0Rx', 'netfrontRx', 'guestCapture', 'appRead'] as const) instants[name][5] = NaN;
  const vcpuIntervals: VcpuInterval[] = [];
  for (let s = 0; s * 30_000 < count * 2000; s++) {
    const who = s % 4 === 3 ? 'guest.0' : `neighbour.${s % 4}`;
    vcpuIntervals.push({ vcpu: who, pcpu: 0, state: 'run', start: s * 30_000, end: (s + 1) * 30_000 });
    if (who !== 'guest.0') vcpuIntervals.push({ vcpu: 'guest.0', pcpu: 0, state: 'wait', start: s * 30_000 + 100, end: (s + 1) * 30_000 });
  }
  for (let t = 0; t < count * 2000; t += 500) vcpuIntervals.push({ vcpu: 'dom0.0', pcpu: 1, state: 'run', start: t, end: t + 20 });
  return {
    config: {},
    seed: 1,
    requests: { count, instants, failure, cause, loggedLatencyUs: logged },
    vcpuIntervals,
    stats: { events: 0, simulatedUs: count * 2000 },
  };
}

const run = fixture();

async function compileClean(spec: object): Promise<void> {
  const vegaLite = await import('vega-lite');
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...m: unknown[]) => (warnings.push(m.join(' ')), logger),
    error: (...m: unknown[]) => {
      throw new Error(m.join(' '));
    },
  };
  const out = vegaLite.compile(JSON.parse(JSON.stringify(spec).replaceAll('"container"', '600')) as never, { logger: logger as never });
  assert.ok(out.spec);
  assert.deepEqual(warnings, []);
}

function checkSpecShape(spec: object, maxBytes: number): void {
  const json = JSON.stringify(spec);
  assert.ok(json.length < maxBytes, `spec is ${json.length} bytes`);
  assert.deepEqual(findUrlReferences(spec), []);
  assert.ok(!/"(color|fill|stroke)"\s*:\s*"#/.test(json), 'no hard-coded colours');
  assert.match(json, /vega-lite\/v6/);
}

test('slowest requests: order, failed requests skipped, instants relative to arrival', () => {
  const idx = slowestRequestIndexes(run.requests, 5);
  const lat = requestLatenciesMs(run.requests);
  assert.equal(lat.length, 1999);
  assert.equal(idx.length, 5);
  const all = [...lat].sort((a, b) => b - a);
  const slow = slowestRequests(run.requests, 5);
  assert.deepEqual(slow.map((r) => r.latencyMs), all.slice(0, 5).map((v) => Math.round(v * 1000) / 1000));
  assert.equal(slow[0]!.instantsMs.arrive, 0);
  assert.equal(slow[0]!.cause, 'guest-vcpu-wait');
  assert.ok(slow[0]!.instantsMs.appRead! > 90);
  assert.ok(!idx.includes(5));
});

test('timeline: request rows + vCPU rows, shared x, instants marked, bounded, compiles', async () => {
  const slow = slowestRequests(run.requests, 20);
  const spec = simTimelineSpec(slow, run.vcpuIntervals, { stallThresholdMs: 20 });
  checkSpecShape(spec, 200_000);
  const vconcat = spec.vconcat as { layer: { data: { values: Record<string, unknown>[] }; mark: { type: string } }[] }[];
  assert.equal(vconcat.length, 2);
  assert.deepEqual(spec.resolve, { scale: { x: 'shared', color: 'independent' }, legend: { color: 'independent', shape: 'independent' } });
  // One row per request with its instants; the stage bars and instant marks are made from it
  // (charts-timeline-windows.test.ts checks what is drawn).
  const perRequest = (spec.datasets as { requests: Record<string, unknown>[] }).requests;
  assert.equal(new Set(perRequest.map((r) => r.req)).size, 20);
  assert.ok(perRequest.every((r) => typeof r.appRead === 'number' && typeof r.guestCapture === 'number'));
  assert.deepEqual(vconcat[0]!.layer.slice(0, 2).map((l) => (l.data as unknown as { name: string }).name), ['requests', 'requests']);
  assert.equal(JSON.stringify(spec).includes(JSON.stringify(JSON.stringify(STAGE_IDS)).slice(1, -1)), true);
  const vcpu = vconcat[1]!.layer[0]!.data.values;
  assert.ok(vcpu.length > 0 && vcpu.length <= 2000, `${vcpu.length} vCPU rows`);
  const place = (spec.datasets as { requests: { req: number; win: number; t0: number }[] }).requests.find((r) => r.req === slow[0]!.index)!;
  // the 4,000 tiny dom0 bursts in each window are merged into a few bars
  const dom0 = vcpu.filter((v) => v.vcpu === 'dom0.0' && v.win === place.win);
  assert.ok(dom0.length <= 10, `${dom0.length} dom0 rows`);
  // clipped to the window around the request
  for (const v of vcpu.filter((v) => v.win === place.win)) {
    assert.ok((v.from as number) - place.t0 >= -0.1 * slow[0]!.latencyMs - 0.5 && (v.to as number) - place.t0 <= 1.2 * slow[0]!.latencyMs + 0.5);
  }
  await compileClean(spec);
  const svg = await renderSvg(spec);
  assert.ok(svg.startsWith('<svg'));
  assert.ok(svg.includes('slowest requests'));
  assert.ok(svg.includes('guest.0'));
});

test('timeline without vCPU intervals is a single layered view', async () => {
  const spec = simTimelineSpec(slowestRequests(run.requests, 3), [], {});
  assert.equal(spec.vconcat, undefined);
  assert.ok(Array.isArray(spec.layer));
  await compileClean(spec);
  assert.ok((await renderSvg(spec)).startsWith('<svg'));
});

test('vCPU windows respect the row budget even with many vCPUs', () => {
  const ivs: VcpuInterval[] = [];
  for (let v = 0; v < 50; v++) for (let t = 0; t < 100_000; t += 100) ivs.push({ vcpu: `neighbour.${v}`, pcpu: v, state: t % 200 ? 'run' : 'wait', start: t, end: t + 100 });
  const reqs = slowestRequests(run.requests, 20).map((r, i) => ({ ...r, arriveUs: i * 4000 }));
  const { rows } = vcpuWindows(reqs, ivs, 2000);
  assert.ok(rows.length <= 50 * 20, `${rows.length}`);
});

test('stage breakdown: one bar per stage in path order, compiles and renders', async () => {
  const breakdown: StageBreakdown = {
    basis: 'stalls',
    thresholdMs: 20,
    requests: 20,
    meanLatencyMs: 60.5,
    stages: STAGES.map((s, i) => ({ stage: s.id, meanMs: s.id === 'guest-capture' ? 60 : 0.015 * i, maxMs: 1, share: s.id === 'guest-capture' ? 0.99 : 0.001, typicalMeanMs: 0.015 })),
  };
  const spec = stageBreakdownSpec(breakdown);
  checkSpecShape(spec, 20_000);
  assert.equal((spec.data as { values: unknown[] }).values.length, STAGES.length);
  await compileClean(spec);
  const svg = await renderSvg(spec);
  assert.ok(svg.includes('guest-capture'));
  assert.ok(svg.includes('99.0%'));
});

test('sweep chart: numeric x with a colour series, and ordinal x for booleans', async () => {
  const lat = requestLatenciesMs(run.requests);
  const points = [1, 2, 3].flatMap((k) =>
    ['credit', 'credit2'].map((kind) => ({
      values: { 'neighbours.cpuBound': k, 'scheduler.kind': kind },
      summary: summarize(lat.map((v) => v * k * (kind === 'credit' ? 1 : 0.5)), 100),
    })),
  );
  const spec = sweepChartSpec(points, { keys: ['neighbours.cpuBound', 'scheduler.kind'], percentile: '99' });
  checkSpecShape(spec, 20_000);
  const values = (spec.data as { values: Record<string, unknown>[] }).values;
  assert.equal(values.length, 6);
  assert.equal(values[0]!.ms, points[0]!.summary.percentilesMs['99']);
  await compileClean(spec);
  assert.ok((await renderSvg(spec)).includes('p99 latency'));

  const bools = sweepChartSpec(
    [true, false].map((nagle) => ({ values: { 'tcp.nagle': nagle }, summary: summarize(lat, 100) })),
    { keys: ['tcp.nagle'] },
  );
  assert.equal((bools.layer as { encoding: { x: { type: string } } }[])[0]!.encoding.x.type, 'ordinal');
  await compileClean(bools);
  assert.ok((await renderSvg(bools)).includes('p99.9'));
});
