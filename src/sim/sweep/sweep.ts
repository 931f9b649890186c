// Parameter sweeps over a pool of worker threads: every combination of the axes runs as one
// simulation in a worker; results come back as compact summaries, in combination order.
// Every combination uses the same seed (common random numbers), so differences between points
// come from the parameters, not from sampling noise.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assertValidConfig, type SimConfig } from '../xen/config';
import type { FromSweepWorker, ToSweepWorker } from './protocol';
import { applyValues, combinations, type LatencyView, type SweepAxis, type SweepPoint } from './sweep-point';

export interface SweepOptions {
  /** Worker threads; default min(combinations, os.availableParallelism()). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Each point as it finishes (possibly out of order), so a cancelled sweep still has its finished points. */
  onPoint?: (point: SweepPoint) => void;
  signal?: AbortSignal;
  /** Send every request's latency back with each point (SweepPoint.latenciesMs). */
  keepLatencies?: boolean;
  /** With keepLatencies: the application's latency (default) or what a capture inside the client guest sees. */
  latencyView?: LatencyView;
  /**
   * The bundled worker script. Default: sim-worker.js next to this bundle (dist/), which is where
   * esbuild puts src/sim/sweep/sweep-worker.ts.
   */
  workerScript?: string;
}

declare const __dirname: string | undefined;

export function defaultWorkerScript(): string {
  // Bundled, the worker sits next to this code in dist/; run from source (tests under tsx), the
  // build in dist/ serves.
  const beside = join(typeof __dirname === 'string' ? __dirname : process.cwd(), 'sim-worker.js');
  const built = join(process.cwd(), 'dist', 'sim-worker.js');
  return existsSync(beside) || !existsSync(built) ? beside : built;
}

export function runSweep(base: SimConfig, axes: SweepAxis[], seed: number, options: SweepOptions = {}): Promise<SweepPoint[]> {
  let combos: Record<string, unknown>[];
  let configs: SimConfig[];
  try {
    combos = combinations(axes);
    configs = combos.map((v) => applyValues(base, v));
  } catch (e) {
    return Promise.reject(e);
  }
  return runConfigs(configs.map((config, i) => ({ config, values: combos[i] })), seed, options);
}

/**
 * Runs any list of resolved configurations (not necessarily one grid: the explain cell runs
 * several presets' grids at once) on the worker pool; results come back in list order.
 */
export function runConfigs(items: { config: SimConfig; values: Record<string, unknown> }[], seed: number, options: SweepOptions = {}): Promise<SweepPoint[]> {
  const configs = items.map((it) => it.config);
  const combos = items.map((it) => it.values);
  try {
    // Validate every combination up front: a bad value fails before any work starts.
    for (const c of configs) assertValidConfig(c);
  } catch (e) {
    return Promise.reject(e);
  }
  const total = configs.length;
  if (total === 0) return Promise.resolve([]);
  const nWorkers = Math.max(1, Math.min(total, options.workers ?? availableParallelism()));
  const script = options.workerScript ?? defaultWorkerScript();
  return new Promise<SweepPoint[]>((resolve, reject) => {
    const results: SweepPoint[] = new Array(total);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let finished = false;
    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const onAbort = () => finish(new Error('sweep cancelled'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    const feed = (w: Worker) => {
      if (next >= total) return;
      const i = next++;
      const msg: ToSweepWorker = { id: i, index: i, config: configs[i], seed, values: combos[i], ...(options.keepLatencies ? { keepLatencies: true } : {}), ...(options.latencyView ? { latencyView: options.latencyView } : {}) };
      w.postMessage(msg);
    };
    for (let k = 0; k < nWorkers; k++) {
      const w = new Worker(script, { execArgv: [] });
      workers.push(w);
      w.on('message', (m: FromSweepWorker) => {
        if (finished) return;
        if (m.type === 'error') return finish(new Error(`sweep point ${m.id}: ${m.message}`));
        results[m.id] = m.point;
        done++;
        options.onPoint?.(m.point);
        options.onProgress?.(done, total);
        if (done === total) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (!finished && code !== 0) finish(new Error(`sweep worker exited with code ${code}`));
      });
      feed(w);
    }
  });
}
