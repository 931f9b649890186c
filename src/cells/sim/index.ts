export { simCell, type SimResult, type SimSweepEntry } from './sim-cell';
export { checkSimSpec, type SimSpecCheck, type SimCellSpec } from './check';
export { simSchema, simKeyDocs, modelFields, cellFields, SIM_LANGUAGE, type PresetInfo } from './schema';
export { checkSweep, valuesByKey, MAX_COMBINATIONS, MAX_SWEEP_KEYS, type SweepAxis, type SweepValue } from './sweep-spec';
export { type RunAnalysis } from './analyze';
