// Public API of the Xen request/response model. See docs/sim-model.md.
export { simulate } from './model.ts';
export { simulateBulk, type BulkResult, type BulkOptions } from './bulk.ts';
export { DEFAULT_CONFIG, CONFIG_DOCS, mergeConfig, validateConfig, assertValidConfig, configDoc, type SimConfig, type DeepPartial, type ConfigKeyDoc, type ConfigIssue } from './config.ts';
export { PRESETS, PRESET_NAMES, type Preset, type PresetName } from './presets.ts';
export { summarizeRun, latenciesMs, type RunSummary } from './summary.ts';
export { configFor } from './preset-config.ts';
export * from './run-types.ts';
