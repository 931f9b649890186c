// Speed of an explain cell: every preset with its default fit grid against 100,000 observed
// samples, candidates on the sweep workers (both cores), as the cell runs them.
// Run: node --import tsx bench/explain-bench.ts [observed] [requestsPerCandidate]
// Needs dist/sim-worker.js (node esbuild.mjs). Target: ≤ 15 s wall on 2 cores.
//
// The observation is the black-0.1s model (seed 7) so it has stalls of several sizes; the machine
// is often shared, so the load average is printed with the figure.
import { availableParallelism, loadavg } from 'node:os';
import { explain, defaultThreshold } from '../src/cells/explain/explain';
import { DEFAULT_REQUESTS } from '../src/cells/explain/schema';
import { configFor } from '../src/sim/xen/preset-config';
import { PRESETS } from '../src/sim/xen/presets';
import { simulate } from '../src/sim/xen/model';
import { latenciesMs } from '../src/sim/xen/summary';

const OBSERVED = Number(process.argv[2] ?? 100_000);
const REQUESTS = Number(process.argv[3] ?? DEFAULT_REQUESTS);

async function main() {
  const obs = latenciesMs(simulate(configFor('black-0.1s', { requests: OBSERVED }), 7));
  console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let lines = 0;
  const a = await explain(
    { samplesMs: obs, source: 'bench' },
    {
      hypotheses: Object.keys(PRESETS).map((preset) => ({ preset })),
      stallThresholdMs: defaultThreshold(obs),
      seed: 1,
      requests: REQUESTS,
      onProgress: (m) => {
        if (lines++ % 10 === 0) console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${m}`);
      },
    },
  );
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  console.log(`${Object.keys(PRESETS).length} hypotheses, ${a.candidatesRun} candidates × ${REQUESTS} requests (+ pilots and a noise rerun of each hypothesis not ruled out on rate or body) against ${OBSERVED} observed samples`);
  console.log(`wall ${wall.toFixed(2)} s (target ≤ 15 s), process CPU ${((c.user + c.system) / 1e6).toFixed(2)} s (workers included), load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`first: ${a.ranking.filter((r) => r.rank === 1).map((r) => `${r.hypothesis} ${JSON.stringify(r.params)}`).join(' = ')}`);
}
void main();
