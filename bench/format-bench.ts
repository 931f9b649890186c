// Size and speed of a notebook holding 1,000,000 latency samples, against plain JSON numbers.
// Run: node --import tsx bench/format-bench.ts
import { lognormalMs } from '../test/support/lognormal';
import { MIME_RESULT, emptyNotebook, parseNotebook, serializeNotebook, type NotebookFile } from '../src/format/index';

const N = 1_000_000;
const RUNS = 5;


function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T): { ms: number[]; last: T } {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = fn();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

const samples = lognormalMs(N, { decimals: 3 });
const nb: NotebookFile = emptyNotebook();
nb.cells.push({
  id: 'bench',
  kind: 'code',
  language: 'xenlat-data',
  source: 'file: latencies.csv\nunit: ms',
  outputs: [{ items: [{ mime: MIME_RESULT, value: { kind: 'xenlat-data', samples } }] }],
});

const save = time(() => serializeNotebook(nb));
const text = save.last;
const load = time(() => parseNotebook(text, 'bench.xenlat'));
const loadKeep = time(() => parseNotebook(text, 'bench.xenlat', { decodeSamples: false }));
const loaded = (load.last.cells[0].outputs[0].items[0].value as { samples: Float64Array }).samples;
for (let i = 0; i < N; i++) {
  if (!Object.is(loaded[i], samples[i])) throw new Error(`sample ${i} changed: ${samples[i]} -> ${loaded[i]}`);
}

const fileBytes = Buffer.byteLength(text);
const plainJson = JSON.stringify(Array.from(samples));
const plainBytes = Buffer.byteLength(plainJson);
const plainSave = time(() => JSON.stringify(Array.from(samples)));
const plainLoad = time(() => JSON.parse(plainJson) as number[]);

const mb = (b: number) => (b / 1e6).toFixed(2);
const f = (ms: number) => ms.toFixed(0).padStart(5);
console.log(`format bench: ${N.toLocaleString('en-US')} lognormal latency samples (ms, 3 decimals), median of ${RUNS}`);
console.log(`  .xenlat file        ${mb(fileBytes)} MB   save ${f(median(save.ms))} ms   load ${f(median(load.ms))} ms (decoded), ${f(median(loadKeep.ms))} ms (kept encoded)`);
console.log(`  JSON number array   ${mb(plainBytes)} MB   save ${f(median(plainSave.ms))} ms   load ${f(median(plainLoad.ms))} ms`);
console.log(`  size ratio (.xenlat / JSON)  ${(fileBytes / plainBytes).toFixed(3)}   bytes per sample ${(fileBytes / N).toFixed(2)}`);
