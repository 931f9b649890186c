// Charts of an explain cell: observed vs the best hypotheses as tail CDFs (1 − CDF on log axes,
// one "nine" per step, like the data cell's CDF), the stall-size histogram observed vs the best
// fit, and the ranking's scores. Inline data only; a few hundred rows each.
import { t, tr } from '../../l10n';
import type { CdfPoint } from '../../stats/cdf';
import { roundSignificant } from '../../stats/format-ms';
import { CHART_HEIGHT, LATENCY_AXIS_TITLE, VEGA_LITE_SCHEMA, stallThresholdLayers, tip, titled, type VegaLiteSpec } from '../../charts/common';

/** A tooltip field titled in the reader's language; untitled (Vega-Lite shows the field's name) when that is the same word, as in English. */
/** A verdict as readers see it (the result keeps the English key). */
export function verdictLabel(verdict: string): string {
  return verdict === 'fits' ? t('fits') : verdict === 'partly' ? t('partly') : verdict === 'ruled-out' ? t('ruled-out') : verdict;
}

export interface CdfSeries {
  name: string;
  points: CdfPoint[];
}

export function explainCdfSpec(series: CdfSeries[], opts: { title?: string; stallThresholdMs?: number; width?: number | 'container' } = {}): VegaLiteSpec {
  const values = series.flatMap((s) => s.points.filter((p) => p.ms > 0 && p.atOrAbove > 0).map((p) => ({ series: s.name, ms: roundSignificant(p.ms), above: roundSignificant(p.atOrAbove) })));
  const minAbove = values.reduce((m, v) => Math.min(m, v.above), 1);
  const ticks: number[] = [];
  for (let t = 1; t >= minAbove / 10 && ticks.length < 8; t /= 10) ticks.push(t);
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(opts.title),
    width: opts.width ?? 'container',
    height: CHART_HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, axis: { title: tr(LATENCY_AXIS_TITLE) } },
          y: {
            field: 'above',
            type: 'quantitative',
            scale: { type: 'log' },
            axis: { title: t('percentile (log scale of 1 − p)'), values: ticks, labelExpr: "datum.value >= 1 ? 'p0' : 'p' + format(100 - 100 * datum.value, '.6~g')" },
          },
          color: { field: 'series', type: 'nominal', sort: series.map((s) => s.name), title: null },
          strokeDash: { condition: { test: `datum.series === '${t('observed')}'`, value: [1, 0] }, value: [5, 3] },
          tooltip: [
            { ...tip('series', t('series')), type: 'nominal' },
            { field: 'ms', type: 'quantitative', title: t('latency (ms)') },
            { field: 'above', type: 'quantitative', title: t('fraction ≥ latency'), format: '.4~%' },
          ],
        },
      },
      ...stallThresholdLayers(opts.stallThresholdMs),
    ],
  };
}

/** Stall latencies of two series as a shared-bin histogram (fractions of each series' stalls). */
export function stallHistogramSpec(observed: ArrayLike<number>, fitted: ArrayLike<number>, fittedName: string, opts: { title?: string; width?: number | 'container' } = {}): VegaLiteSpec {
  const all = [...Array.from(observed), ...Array.from(fitted)];
  const max = all.length ? Math.max(...all) : 1;
  const width = niceBin(max / 40);
  const rows: { series: string; fromMs: number; toMs: number; share: number }[] = [];
  for (const [name, s] of [[t('observed'), observed], [fittedName, fitted]] as const) {
    const counts = new Map<number, number>();
    for (let i = 0; i < s.length; i++) {
      const b = Math.floor(s[i] / width);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    for (const [b, c] of [...counts.entries()].sort((x, y) => x[0] - y[0])) rows.push({ series: name, fromMs: roundSignificant(b * width), toMs: roundSignificant((b + 1) * width), share: roundSignificant(c / s.length) });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(opts.title),
    width: opts.width ?? 'container',
    height: CHART_HEIGHT,
    data: { values: rows },
    mark: { type: 'bar', opacity: 0.6 },
    encoding: {
      x: { field: 'fromMs', type: 'quantitative', bin: { binned: true, step: width }, axis: { title: t('stalled request latency (ms)') } },
      x2: { field: 'toMs' },
      y: { field: 'share', type: 'quantitative', stack: null, axis: { title: t('share of the series’ stalls'), format: '.0%' } },
      color: { field: 'series', type: 'nominal', title: null },
      tooltip: [
        { ...tip('series', t('series')), type: 'nominal' },
        { field: 'fromMs', type: 'quantitative', title: t('from (ms)') },
        { field: 'toMs', type: 'quantitative', title: t('to (ms)') },
        { ...tip('share', t('share')), type: 'quantitative', format: '.1%' },
      ],
    },
  };
}

function niceBin(x: number): number {
  const steps = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
  return steps.find((s) => s >= x) ?? 1000;
}

export interface RankingBar {
  hypothesis: string;
  rank: number;
  score: number;
  verdict: string;
}

/** One bar per hypothesis: its score (decades; shorter is better), coloured by verdict. */
export function rankingSpec(rows: RankingBar[], opts: { title?: string; width?: number | 'container' } = {}): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...titled(opts.title),
    width: opts.width ?? 'container',
    height: Math.max(120, 22 * rows.length),
    data: { values: rows.map((r) => ({ ...r, label: `${r.rank}. ${r.hypothesis}`, score: roundSignificant(r.score), verdict: verdictLabel(r.verdict) })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, axis: { title: null } },
      x: { field: 'score', type: 'quantitative', axis: { title: t('score (decades from the observation; lower is better)') } },
      color: { field: 'verdict', type: 'nominal', scale: { domain: ['fits', 'partly', 'ruled-out'].map(verdictLabel) }, title: t('verdict') },
      tooltip: [
        { ...tip('hypothesis', t('hypothesis')), type: 'nominal' },
        { ...tip('rank', t('rank')), type: 'quantitative' },
        { ...tip('score', t('score')), type: 'quantitative' },
        { ...tip('verdict', t('verdict')), type: 'nominal' },
      ],
    },
  };
}
