import { latencyCharts } from '../../charts/latency-charts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../charts/common';
import { FAILURE_COLOUR, stageColourScale } from '../../charts/palette';
import { roundSignificant } from '../../stats/format-ms';
import type { ProbeAnalysis, StallEntry } from './analyze';
import { STAGES, STAGE_TEXT } from '../../probe/record';
import type { ChartOutput } from '../types';
import { t, tr } from '../../l10n';

// Fixed widths so the panels of one chart share an x axis pixel for pixel.
const WIDTH = 600;
const MAX_STALL_POINTS = 2000;
const MAX_TIMELINE_ROWS = 40;

const r = (v: number) => roundSignificant(v, 5);
/** Trimmed significant digits: a quiet (all-zero) counter reads "0", not "0.000000". */
const HOST_AXIS_FORMAT = ',~r';

/**
 * Latency over time (per-bucket p50/p99/max + every stall point, so the spec stays bounded
 * whatever the run length) with host signals in panels below on the same time axis.
 */
export function overTimeSpec(a: ProbeAnalysis, title: string): VegaLiteSpec {
  const spanS = Math.max(0.001, ...a.overTime.buckets.map((b) => (b.tMs + a.overTime.bucketMs) / 1000));
  const x = { field: 't', type: 'quantitative', title: t('time since first send (s)'), scale: { domain: [0, r(spanS)] } };
  const lines = a.overTime.buckets.flatMap((b) =>
    b.count === 0
      ? []
      : (['max', 'p99', 'p50'] as const).map((series) => ({ t: r(b.tMs / 1000), series: t('{0} per {1} ms', series, a.overTime.bucketMs), ms: Math.max(r(b[series]), 0.001) })),
  );
  const points = [...a.stalls]
    .sort((p, q) => q.latencyMs - p.latencyMs)
    .slice(0, MAX_STALL_POINTS)
    .map((s) => ({ t: r(s.tMs / 1000), ms: r(s.latencyMs), cause: s.cause, seq: s.seq, stage: s.stage }));
  const errorBuckets = a.overTime.buckets.filter((b) => b.errors > 0).map((b) => ({ t: r(b.tMs / 1000), t2: r((b.tMs + a.overTime.bucketMs) / 1000), errors: b.errors }));
  const y = { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: t('latency (ms, log scale)') };
  const layers: VegaLiteSpec[] = [
    { data: { values: lines }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1 }, encoding: { x, y, color: { field: 'series', type: 'nominal', title: null } } },
    {
      data: { values: [{ ms: a.summary.stalls.thresholdMs }] },
      mark: { type: 'rule', strokeDash: [6, 4] },
      encoding: { y: { field: 'ms', type: 'quantitative' }, tooltip: [{ field: 'ms', title: t('stall threshold (ms)') }] },
    },
  ];
  if (points.length) {
    layers.push({
      data: { values: points },
      mark: { type: 'point', filled: true, size: 40 },
      encoding: {
        x,
        y,
        shape: { field: 'cause', type: 'nominal', title: t('stall cause') },
        tooltip: [
          { field: 'seq', title: t('request') },
          { field: 'ms', title: t('latency (ms)') },
          { field: 'stage', title: t('slowest stage') },
          { field: 'cause', title: t('cause') },
        ],
      },
    });
  }
  const panels: VegaLiteSpec[] = [{ width: WIDTH, height: 220, layer: layers, resolve: { scale: { color: 'independent' } } }];
  if (errorBuckets.length) {
    // Failed requests have no latency: they get their own panel, counted, never a point on the
    // latency axis that would read as a measurement.
    panels.push({
      width: WIDTH,
      height: 50,
      data: { values: errorBuckets },
      mark: { type: 'bar', color: FAILURE_COLOUR },
      encoding: {
        x,
        x2: { field: 't2' },
        y: { field: 'errors', type: 'quantitative', title: t('failed / {0} ms', a.overTime.bucketMs), axis: { tickMinStep: 1, format: 'd' } },
        tooltip: [{ field: 't', title: 's' }, { field: 'errors', title: t('failed requests in bucket') }],
      },
    });
  }
  const present = a.hostSignals.series.filter((s) => s.present && s.points.length > 1);
  if (present.length) {
    // The sampler starts before the first send and stops after the last: the samples at either
    // end are drawn at the run's edges, not outside the axis the panels share.
    const within = (t: number) => Math.min(Math.max(r(t / 1000), 0), r(spanS));
    const values = present.flatMap((s) => s.points.map(([t, d]) => ({ t: within(t), signal: `${s.name} (${s.unit})`, value: d })));
    panels.push({
      data: { values },
      facet: { row: { field: 'signal', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } } },
      spec: {
        width: WIDTH,
        height: 50,
        mark: { type: 'line', interpolate: 'step-before', strokeWidth: 1 },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { domainMin: 0 }, axis: { tickCount: 3, format: HOST_AXIS_FORMAT } }, tooltip: [{ field: 'signal' }, { field: 'value', title: t('change in interval') }, { field: 't', title: 's' }] },
      },
      resolve: { scale: { y: 'independent' } },
    });
  }
  return { $schema: VEGA_LITE_SCHEMA, title: { text: title }, vconcat: panels };
}

/** One row per stalled request, one span per stage, with overlapping client pauses. */
export function stallTimelineSpec(stalls: StallEntry[], title: string): VegaLiteSpec {
  const rows = [...stalls].sort((p, q) => q.latencyMs - p.latencyMs).slice(0, MAX_TIMELINE_ROWS).sort((p, q) => p.seq - q.seq);
  const spans: Record<string, unknown>[] = [];
  const pauses: Record<string, unknown>[] = [];
  for (const s of rows) {
    const row = t('#{0} · conn {1} · {2}', s.seq, s.conn, s.cause);
    let at = 0;
    for (const stage of STAGES) {
      const d = s.stagesMs[stage];
      if (d === undefined) continue;
      if (d > 0) spans.push({ row, stage, from: r(at), to: r(at + d), ms: r(d), what: tr(STAGE_TEXT[stage]) });
      at += d;
    }
    const intendedAbs = s.tMs;
    for (const p of s.pauses) {
      const from = Math.max(0, p.startMs - intendedAbs);
      const to = Math.min(s.latencyMs, p.startMs + p.durationMs - intendedAbs);
      if (to > from) pauses.push({ row, from: r(from), to: r(to), kind: p.kind === 'gc' ? `GC${p.detail ? ` (${p.detail})` : ''}` : t('event loop blocked'), ms: r(p.durationMs) });
    }
  }
  const x = { field: 'from', type: 'quantitative', title: t('ms since the intended send') };
  const y = { field: 'row', type: 'nominal', title: null, sort: null };
  const layers: VegaLiteSpec[] = [
    {
      data: { values: spans },
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: {
        x,
        x2: { field: 'to' },
        y,
        color: { field: 'stage', type: 'nominal', scale: stageColourScale(STAGES) },
        tooltip: [{ field: 'row', title: t('request') }, { field: 'stage' }, { field: 'ms', title: 'ms' }, { field: 'what' }],
      },
    },
  ];
  if (pauses.length) {
    layers.push({
      data: { values: pauses },
      mark: { type: 'bar', height: { band: 0.25 }, color: '#444', opacity: 0.85 },
      encoding: { x, x2: { field: 'to' }, y, tooltip: [{ field: 'row', title: t('request') }, { field: 'kind', title: t('client pause') }, { field: 'ms', title: t('pause (ms)') }] },
    });
  }
  return { $schema: VEGA_LITE_SCHEMA, title: { text: title, subtitle: t('dark inner bars: the probe process was paused (event loop blocked or GC)') }, width: WIDTH, layer: layers };
}

/** Where the time went for slow requests, next to the typical request. */
export function stageBreakdownSpec(a: ProbeAnalysis, title: string): VegaLiteSpec {
  const values: Record<string, unknown>[] = [];
  for (const stage of STAGES) {
    const slow = a.stages.slow.stages[stage];
    const all = a.stages.all.stages[stage];
    if (slow) values.push({ stage, group: t('slow: mean over {0}', a.stages.slowDefinition), ms: Math.max(r(slow.mean), 0) });
    if (all) values.push({ stage, group: t('all requests: median'), ms: Math.max(r(all.p50), 0) });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title },
    width: WIDTH,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'stage', type: 'nominal', sort: [...STAGES], title: null },
      yOffset: { field: 'group', type: 'nominal' },
      x: { field: 'ms', type: 'quantitative', title: t('ms per request') },
      // The group names carry the definition of "slow": never truncate them (labelLimit 0).
      color: { field: 'group', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } },
      tooltip: [{ field: 'stage' }, { field: 'group' }, { field: 'ms', title: 'ms' }],
    },
  };
}

export function probeCharts(a: ProbeAnalysis, titlePrefix?: string): ChartOutput[] {
  const p = titlePrefix ? `${titlePrefix}: ` : '';
  const charts: ChartOutput[] = [];
  // A run with no successful request has no latency to draw (the cell fails and says why).
  if (a.summary.count > 0 && a.overTime.buckets.length) {
    const title = p + t('latency over time');
    charts.push({ id: 'over-time', title, spec: overTimeSpec(a, title) });
  }
  if (a.stalls.length) charts.push({ id: 'stall-timeline', title: p + t('stalled requests'), spec: stallTimelineSpec(a.stalls, p + t('stalled requests')) });
  if (a.summary.count > 0) {
    charts.push(...latencyCharts({ sortedMs: a.sortedMs, summary: a.summary, title: titlePrefix }));
    charts.push({ id: 'stages', title: p + t('stage breakdown'), spec: stageBreakdownSpec(a, p + t('stage breakdown of slow requests')) });
  }
  return charts;
}
