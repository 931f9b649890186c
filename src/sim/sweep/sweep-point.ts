// One sweep combination, run in-process: the same function the worker calls, so a point computed
// in a worker is identical to one computed here (same config, same seed, same code).

import { mergeConfig, type SimConfig } from '../xen/config';
import { simulateInto } from '../xen/model';
import { TeeSink } from '../xen/request-slots';
import { CaptureViewSink, SummarySink, type RunSummary } from '../xen/summary';

export interface SweepAxis {
  /** Dotted config path, e.g. 'neighbours.cpuBound'. */
  path: string;
  values: unknown[];
}

export interface SweepPoint {
  index: number;
  /** The axis values of this combination, by path. */
  values: Record<string, unknown>;
  summary: RunSummary;
  /** Engine events and wall time of this point (process.cpuUsage is process-wide, so not usable per worker). */
  events: number;
  wallMs: number;
  /** Every request's latency in ms, in request order, as `latencyView` says; only when asked for (keepLatencies). */
  latenciesMs?: Float64Array;
}

/**
 * Which latency `latenciesMs` holds: the application's (arrive -> read returned), or what a packet
 * capture inside the client guest sees (request left the guest -> response captured in it).
 */
export type LatencyView = 'application' | 'capture';

/** Every combination of the axes' values, first axis varying slowest. */
export function combinations(axes: SweepAxis[]): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const a of axes) {
    if (a.values.length === 0) throw new Error(`sweep axis '${a.path}' has no values`);
    out = out.flatMap((c) => a.values.map((v) => ({ ...c, [a.path]: v })));
  }
  return out;
}

/** base + {path: value}: built as a nested override so unknown paths are rejected by mergeConfig. */
export function applyValues(base: SimConfig, values: Record<string, unknown>): SimConfig {
  const over: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(values)) {
    const keys = path.split('.');
    let o = over;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = v;
  }
  return mergeConfig(base, over);
}

export function runPoint(config: SimConfig, seed: number, index: number, values: Record<string, unknown>, keepLatencies = false, view: LatencyView = 'application'): SweepPoint {
  const t0 = performance.now();
  // Only what the summary needs is kept per request (src/sim/xen/run-digest.ts), not the table.
  const sink = new SummarySink(config.requests, config.stallThresholdMs);
  const capture = keepLatencies && view === 'capture' ? new CaptureViewSink(config.requests) : undefined;
  const run = simulateInto(config, seed, capture ? new TeeSink(sink, capture) : sink);
  const summary = sink.summary();
  const point: SweepPoint = { index, values, summary, events: run.stats.events, wallMs: performance.now() - t0 };
  if (keepLatencies) point.latenciesMs = capture ? capture.latenciesMs() : sink.digest.latencyMs;
  return point;
}
