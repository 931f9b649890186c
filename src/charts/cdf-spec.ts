import type { PercentilesMs } from '../stats/types';
import type { CdfPoint } from '../stats/cdf';
import { formatMs, roundSignificant } from '../stats/format-ms';
import {
  CHART_HEIGHT,
  LATENCY_AXIS_TITLE,
  VEGA_LITE_SCHEMA,
  stallThresholdLayers,
  titled,
  type LatencyChartOptions,
  type VegaLiteSpec,
} from './common';
import { t, tr } from '../l10n';

export interface CdfChartOptions extends LatencyChartOptions {
  /** Marked and labelled on the curve. */
  percentilesMs?: PercentilesMs;
}

/**
 * Tail-focused CDF: x is latency (log), y is the fraction of samples at or above that latency
 * (1 − CDF) on a log scale, labelled as percentiles. Each "nine" (p90, p99, p99.9, p99.99)
 * then gets the same height, so the tail where stalls live is as readable as the body, unlike
 * a plain 0..1 CDF where everything past p99 is squashed into the top pixel row.
 * The spec holds the downsampled points of `downsampleCdf` only (≤ a few hundred rows).
 */
export function latencyCdfSpec(points: CdfPoint[], options: CdfChartOptions = {}): VegaLiteSpec {
  const values = points.map((p) => ({ ms: roundSignificant(p.ms), above: roundSignificant(p.atOrAbove) }));
  const minAbove = values.reduce((m, v) => Math.min(m, v.above), 1);
  const x = {
    field: 'ms',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: { title: tr(LATENCY_AXIS_TITLE) },
  };
  const y = {
    field: 'above',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: {
      title: t('percentile (log scale of 1 − p)'),
      // One tick per "nine": the default log ticks (2…9 per decade) make unreadable labels.
      values: nineTicks(minAbove),
      labelExpr: "datum.value >= 1 ? 'p0' : 'p' + format(100 - 100 * datum.value, '.6~g')",
    },
  };
  const layers: VegaLiteSpec[] = [
    {
      mark: { type: 'line' },
      encoding: {
        x,
        y,
        tooltip: [
          { field: 'ms', type: 'quantitative', title: t('latency (ms)') },
          { field: 'above', type: 'quantitative', title: t('fraction ≥ latency'), format: '.4~%' },
        ],
      },
    },
  ];
  if (options.percentilesMs) {
    const marks = Object.entries(options.percentilesMs).map(([p, ms]) => ({
      ms: roundSignificant(ms),
      above: roundSignificant(aboveAt(points, ms)),
      label: `p${p} ${formatMs(ms)}`,
    }));
    const labels = percentileLabels(Object.entries(options.percentilesMs), marks);
    layers.push(
      {
        data: { values: marks },
        mark: { type: 'point', filled: true },
        encoding: { x, y, tooltip: [{ field: 'label', type: 'nominal', title: t('percentile') }] },
      },
      {
        data: { values: labels },
        mark: { type: 'text', align: 'right', dx: -6, baseline: 'middle', fontSize: 10 },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    );
  }
  layers.push(...stallThresholdLayers(options.stallThresholdMs));
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(options.title),
    width: options.width ?? 'container',
    height: CHART_HEIGHT,
    data: { values },
    layer: layers,
  };
}

/** Labels closer than this on the log y axis (in decades: one "nine" is 1) would overprint. */
const MIN_LABEL_GAP_DECADES = 0.3;

/**
 * One label per group of percentiles that sit (nearly) at the same height: with few samples, or
 * a tail that ends abruptly, p99.9 and p99.99 land on the same point and their labels overprinted
 * each other. A group is labelled once, e.g. `p99.9, p99.99 2.968 ms`, or with each value when
 * they differ (`p99.9 2.9 ms, p99.99 2.968 ms`).
 */
export function percentileLabels(entries: [string, number][], marks: { ms: number; above: number }[]): { ms: number; above: number; label: string }[] {
  const order = marks.map((m, i) => ({ ...m, p: entries[i][0], raw: entries[i][1] })).sort((a, b) => b.above - a.above);
  const groups: (typeof order)[] = [];
  for (const m of order) {
    const last = groups[groups.length - 1];
    const gap = last ? Math.abs(Math.log10(last[0].above) - Math.log10(m.above)) : Infinity;
    if (last && gap < MIN_LABEL_GAP_DECADES) last.push(m);
    else groups.push([m]);
  }
  return groups.map((g) => {
    const sameValue = g.every((m) => formatMs(m.raw) === formatMs(g[0].raw));
    const label = sameValue ? `${g.map((m) => `p${m.p}`).join(', ')} ${formatMs(g[0].raw)}` : g.map((m) => `p${m.p} ${formatMs(m.raw)}`).join(', ');
    // At the lowest (highest-percentile) member: the label names the deepest point of the tail.
    const at = g[g.length - 1];
    return { ms: at.ms, above: at.above, label };
  });
}

/** Exceedance at a latency that is one of the points (percentiles always are). */
function aboveAt(points: CdfPoint[], ms: number): number {
  let best = points[0];
  for (const p of points) if (Math.abs(p.ms - ms) < Math.abs(best.ms - ms)) best = p;
  return best ? best.atOrAbove : 1;
}

function nineTicks(minAbove: number): number[] {
  const ticks: number[] = [];
  for (let k = 0; 10 ** -k >= minAbove * 0.9999 && k <= 12; k++) ticks.push(10 ** -k);
  return ticks;
}
