import { RunClock } from './clock';
import { startClosedLoop } from './closed-loop';
import { makeConnections, prefill } from './connections';
import { HostSampler } from './host-signals';
import type { MemjsConnection } from './memjs-client';
import { startOpenLoop, type OpenLoop } from './open-loop';
import { PauseDetector } from './pauses';
import { RunPlan } from './run-plan';
import type { ProbeConfig, ProbeRunData, RunOptions } from './run-types';

export type { ClientView, ProbeConfig, ProbeHooks, ProbeRunData, RunOptions } from './run-types';

/**
 * Runs the probe: open loop (src/probe/open-loop.ts: requests sent at intended times whatever
 * happens to earlier ones, latency measured from the intended time as wrk2 does, so a stall also
 * counts against the requests that queued behind it) or closed loop (src/probe/closed-loop.ts:
 * each connection sends its next request when the previous one ends). This part starts and stops
 * what runs beside the loop (pause detector, host sampler, progress) and collects the run's data.
 * Returns normally on cancel with what was measured.
 */
export async function runProbe(config: ProbeConfig, options: RunOptions): Promise<ProbeRunData> {
  const { signal } = options;
  const hooks = options.hooks ?? {};
  const clock = new RunClock();
  const pauses = new PauseDetector(clock, config.pauseThresholdMs);
  const sampler = new HostSampler(clock, hooks.procRoot ?? '/proc', config.sampleIntervalMs);
  pauses.start();
  if (config.hostSignals) await sampler.start();
  await prefill(config, clock, signal);

  const pools = makeConnections(config, clock, hooks);
  const all = [...pools.raw, ...pools.memjs, ...pools.tcp];
  const t0 = clock.now() + (config.mode === 'open' ? 1 : 0);
  const plan = new RunPlan(config, clock, t0);
  const { records } = plan;

  const progressTimer = options.onProgress
    ? setInterval(() => options.onProgress!(records, clock.now() - t0), 1000)
    : undefined;

  let openLoop: OpenLoop | undefined;
  const stop = () => {
    if (plan.stopped) return;
    plan.stopped = true;
    openLoop?.clearTimers();
    for (const c of all) c.destroy();
    openLoop?.dropQueued();
    plan.finishIfIdle();
  };
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });

  if (!plan.stopped && config.mode === 'open') openLoop = startOpenLoop(plan, pools);
  else if (!plan.stopped) startClosedLoop(plan, pools);

  await plan.done;
  signal.removeEventListener('abort', stop);
  if (progressTimer) clearInterval(progressTimer);
  const cancelled = plan.stopped && signal.aborted;
  if (!plan.stopped) for (const c of all) c.destroy();
  for (const c of pools.memjs) (c as MemjsConnection).close();
  const tEnd = clock.now();
  await pauses.stop();
  if (config.hostSignals) await sampler.stop();
  return {
    config,
    records,
    pauses: pauses.pauses,
    maxHeartbeatGapMs: pauses.maxGapMs,
    signals: config.hostSignals ? sampler.series : [],
    sampleIntervalMs: config.sampleIntervalMs,
    hostSignals: config.hostSignals,
    wallAtEpoch: clock.wallAtEpoch,
    t0,
    tEnd,
    cancelled,
  };
}
