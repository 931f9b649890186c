// Probe figures on this machine: overhead over a bare socket loop, the highest open-loop rate
// held on time, and the timing error against injected delays. `node --import tsx bench/probe-bench.ts`
import { connect, type Socket } from 'node:net';
import { analyze } from '../src/cells/probe/analyze';
import { encodeGet, encodeSet, FrameParser, runProbe, type ProbeConfig } from '../src/probe';
import { percentileOfSorted, sortedCopy } from '../src/stats';
import { startMemcached } from '../test/support/memcached';
import { startStallProxy } from '../test/support/stall-proxy';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { PROBE_WORKER_LIMITS } from '../src/cells/probe/worker';

interface RateStep {
  requests: number; lateShare: number; lagP99Ms: number; lagMaxMs: number; p50Ms: number; p99Ms: number;
  pauses: number; gcCount: number; gcMaxMs: number; errors: number;
}

/** Runs one rate step in a worker with the product's probe-worker limits. */
function rateStep(script: string, config: ProbeConfig): Promise<RateStep> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: config, resourceLimits: PROBE_WORKER_LIMITS });
    w.once('message', (m: RateStep) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

const median = (v: number[]) => percentileOfSorted(sortedCopy(v), 50);

async function bareLoop(port: number, n: number): Promise<number[]> {
  const sock: Socket = await new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(s));
  });
  const frame = encodeGet('xenlat:probe');
  const parser = new FrameParser();
  const out: number[] = [];
  // Timed as the probe times it: from just before the write to the arrival of the chunk that
  // completes the response (parsing and promise resolution are after the clock stops in both).
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const end = await new Promise<bigint>((resolve) => {
      const onData = (c: Buffer) => {
        const at = process.hrtime.bigint();
        if (parser.push(c).length) {
          sock.off('data', onData);
          resolve(at);
        }
      };
      sock.on('data', onData);
      sock.write(frame);
    });
    out.push(Number(end - t) / 1e6);
  }
  sock.destroy();
  return out;
}

function config(port: number, over: Partial<ProbeConfig>): ProbeConfig {
  return {
    target: { host: '127.0.0.1', port },
    protocol: 'memcached',
    op: 'get',
    key: 'xenlat:probe',
    valueSize: 100,
    requests: 5000,
    arrival: 'constant',
    mode: 'closed',
    connections: 1,
    warmup: { requests: 200 },
    timeoutMs: 1000,
    stallThresholdMs: 50,
    pauseThresholdMs: 5,
    client: 'raw',
    hostSignals: false,
    sampleIntervalMs: 200,
    seed: 1,
    ...over,
  };
}

async function main() {
  const mc = await startMemcached();
  const signal = new AbortController().signal;
  try {
    // Prefill, warm the JIT for both loops.
    await runProbe(config(mc.port, { requests: 2000 }), { signal });
    await bareLoop(mc.port, 2000);

    console.log('## Overhead: probe raw path vs bare net.Socket loop (closed loop, 1 connection, GET 100 B)');
    const rounds: { bare: number; probe: number; memjs: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const bare = median(await bareLoop(mc.port, 5000));
      const probe = analyze(await runProbe(config(mc.port, {}), { signal })).summary.percentilesMs['50'];
      const memjs = analyze(await runProbe(config(mc.port, { client: 'memjs' }), { signal })).summary.percentilesMs['50'];
      rounds.push({ bare, probe, memjs });
      console.log(`round ${round + 1}: bare p50 ${(bare * 1000).toFixed(1)} µs, probe raw p50 ${(probe * 1000).toFixed(1)} µs (+${((probe - bare) * 1000).toFixed(1)} µs), memjs p50 ${(memjs * 1000).toFixed(1)} µs`);
    }
    const added = median(rounds.map((r) => r.probe - r.bare)) * 1000;
    console.log(`median added latency (raw path): ${added.toFixed(1)} µs (target ≤ 15 µs)`);

    // Every step runs (a failing step does not end the sweep), so the whole curve is printed.
    console.log(`\n## Open-loop rate held on time (constant arrivals, GET 100 B, 2 s per step after 300 ms warmup; each step in a worker with the probe worker's limits ${JSON.stringify(PROBE_WORKER_LIMITS)})`);
    const tmp = mkdtempSync(join(tmpdir(), 'xenlat-probe-bench-'));
    const rateWorker = join(tmp, 'probe-rate-worker.js');
    await esbuild.build({ entryPoints: ['bench/probe-rate-worker.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: rateWorker, logLevel: 'warning' });
    const setups = [
      { connections: 16, pipeline: 1 },
      { connections: 4, pipeline: 1 },
      { connections: 4, pipeline: 8 },
      { connections: 8, pipeline: 8 },
    ];
    const rates = [5000, 10_000, 15_000, 20_000, 25_000, 30_000];
    let best = { rate: 0, setup: '' };
    for (const { connections, pipeline } of setups) {
      const name = `${connections} conn × pipeline ${pipeline}`;
      console.log(`### ${name}`);
      let held = 0;
      for (const rate of rates) {
        const a = await rateStep(rateWorker, config(mc.port, { mode: 'open', rate, durationMs: 2000, connections, pipeline, warmup: { ms: 300 } }));
        const share = a.lateShare * 100;
        const achieved = a.requests / 2;
        const ok = share < 1 && a.errors === 0;
        console.log(`${ok ? 'ok  ' : 'LATE'} ${rate}/s: ${a.requests} sent (${achieved.toFixed(0)}/s), late > 1 ms: ${share.toFixed(2)}%, lag p99 ${(a.lagP99Ms * 1000).toFixed(0)} µs max ${a.lagMaxMs.toFixed(1)} ms, latency p50 ${(a.p50Ms * 1000).toFixed(0)} µs p99 ${a.p99Ms.toFixed(2)} ms, event-loop pauses ≥ 5 ms ${a.pauses}, GC ≥ 1 ms ${a.gcCount} (max ${a.gcMaxMs} ms), errors ${a.errors}`);
        // Held = every step up to this rate stayed on time (a lucky step after a late one does not count).
        if (ok && held === rates[rates.indexOf(rate) - 1] || (ok && rate === rates[0])) held = rate;
      }
      console.log(`  ${name}: highest rate with < 1% late: ${held}/s`);
      if (held > best.rate) best = { rate: held, setup: name };
    }
    console.log(`highest rate with < 1% of sends late by > 1 ms: ${best.rate}/s${best.setup ? ` (${best.setup})` : ''} (target ≥ 20,000/s)`);

    // 2 s steps in a fresh worker include the JIT's warm-up and the first full GC; the target says
    // "sustained", so it is also checked over longer runs.
    console.log('\n### Sustained: 20,000/s for 10 s after 1 s warmup, 8 conn × pipeline 8, three runs');
    const shares: number[] = [];
    for (let run = 0; run < 3; run++) {
      const a = await rateStep(rateWorker, config(mc.port, { mode: 'open', rate: 20_000, durationMs: 10_000, connections: 8, pipeline: 8, warmup: { ms: 1000 } }));
      shares.push(a.lateShare * 100);
      console.log(`run ${run + 1}: ${a.requests} sent, late > 1 ms: ${(a.lateShare * 100).toFixed(2)}%, lag p99 ${(a.lagP99Ms * 1000).toFixed(0)} µs max ${a.lagMaxMs.toFixed(1)} ms, latency p50 ${(a.p50Ms * 1000).toFixed(0)} µs p99 ${a.p99Ms.toFixed(2)} ms, GC ≥ 1 ms ${a.gcCount} (max ${a.gcMaxMs} ms), errors ${a.errors}`);
    }
    console.log(`sustained 20,000/s: ${shares.filter((x) => x < 1).length}/3 runs under 1% late (${shares.map((x) => x.toFixed(2) + '%').join(', ')})`);
    rmSync(tmp, { recursive: true, force: true });

    console.log('\n## Timing error against injected first-byte delays (proxy, 10 delays of 10–100 ms)');
    const delays = Array.from({ length: 10 }, (_, i) => ({ conn: 0, index: 50 + i * 40, ms: 10 + i * 10 }));
    const proxy = await startStallProxy(mc, { delays });
    try {
      const a = analyze(await runProbe(config(proxy.port, { op: 'set', requests: 500, warmup: { requests: 0 }, stallThresholdMs: 5 }), { signal }));
      const errs: number[] = [];
      await proxy.sync();
      for (const inj of proxy.injections) {
        const s = a.stalls.find((x) => x.seq === inj.index);
        if (!s) {
          console.log(`  delay at ${inj.index} NOT FOUND`);
          continue;
        }
        errs.push(Math.abs(s.stagesMs.firstByte! - inj.roundTripMs!));
      }
      const sorted = sortedCopy(errs);
      console.log(`found ${errs.length}/${proxy.injections.length}; |first-byte − injected|: median ${(percentileOfSorted(sorted, 50) * 1000).toFixed(0)} µs, max ${(sorted[sorted.length - 1] * 1000).toFixed(0)} µs`);
    } finally {
      await proxy.close();
    }
  } finally {
    await mc.stop();
  }
}

void encodeSet;
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
