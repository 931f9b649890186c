// The one place the cell touches the Xen model's API (presets, simulate, sweeps), so the rest
// of the cell reads as plain data flow and an API change is a one-file fix.
import type { SimConfig } from '../../sim/xen/config';
import { availableParallelism } from 'node:os';
import { runSweep } from '../../sim/sweep/sweep';
import type { SweepAxis as ModelSweepAxis } from '../../sim/sweep/sweep-point';
import { simulateInto } from '../../sim/xen/model';
import { simulateSlicedInto, type RunProgress } from '../../sim/xen/run-sliced';
import type { RequestSink } from '../../sim/xen/request-slots';
import type { RunSummary } from '../../sim/xen/summary';
import { PRESETS, type Preset } from '../../sim/xen/presets';
import type { StreamedRun } from '../../sim/xen/run-types';
import type { PresetInfo } from './schema';

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

/** A run whose requests go to `sink` as they complete (nothing per request is kept otherwise). */
export function runModel(config: SimConfig, seed: number, sink: RequestSink): StreamedRun {
  return simulateInto(config, seed, sink);
}

/** The same run in slices: progress with the time left, and cancellable between slices. */
export function runModelWithProgress(config: SimConfig, seed: number, sink: RequestSink, signal: AbortSignal, onProgress: (p: RunProgress) => void): Promise<StreamedRun> {
  return simulateSlicedInto(config, seed, sink, { signal, onProgress });
}

/** Both cores when there is more than one combination: sweeps are the slow cells. */
export function sweepWorkers(combinations: number): number {
  return Math.max(1, Math.min(combinations, availableParallelism()));
}

export interface SweepHooks {
  workers: number;
  signal: AbortSignal;
  /** Called once per finished combination (`index` into `combinations(axes)`), possibly out of order. */
  onPoint(index: number, summary: RunSummary): void;
}

/**
 * Runs every combination of the axes on worker threads (src/sim/sweep); on abort, returns normally
 * with the points that did finish reported, so the caller can show a partial sweep.
 */
export async function runModelSweep(config: SimConfig, axes: readonly ModelSweepAxis[], seed: number, hooks: SweepHooks): Promise<void> {
  try {
    await runSweep(config, [...axes], seed, {
      workers: hooks.workers,
      signal: hooks.signal,
      // The pool numbers points by `combinations(axes)`, the list the caller indexes too.
      onPoint: (point) => hooks.onPoint(point.index, point.summary),
    });
  } catch (err) {
    if (hooks.signal.aborted) return;
    throw err;
  }
}
