// Trace export of 1,000,000 events: time and bytes per event (budget: <= 5 s, <= 100 B/event).
// A simulation-shaped result: 30,000 requests (each a slice, 11 stages, 2 instants = 26 events)
// and 220,000 vCPU intervals on 4 vCPUs, as the timeline chart stores them.
// Run: node --import tsx bench/trace-bench.ts
import { MIME_CHART, MIME_RESULT, emptyNotebook } from '../src/format/index';
import { exportTrace } from '../src/export/trace';
import { INSTANTS } from '../src/sim/xen/run-types';

const REQUESTS = 30_000;
const INTERVALS = 220_000;
const RUNS = 3;

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const slowest = [];
for (let i = 0; i < REQUESTS; i++) {
  const instantsMs: Record<string, number> = {};
  let t = 0;
  for (const name of INSTANTS) {
    instantsMs[name] = Math.round(t * 1000) / 1000;
    t += 0.001 + rnd() * (rnd() < 0.01 ? 30 : 0.5);
  }
  slowest.push({ index: i, latencyMs: instantsMs.appRead, arriveUs: Math.round(i * 5000 + rnd() * 1000), instantsMs, cause: 'guest-vcpu-wait' });
}
const rows = [];
const vcpus = ['guest.0', 'dom0.0', 'neighbour.0', 'neighbour.1'];
const perVcpu = INTERVALS / vcpus.length;
const spanMs = (REQUESTS * 5) / perVcpu;
for (const vcpu of vcpus) {
  for (let k = 0; k < perVcpu; k++) {
    const from = k * spanMs;
    rows.push({ req: 0, vcpu, state: k % 2 ? 'wait' : 'run', pcpu: k % 2, from: Math.round(from * 1000) / 1000, to: Math.round((from + spanMs * 0.9) * 1000) / 1000 });
  }
}
const nb = emptyNotebook();
nb.cells.push({
  id: 'bench',
  kind: 'code',
  language: 'xenlat-sim',
  source: 'preset: black-0.1s',
  outputs: [
    { items: [{ mime: MIME_RESULT, value: { kind: 'xenlat-sim', summary: {}, slowest } }] },
    { items: [{ mime: MIME_CHART, value: { title: 'timeline', spec: { vconcat: [{ layer: [{ data: { values: rows } }] }] } } }], metadata: { xenlat: { role: 'chart', chart: 'timeline' } } },
  ],
});

const ms: number[] = [];
let last = exportTrace(nb);
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  last = exportTrace(nb);
  ms.push(performance.now() - t);
}
ms.sort((a, b) => a - b);
// Measured here, outside the timed export: the export itself never needs the size.
const bytes = last.chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
console.log(`trace export: ${last.events.toLocaleString('en-US')} events, ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / last.events).toFixed(1)} B/event, median ${(ms[Math.floor(RUNS / 2)]! / 1000).toFixed(2)} s (runs: ${ms.map((m) => (m / 1000).toFixed(2)).join(', ')} s)`);
