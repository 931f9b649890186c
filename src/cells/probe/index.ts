export { probeCell, runProbeCell, type ProbeResult } from './probe-cell';
export { checkProbeSpec, type ProbeSpecCheck } from './check';
export { probeSchema, PROBE_LANGUAGE, type ProbeSpec } from './schema';
export { probeCharts, overTimeSpec, stallTimelineSpec, stageBreakdownSpec } from './charts';
export { analyze, emptySummary, type ProbeAnalysis, type ProbeSummary, type StallEntry, type StallCause, type FailureEntry, type StageStats } from './analyze';
