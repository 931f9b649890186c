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
    axis: { title: LATENCY_AXIS_TITLE },
  };
  const y = {
    field: 'above',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: {
      title: 'percentile (log scale of 1 − p)',
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
          { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
          { field: 'above', type: 'quantitative', title: 'fraction ≥ latency', format: '.4~%' },
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
    layers.push(
      {
        data: { values: marks },
        mark: { type: 'point', filled: true },
        encoding: { x, y, tooltip: [{ field: 'label', type: 'nominal', title: 'percentile' }] },
      },
      {
        data: { values: marks },
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
