// The one place the cell touches the Xen model's API (presets, simulate, sweeps), so the rest
// of the cell reads as plain data flow and an API change is a one-file fix.
import type { SimConfig } from '../../sim/xen/config';
import { simulate } from '../../sim/xen/model';
import { PRESETS, type Preset } from '../../sim/xen/presets';
import type { SimRun } from '../../sim/xen/run-types';
import { applySweepValues } from './check';
import type { PresetInfo } from './schema';
import type { SweepAxis, SweepValue } from './sweep-spec';

const presets: Record<string, Preset> = PRESETS;

export function presetInfos(): PresetInfo[] {
  return Object.entries(presets).map(([name, p]) => ({ name, description: p.summary }));
}

export function presetOverrides(name: string): unknown {
  return presets[name]?.overrides;
}

export function presetSummary(name: string): string | undefined {
  return presets[name]?.summary;
}

export function runModel(config: SimConfig, seed: number): SimRun {
  return simulate(config, seed);
}

export function sweepWorkers(_combinations: number): number {
  return 1;
}

export interface SweepHooks {
  workers: number;
  signal: AbortSignal;
  /** Called once per finished combination (`index` into `combos`), possibly out of order. */
  onPoint(index: number, run: SimRun): void;
}

/**
 * Runs every combination; on abort, stops starting new ones and returns normally, so the
 * caller reports the combinations that did finish.
 */
export async function runModelSweep(
  config: SimConfig,
  axes: readonly SweepAxis[],
  combos: readonly Record<string, SweepValue>[],
  seed: number,
  hooks: SweepHooks,
): Promise<void> {
  for (let i = 0; i < combos.length; i++) {
    // Yield between runs so an abort (and progress messages) can get through.
    await new Promise((r) => setImmediate(r));
    if (hooks.signal.aborted) return;
    hooks.onPoint(i, simulate(applySweepValues(config, axes, combos[i]!), seed));
  }
}
