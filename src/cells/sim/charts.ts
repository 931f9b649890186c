import { latencyCharts } from '../../charts/latency-charts';
import type { ChartOutput } from '../../charts/types';
import type { SimRun } from '../../sim/xen/run-types';
import type { RunAnalysis } from './analyze';
import { stageBreakdownSpec } from './stage-chart';
import { simTimelineSpec } from './timeline-chart';
import { t } from '../../l10n';

/**
 * vCPU rows the timeline keeps over its 20 request windows (the chart's default is 2,000). Rows
 * are merged at about a pixel first, then coarser until they fit: 20 a window still draws every
 * vCPU's run/wait changes at the chart's width (at 15 the founding case's neighbours lost their
 * 30 ms timeslices to the merge), and the chart was most of a stored cell (85-189 KB).
 */
const TIMELINE_VCPU_ROWS = 400;

/** The charts of one simulated run: the slowest requests on the vCPU schedule, CDF, histogram, stages. */
export function simDetailCharts(title: string | undefined, run: SimRun, a: RunAnalysis): ChartOutput[] {
  const prefix = title ? `${title}: ` : '';
  const stall = a.summary.stalls.thresholdMs;
  const [histogram, cdf] = latencyCharts({ sortedMs: a.sorted, summary: a.summary, title });
  const timelineTitle = prefix + t('slowest requests and the vCPU schedule');
  const stagesTitle = prefix + t('where the time of slow requests went');
  return [
    { id: 'timeline', title: timelineTitle, spec: simTimelineSpec(a.slowest, run.vcpuIntervals, { title: timelineTitle, stallThresholdMs: stall, maxIntervalRows: TIMELINE_VCPU_ROWS }) },
    cdf!,
    histogram!,
    { id: 'stages', title: stagesTitle, spec: stageBreakdownSpec(a.stages, { title: stagesTitle }) },
  ];
}
