// A simulation run in slices of simulated time, yielding to the event loop between slices, so a
// long run reports its progress with an estimate of the time left and can be cancelled (the
// worker running it receives the abort only when its event loop turns). Same result, bit for
// bit, as simulate(): the engine processes each event once whatever the slice boundaries.

import { assertValidConfig, type SimConfig } from './config';
import { tableRun, XenModel } from './model';
import type { RequestSink } from './request-slots';
import type { SimRun, StreamedRun } from './run-types';
import { TableSink } from './table-sink';

export interface RunProgress {
  /** Fraction of the run done, 0..1 (by simulated time, the work's clock). */
  fraction: number;
  requestsDone: number;
  requests: number;
  /** Estimated wall-clock seconds left; NaN until there is a first measurement. */
  secondsLeft: number;
}

export interface SlicedRunHooks {
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Minimum wall-clock ms between progress reports (default 250). */
  reportEveryMs?: number;
  /** Wall-clock ms one slice aims at (default 50): short enough for a prompt cancel. */
  sliceMs?: number;
}

/** The run keeping every request (its table), in slices. */
export async function simulateSliced(config: SimConfig, seed: number, hooks: SlicedRunHooks = {}): Promise<SimRun> {
  const sink = new TableSink(config.requests, config.tcp.newConnectionFraction > 0);
  return tableRun(await simulateSlicedInto(config, seed, sink, hooks), sink);
}

/** The run in slices, every completed request handed to `sink` in request order. */
export async function simulateSlicedInto(config: SimConfig, seed: number, sink: RequestSink, hooks: SlicedRunHooks = {}): Promise<StreamedRun> {
  assertValidConfig(config);
  const m = new XenModel(config, seed, sink);
  const expectedUs = config.warmupMs * 1000 + (config.requests / config.ratePerSec) * 1e6;
  const sliceMs = hooks.sliceMs ?? 50;
  const every = hooks.reportEveryMs ?? 250;
  const start = performance.now();
  let lastReport = -Infinity;
  let spanUs = Math.min(expectedUs, 10_000);
  while (!m.finished) {
    hooks.signal?.throwIfAborted();
    const w0 = performance.now();
    m.runUntil(m.now + spanUs);
    const w = performance.now() - w0;
    // Steer the slice towards sliceMs of wall time (bounded growth, so a burst of work cannot
    // make one slice run for minutes).
    spanUs = Math.max(1000, spanUs * Math.min(4, sliceMs / Math.max(w, 0.1)));
    const now = performance.now();
    if (hooks.onProgress && now - lastReport >= every) {
      lastReport = now;
      const fraction = m.finished ? 1 : Math.min(0.99, Math.max(m.done / m.n, m.now / expectedUs));
      const elapsed = (now - start) / 1000;
      hooks.onProgress({ fraction, requestsDone: m.done, requests: m.n, secondsLeft: fraction > 0 ? (elapsed * (1 - fraction)) / fraction : NaN });
    }
    if (!m.finished) await new Promise((r) => setImmediate(r));
  }
  return m.result();
}
