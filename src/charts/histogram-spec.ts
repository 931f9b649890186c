import type { HistogramBin } from '../stats/log-histogram';
import { roundSignificant } from '../stats/format-ms';
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

/**
 * Histogram of pre-binned latencies (see `logHistogram`): the spec holds one row per bin, so
 * its size depends on the latency range, not on the sample count.
 * The count axis is symlog: a linear axis hides the tail bins holding a handful of stalls next
 * to a mode of 10^5 samples, while a plain log axis cannot show empty bins (0).
 */
export function latencyHistogramSpec(bins: HistogramBin[], options: LatencyChartOptions = {}): VegaLiteSpec {
  const values = bins
    .filter((b) => b.count > 0)
    .map((b) => ({ lo: roundSignificant(b.lo), hi: roundSignificant(b.hi), count: b.count }));
  const maxCount = values.reduce((m, v) => Math.max(m, v.count), 1);
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(options.title),
    width: options.width ?? 'container',
    height: CHART_HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: {
            field: 'lo',
            type: 'quantitative',
            scale: { type: 'log' },
            axis: { title: tr(LATENCY_AXIS_TITLE) },
          },
          x2: { field: 'hi' },
          y: {
            field: 'count',
            type: 'quantitative',
            scale: { type: 'symlog' },
            // Default symlog ticks bunch up near the top; decades read like a log axis.
            // labelExpr, because Vega's symlog tick formatter ignores `format` and prints 1e+5.
            axis: { title: t('samples (symlog scale)'), values: decadeTicks(maxCount), labelExpr: "format(datum.value, ',')" },
          },
          // Without an explicit baseline a ranged bar on a symlog scale is drawn as a sliver.
          y2: { datum: 0 },
          tooltip: [
            { field: 'lo', type: 'quantitative', title: t('from (ms)') },
            { field: 'hi', type: 'quantitative', title: t('to (ms)') },
            { field: 'count', type: 'quantitative', title: t('samples'), format: ',' },
          ],
        },
      },
      ...stallThresholdLayers(options.stallThresholdMs),
    ],
  };
}

function decadeTicks(max: number): number[] {
  const ticks = [0];
  for (let t = 1; t <= max * 1.0001; t *= 10) ticks.push(t);
  return ticks;
}
