// Chart pipeline cost for a big result: 1,000,000 lognormal latencies (plus rare stalls).
// Run: node --import tsx bench/chart-bench.ts
import { latencyCharts, renderSvg } from '../src/charts';
import { sortedCopy, summarizeSorted } from '../src/stats';

const N = 1_000_000;

function lognormalSamples(n: number, seed = 42): Float64Array {
  // Deterministic (mulberry32) so runs are comparable.
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    a[i] = rand() < 1e-4 ? 100 + 400 * rand() : Math.exp(0.6 * z); // median 1 ms, 0.01% stalls
  }
  return a;
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;

async function main() {
  const samples = lognormalSamples(N);

  let t0 = performance.now();
  const sorted = sortedCopy(samples);
  const summary = summarizeSorted(sorted, 100);
  console.log(`summarize ${N.toLocaleString('en-US')} samples (sort + stats): ${ms(t0)}`);

  t0 = performance.now();
  const charts = latencyCharts({ sortedMs: sorted, summary });
  console.log(`build specs (histogram + CDF): ${ms(t0)}`);
  for (const c of charts) console.log(`  ${c.id} spec JSON: ${(JSON.stringify(c.spec).length / 1024).toFixed(1)} KB`);

  t0 = performance.now();
  await import('vega');
  await import('vega-lite');
  console.log(`load vega + vega-lite (once per process): ${ms(t0)}`);
  for (const c of charts) {
    t0 = performance.now();
    const svg = await renderSvg(c.spec);
    console.log(`  render ${c.id} SVG: ${ms(t0)} (${(svg.length / 1024).toFixed(1)} KB)`);
  }
  console.log(`p50 ${summary.percentilesMs['50'].toFixed(3)} ms, p99.99 ${summary.percentilesMs['99.99'].toFixed(3)} ms, stalls ${summary.stalls.count}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
