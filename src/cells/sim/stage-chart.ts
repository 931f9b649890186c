import { formatMs } from '../../stats/format-ms';
import { CHART_HEIGHT, VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../charts/common';
import { STAGE_COLOR, STAGE_IDS } from './stage-colors';
import { t } from '../../l10n';

export interface StageStat {
  stage: string;
  /** Mean time in this stage over the slow requests, ms. */
  meanMs: number;
  /** Longest time in this stage among the slow requests, ms. */
  maxMs: number;
  /** This stage's part of the slow requests' total latency (0..1; the stages sum to ≈ 1). */
  share: number;
  /** Mean time in this stage over all completed requests, ms: what "normal" looks like. */
  typicalMeanMs: number;
}

export interface StageBreakdown {
  /**
   * Which requests count as slow: `stalls` = latency above the stall threshold; `slowest` =
   * the slowest 1% (at least one) when no request stalled, so the breakdown is never empty.
   */
  basis: 'stalls' | 'slowest';
  thresholdMs: number;
  /** Number of slow requests the breakdown covers. */
  requests: number;
  /** Their mean latency, ms. */
  meanLatencyMs: number;
  stages: StageStat[];
}

export interface StageBreakdownOptions {
  title?: string;
  width?: number | 'container';
}

/**
 * One bar per stage (path order, top to bottom): the slow requests' mean time in the stage,
 * labelled with its share of their latency; a tick marks the mean over all requests, so a
 * stage that is long for everyone (the server) reads differently from one that only slow
 * requests pay (a scheduler wait). Linear axis: shares of a sum are what matters here.
 */
export function stageBreakdownSpec(breakdown: StageBreakdown, options: StageBreakdownOptions = {}): VegaLiteSpec {
  const values = breakdown.stages.map((s) => ({
    stage: s.stage,
    meanMs: round(s.meanMs),
    maxMs: round(s.maxMs),
    typicalMeanMs: round(s.typicalMeanMs),
    share: Math.round(s.share * 10_000) / 10_000,
    label: s.share === 0 ? '0%' : `${(100 * s.share).toFixed(s.share < 0.01 ? 2 : 1)}%`,
  }));
  const who =
    breakdown.basis === 'stalls'
      ? t('{0} requests > {1}', breakdown.requests.toLocaleString('en-US'), formatMs(breakdown.thresholdMs))
      : t('slowest {0} requests (none > {1})', breakdown.requests.toLocaleString('en-US'), formatMs(breakdown.thresholdMs));
  const title = options.title ?? t('where the time of slow requests went');
  const y = { field: 'stage', type: 'nominal', title: null, sort: STAGE_IDS };
  const x = { field: 'meanMs', type: 'quantitative', title: t('mean time in stage (ms)') };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: t('{0}, mean latency {1}; tick = mean of all requests', who, formatMs(breakdown.meanLatencyMs)) },
    width: options.width ?? 'container',
    height: Math.max(CHART_HEIGHT, 22 * STAGE_IDS.length),
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x,
          color: { ...STAGE_COLOR, legend: null },
          tooltip: [
            { field: 'stage', type: 'nominal' },
            { field: 'meanMs', type: 'quantitative', title: t('mean, slow (ms)'), format: ',.3~f' },
            { field: 'maxMs', type: 'quantitative', title: t('max, slow (ms)'), format: ',.3~f' },
            { field: 'share', type: 'quantitative', title: t('share of latency'), format: '.1%' },
            { field: 'typicalMeanMs', type: 'quantitative', title: t('mean, all requests (ms)'), format: ',.3~f' },
          ],
        },
      },
      {
        mark: { type: 'tick', thickness: 2 },
        encoding: { y, x: { field: 'typicalMeanMs', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, baseline: 'middle', fontSize: 10 },
        encoding: { y, x, text: { field: 'label', type: 'nominal' } },
      },
    ],
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
