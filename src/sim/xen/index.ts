// Public API of the Xen request/response model. See docs/sim-model.md.
export { simulate } from './model';
export { simulateBulk, type BulkResult, type BulkOptions } from './bulk';
export { DEFAULT_CONFIG, CONFIG_DOCS, mergeConfig, validateConfig, assertValidConfig, configDoc, type SimConfig, type DeepPartial, type ConfigKeyDoc, type ConfigIssue } from './config';
export { PRESETS, PRESET_NAMES, type Preset, type PresetName } from './presets';
export { summarizeRun, latenciesMs, captureViewLatenciesMs, type RunSummary } from './summary';
export { configFor } from './preset-config';
export * from './run-types';
