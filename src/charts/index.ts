export { latencyHistogramSpec } from './histogram-spec';
export { latencyCdfSpec, type CdfChartOptions } from './cdf-spec';
export { latencyCharts, type LatencyChartsInput } from './latency-charts';
export { renderSvg, SVG_WIDTH, type SvgOptions } from './svg';
export { findUrlReferences, URL_REFUSED_MESSAGE } from './url-guard';
export { VEGA_LITE_SCHEMA, LATENCY_AXIS_TITLE, type VegaLiteSpec, type LatencyChartOptions } from './common';
export type { ChartOutput } from './types';
