// Speed of the Xen model: simulated requests per second of the full model on one core, for the
// `baseline` and `black-0.1s` presets, and a sweep of 8 combinations over 1 vs 2 worker threads.
// Run: node --import tsx bench/sim-model.ts [requests]
//
// The machine is often shared, so rates are given per wall-clock second and per CPU-second of
// this process (process.cpuUsage); the sweep's CPU figure sums the workers' own CPU time.
import { loadavg, availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { Worker } from 'node:worker_threads';
import { simulate, simulateInto } from '../src/sim/xen/model';
import { RunAnalyzer } from '../src/cells/sim/analyze';
import { configFor } from '../src/sim/xen/preset-config';
import { runSweep } from '../src/sim/sweep/sweep';

const REQUESTS = Number(process.argv[2] ?? 200_000);

/**
 * `table`: simulate(), keeping every request's table; `cell`: what the sim cell does, the requests
 * folded into its analysis as they complete (simulateInto + RunAnalyzer), the analysis included.
 */
function bestOf(preset: string, mode: 'table' | 'cell', repeats = 3) {
  const cfg = configFor(preset, { requests: REQUESTS });
  let best = { wall: 0, cpu: 0, eventsPerReq: 0 };
  for (let k = 0; k < repeats; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let r: { stats: { events: number } };
    if (mode === 'table') r = simulate(cfg, k + 1);
    else {
      const a = new RunAnalyzer(cfg.requests, cfg.stallThresholdMs, 20);
      r = simulateInto(cfg, k + 1, a);
      a.analysis();
    }
    const dt = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const wall = REQUESTS / dt;
    const cpu = REQUESTS / ((c.user + c.system) / 1e6);
    if (wall > best.wall) best = { wall, cpu, eventsPerReq: r.stats.events / REQUESTS };
  }
  return best;
}

console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`full model, ${REQUESTS} requests per run, best of 3:`);
for (const p of ['baseline', 'black-0.1s']) for (const mode of ['table', 'cell'] as const) {
  const b = bestOf(p, mode);
  console.log(`  ${p.padEnd(12)} ${mode.padEnd(6)} ${(b.wall / 1000).toFixed(0).padStart(5)} k req/s wall   ${(b.cpu / 1000).toFixed(0).padStart(5)} k req/s per CPU-second   ${b.eventsPerReq.toFixed(1)} events/req`);
}

async function sweepBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xenlat-bench-'));
  const workerScript = join(dir, 'sim-worker.js');
  await esbuild.build({ entryPoints: ['src/sim/sweep/sweep-worker.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: workerScript, logLevel: 'warning' });
  const base = configFor('vcpu-contention', { requests: 100_000 });
  const axes = [
    { path: 'neighbours.cpuBound', values: [0, 1, 2, 3] },
    { path: 'scheduler.debit', values: ['tick', 'exact'] },
  ];
  const times: Record<number, number> = {};
  for (const workers of [1, 2]) {
    // Best of 3: on a shared 2-vCPU machine one run can lose a core to something else.
    let best = Infinity;
    let c = process.cpuUsage();
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await runSweep(base, axes, 1, { workers, workerScript });
      const t = (performance.now() - t0) / 1000;
      if (t < best) {
        best = t;
        c = process.cpuUsage(c0);
      }
    }
    times[workers] = best;
    const cpu = (c.user + c.system) / 1e6;
    console.log(`sweep 8 × ${base.requests} requests, workers=${workers}: ${times[workers].toFixed(2)} s wall, ${cpu.toFixed(2)} s process CPU (${(cpu / times[workers]).toFixed(2)} cores busy), ${((8 * base.requests) / times[workers] / 1000).toFixed(0)} k req/s`);
  }
  console.log(`speed-up 2 workers vs 1: ${(times[1] / times[2]).toFixed(2)}×`);
  // What two threads can gain on this machine at all: the same pure integer loop on 1 and 2 workers.
  const loop = `const t=performance.now(); let x=0; for(let i=0;i<3e8;i++) x+=i%7; require('worker_threads').parentPort.postMessage(x)`;
  const spin = async (n: number) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, () => new Promise((r) => new Worker(loop, { eval: true }).once('message', r))));
    return performance.now() - t0;
  };
  const one = await spin(1);
  const two = await spin(2);
  console.log(`control: a pure integer loop on 2 workers does ${((2 * one) / two).toFixed(2)}× the work of 1 in the same time (2.00× = two independent cores)`);
  rmSync(dir, { recursive: true, force: true });
}

void sweepBench();
