export { explainCell, runExplain } from './explain-cell';
export { checkExplainSpec } from './check';
export { explainSchema, EXPLAIN_LANGUAGE, type ExplainSpec } from './schema';
export { explain, defaultThreshold, type ExplainAnswer, type ExplainOptions, type HypothesisSpec } from './explain';
export { DEFAULT_FITS, defaultFit } from './default-fits';
export type { ExplainResult } from './result';
