export { summarize, summarizeSorted, EmptySamplesError } from './summarize';
export { percentileOfSorted, nearestRankIndex, reportedPercentiles, REPORTED_PERCENTILES } from './percentiles';
export { sortedCopy, lowerBound, upperBound } from './sorted';
export { logHistogram, type HistogramBin, type LogHistogramOptions } from './log-histogram';
export { downsampleCdf, type CdfPoint, type CdfOptions } from './cdf';
export { formatMs, formatCount, roundSignificant } from './format-ms';
export type { PercentilesMs, ResultSummary } from './types';
