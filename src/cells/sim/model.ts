// The one place the cell touches the Xen model's API (presets, simulate, sweeps), so the rest
// of the cell reads as plain data flow and an API change is a one-file fix.
import type { SimConfig } from '../../sim/xen/config';
import { availableParallelism } from 'node:os';
import { runSweep } from '../../sim/sweep/sweep';
import { simulate } from '../../sim/xen/model';
import type { RunSummary } from '../../sim/xen/summary';
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

/** Both cores when there is more than one combination: sweeps are the slow cells. */
export function sweepWorkers(combinations: number): number {
  return Math.max(1, Math.min(combinations, availableParallelism()));
}

export interface SweepHooks {
  workers: number;
  signal: AbortSignal;
  /** Called once per finished combination (`index` into `combos`), possibly out of order. */
  onPoint(index: number, summary: RunSummary): void;
}

/**
 * Runs every combination on worker threads (src/sim/sweep); on abort, returns normally with the
 * points that did finish reported, so the caller can show a partial sweep.
 */
export async function runModelSweep(
  config: SimConfig,
  axes: readonly SweepAxis[],
  combos: readonly Record<string, SweepValue>[],
  seed: number,
  hooks: SweepHooks,
): Promise<void> {
  const index = new Map(combos.map((c, i) => [comboKey(axes, c), i]));
  try {
    await runSweep(
      config,
      axes.map((a) => ({ path: a.path, values: a.values })),
      seed,
      {
        workers: hooks.workers,
        signal: hooks.signal,
        onPoint: (point) => {
          // The worker names values by config path; map back to the spec's keys.
          const combo = Object.fromEntries(axes.map((a) => [a.key, point.values[a.path] as SweepValue]));
          hooks.onPoint(index.get(comboKey(axes, combo)) ?? point.index, point.summary);
        },
      },
    );
  } catch (err) {
    if (hooks.signal.aborted) return;
    throw err;
  }
}

function comboKey(axes: readonly SweepAxis[], combo: Record<string, unknown>): string {
  return JSON.stringify(axes.map((a) => combo[a.key]));
}
