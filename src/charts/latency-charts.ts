import type { ResultSummary } from '../stats/types';
import type { ChartOutput } from './types';
import { downsampleCdf } from '../stats/cdf';
import { logHistogram } from '../stats/log-histogram';
import { latencyCdfSpec } from './cdf-spec';
import { latencyHistogramSpec } from './histogram-spec';
import { t } from '../l10n';

export interface LatencyChartsInput {
  /** Ascending latencies, ms (sort once and share with `summarizeSorted`). */
  sortedMs: ArrayLike<number>;
  summary: ResultSummary;
  /** Prefix for chart titles, e.g. the spec's `title:`. */
  title?: string;
  binsPerDecade?: number;
  maxCdfPoints?: number;
}

/** The standard pair every latency result shows: histogram (id `histogram`) and CDF (id `cdf`). */
export function latencyCharts(input: LatencyChartsInput): ChartOutput[] {
  const { sortedMs, summary } = input;
  const stallThresholdMs = summary.stalls.thresholdMs;
  const prefix = input.title ? `${input.title}: ` : '';
  const histTitle = prefix + t('latency histogram');
  const cdfTitle = prefix + t('latency percentiles');
  const bins = logHistogram(sortedMs, { sorted: true, binsPerDecade: input.binsPerDecade ?? 20 });
  const points = downsampleCdf(sortedMs, { maxPoints: input.maxCdfPoints ?? 400 });
  return [
    {
      id: 'histogram',
      title: histTitle,
      spec: latencyHistogramSpec(bins, { title: histTitle, stallThresholdMs }),
    },
    {
      id: 'cdf',
      title: cdfTitle,
      spec: latencyCdfSpec(points, { title: cdfTitle, stallThresholdMs, percentilesMs: summary.percentilesMs }),
    },
  ];
}
