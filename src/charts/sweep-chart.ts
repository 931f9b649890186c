import type { ResultSummary } from '../stats/types';
import { REPORTED_PERCENTILES } from '../stats/percentiles';
import { roundSignificant } from '../stats/format-ms';
import { CHART_HEIGHT, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './common';
import { t } from '../l10n';

/** A swept value; list-valued keys (e.g. `neighbours.pcpus`) are shown as text. */
export type SweepValue = number | string | boolean | number[];

export interface SweepChartPoint {
  /** The swept keys' values for this combination, e.g. `{ 'neighbours.cpuBound': 2 }`. */
  values: Record<string, SweepValue>;
  summary: ResultSummary;
}

export interface SweepChartOptions {
  /** The swept keys, in the order the spec lists them: the first is the x axis, the second the colour. */
  keys: string[];
  /** Which percentile to plot, one of the reported ones. Default `99.9`. */
  percentile?: (typeof REPORTED_PERCENTILES)[number];
  title?: string;
  width?: number | 'container';
}

/**
 * The chosen percentile against the first swept key, one line per value of the second. The
 * y axis is log: sweeps over scheduler knobs move tails by factors (0.5 ms → 90 ms), which a
 * linear axis would flatten. The x axis is quantitative when every value is a number (spacing
 * then means something), otherwise ordinal in the order the spec gives. Stall counts and the
 * other percentiles ride along in the tooltip.
 */
export function sweepChartSpec(points: readonly SweepChartPoint[], options: SweepChartOptions): VegaLiteSpec {
  const p = options.percentile ?? '99.9';
  const [xKey, colorKey] = options.keys;
  if (xKey === undefined) throw new Error('sweepChartSpec: no swept key');
  const rows = points.map((pt) => {
    const x = pt.values[xKey];
    const row: Record<string, unknown> = {
      x: Array.isArray(x) ? `[${x.join(', ')}]` : x,
      ms: roundSignificant(pt.summary.percentilesMs[p]),
      count: pt.summary.count,
      stalls: pt.summary.stalls.count,
    };
    for (const q of REPORTED_PERCENTILES) row[`p${q}`] = roundSignificant(pt.summary.percentilesMs[q]);
    if (colorKey !== undefined) row.series = text(pt.values[colorKey]);
    return row;
  });
  const numeric = rows.every((r) => typeof r.x === 'number');
  const xOrder = [...new Set(points.map((pt) => text(pt.values[xKey])))];
  if (!numeric) for (const r of rows) r.x = String(r.x);
  const x = numeric
    ? {
        field: 'x',
        type: 'quantitative',
        title: xKey,
        scale: { zero: false },
        // A sweep over whole numbers (neighbours, vCPUs) gets whole-number ticks, not 0.0, 0.1 ... 3.0.
        ...(rows.every((r) => Number.isInteger(r.x)) ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
      }
    : { field: 'x', type: 'ordinal', title: xKey, sort: xOrder };
  const color =
    colorKey !== undefined
      ? {
          color: {
            field: 'series',
            type: 'nominal',
            title: colorKey,
            sort: [...new Set(points.map((pt) => text(pt.values[colorKey])))],
          },
        }
      : {};
  const y = { field: 'ms', type: 'quantitative', title: t('p{0} latency (ms, log scale)', p), scale: { type: 'log' } };
  const tooltip = [
    { field: 'x', type: numeric ? 'quantitative' : 'nominal', title: xKey },
    ...(colorKey !== undefined ? [{ field: 'series', type: 'nominal', title: colorKey }] : []),
    ...REPORTED_PERCENTILES.map((q) => ({ field: `p${q}`, type: 'quantitative', title: `p${q} (ms)`, format: ',.4~g' })),
    { field: 'stalls', type: 'quantitative', title: t('stalls'), format: ',' },
    { field: 'count', type: 'quantitative', title: t('requests'), format: ',' },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? (colorKey ? t('p{0} latency vs {1} and {2}', p, xKey, colorKey) : t('p{0} latency vs {1}', p, xKey)) },
    width: options.width ?? 'container',
    height: CHART_HEIGHT,
    data: { values: rows },
    layer: [
      { mark: { type: 'line' }, encoding: { x, y, ...color } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, ...color, tooltip } },
    ],
  };
}

function text(v: SweepValue | undefined): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}
