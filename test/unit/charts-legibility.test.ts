// What makes a chart read at a glance: labels that do not overprint, axes that count in whole
// numbers where the data does, legends not cut off, a timeline that does not jump on a click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyCdfSpec } from '../../src/charts/cdf-spec';
import { downsampleCdf } from '../../src/stats/cdf';
import { summarize } from '../../src/stats/summarize';

type Spec = Record<string, any>;
const textLayer = (spec: Spec) => (spec.layer as Spec[]).find((l) => l.mark?.type === 'text' && l.encoding?.text?.field === 'label')!;

test('CDF percentile labels that would land on the same height are merged into one', () => {
  // 200 samples (a short TCP-connect probe): p99.9 and p99.99 are both the slowest sample and
  // sit on the same point; their labels printed over each other ("p9999 2.968 ms").
  const samples = Array.from({ length: 200 }, (_, i) => (i === 199 ? 2.968 : 0.5 + i / 400));
  const summary = summarize(samples, 50);
  const spec = latencyCdfSpec(downsampleCdf([...samples].sort((a, b) => a - b)), { percentilesMs: summary.percentilesMs }) as Spec;
  const labels = textLayer(spec).data.values as { label: string; above: number }[];
  assert.ok(labels.some((l) => /^p99\.9, p99\.99 2\.96\d ms$/.test(l.label)), labels.map((l) => l.label).join(' | '));
  const heights = labels.map((l) => Math.log10(l.above)).sort((a, b) => a - b);
  for (let i = 1; i < heights.length; i++) assert.ok(heights[i] - heights[i - 1] >= 0.3, `labels ${heights} overprint`);
  // Every percentile is still marked by a point.
  assert.equal((spec.layer as Spec[]).find((l) => l.mark?.type === 'point')!.data.values.length, 5);
});

test('well separated percentiles keep a label each', () => {
  const samples = Array.from({ length: 100_000 }, (_, i) => 1 + (i / 100_000) ** 8 * 100);
  const summary = summarize(samples, 50);
  const spec = latencyCdfSpec(downsampleCdf(samples), { percentilesMs: summary.percentilesMs }) as Spec;
  assert.equal(textLayer(spec).data.values.length, 5);
});

test('a sweep over whole numbers has whole-number ticks; over fractions it keeps the default', async () => {
  const { sweepChartSpec } = await import('../../src/charts/sweep-chart');
  const summary = summarize([1, 2, 3], 50);
  const spec = (values: number[]) => sweepChartSpec(values.map((v) => ({ values: { 'neighbours.cpuBound': v }, summary })), { keys: ['neighbours.cpuBound'] }) as Spec;
  const xOf = (s: Spec) => (s.layer as Spec[])[0].encoding.x;
  assert.deepEqual(xOf(spec([0, 1, 2, 3])).axis, { tickMinStep: 1, format: 'd' });
  assert.equal(xOf(spec([0.5, 1, 2])).axis, undefined);
  const labels = await axisLabels(spec([0, 1, 2, 3]));
  assert.ok(!labels.some((l) => /\.\d/.test(l) && /^[\d.]+$/.test(l)), `fractional ticks: ${labels.join(' ')}`);
});

test('host-signal panels of a quiet counter read 0, not 0.000000', async () => {
  const { probeCharts } = await import('../../src/cells/probe/charts');
  const { analyze } = await import('../../src/cells/probe/analyze');
  const { request, runOf, series } = await import('../support/probe-run');
  const records = Array.from({ length: 500 }, (_, i) => request(i, i, 0.3));
  const a = analyze(runOf(records, [], 20, [series('tcpRetrans', -40, 560), series('cpuSteal', -40, 560, { 260: 3 })]));
  const spec = probeCharts(a).find((c) => c.id === 'over-time')!.spec as Spec;
  const labels = await axisLabels(spec);
  assert.ok(!labels.some((l) => /0\.0000/.test(l)), labels.join(' | '));
});

async function axisLabels(spec: Spec): Promise<string[]> {
  const { renderSvg } = await import('../../src/charts/svg');
  const svg = await renderSvg(spec);
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

test('timeline: the shared x axis covers every request and vCPU window, so a click does not rescale it', async () => {
  const { simTimelineSpec } = await import('../../src/cells/sim/timeline-chart');
  const req = (index: number, latencyMs: number, arriveUs: number) => ({ index, latencyMs, arriveUs, cause: 'none', instantsMs: { arrive: 0, appSend: 0.01, appRead: latencyMs } }) as never;
  const intervals = [
    { vcpu: 'guest0', state: 'wait', pcpu: 0, start: 0, end: 90_000 },
    { vcpu: 'guest0', state: 'run', pcpu: 0, start: 90_000, end: 200_000 },
    { vcpu: 'guest0', state: 'run', pcpu: 0, start: 1_000_000, end: 1_002_000 },
  ] as never;
  const spec = simTimelineSpec([req(1, 100, 0), req(2, 2, 1_000_000)], intervals) as Spec;
  const [requests, vcpus] = spec.vconcat as Spec[];
  const domain = requests.layer[0].encoding.x.scale.domain as number[];
  // The slow request's window reaches past 100 ms; the quick one's is ~2 ms: one domain for both.
  assert.ok(domain[0] <= 0 && domain[1] >= 100, `domain ${domain}`);
  for (const v of vcpus.layer[0].data.values as { from: number; to: number }[]) assert.ok(v.from >= domain[0] && v.to <= domain[1]);
  assert.deepEqual(vcpus.layer[0].encoding.x.scale.domain, domain);
});

test('probe stage breakdown: the group legend is not cut off', async () => {
  const { probeCharts } = await import('../../src/cells/probe/charts');
  const { analyze } = await import('../../src/cells/probe/analyze');
  const { request, runOf } = await import('../support/probe-run');
  const records = Array.from({ length: 2000 }, (_, i) => request(i, i, i % 100 === 0 ? 80 : 0.3));
  const spec = probeCharts(analyze(runOf(records))).find((c) => c.id === 'stages')!.spec as Spec;
  const labels = await axisLabels(spec);
  assert.ok(labels.some((l) => l.startsWith('slow: mean over')), labels.join(' | '));
  assert.ok(!labels.some((l) => l.includes('…')), `a label is cut off: ${labels.filter((l) => l.includes('…')).join(' | ')}`);
});
