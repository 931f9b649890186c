import { DEFAULT_CONFIG, mergeConfig, type SimConfig } from './config';
import { PRESETS, type PresetName } from './presets';

/** DEFAULT_CONFIG + a preset's overrides + the caller's overrides (unknown keys throw). */
export function configFor(preset: PresetName | string, overrides: unknown = {}): SimConfig {
  const p = (PRESETS as Record<string, { overrides: unknown }>)[preset];
  if (!p) throw new Error(`unknown preset '${preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  return mergeConfig(mergeConfig(DEFAULT_CONFIG, p.overrides), overrides);
}
