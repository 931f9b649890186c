import { sortedCopy, summarizeSorted } from '../src/stats';
import { latencyCharts, renderSvg } from '../src/charts';
import { writeFileSync } from 'node:fs';
const n = 1_000_000; const a = new Float64Array(n);
for (let i = 0; i < n; i++) { const u = Math.random(), v = Math.random(); a[i] = Math.exp(0 + 0.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)); if (i % 5000 === 0) a[i] = 150 + Math.random()*300; }
let t = performance.now();
const s = sortedCopy(a); const sum = summarizeSorted(s, 100);
console.log('sum', performance.now() - t, sum);
t = performance.now();
const charts = latencyCharts({ sortedMs: s, summary: sum, title: 'demo' });
console.log('spec', performance.now() - t, charts.map(c => JSON.stringify(c.spec).length));
(async () => { for (const c of charts) { t = performance.now(); const svg = await renderSvg(c.spec); console.log('svg', performance.now() - t, svg.length); writeFileSync(`/tmp/vt/${c.id}.svg`, svg); } })();
