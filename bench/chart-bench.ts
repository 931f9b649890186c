// Chart pipeline cost for a big result: 1,000,000 lognormal latencies (plus rare stalls).
// Run: node --import tsx bench/chart-bench.ts
import { lognormalMs } from '../test/support/lognormal';
import { latencyCharts, renderSvg } from '../src/charts';
import { sortedCopy, summarizeSorted } from '../src/stats';

const N = 1_000_000;

const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;

async function main() {
  const samples = lognormalMs(N, { mu: 0, sigma: 0.6, stallShare: 1e-4 }); // median 1 ms, 0.01% stalls

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
