// The probe's once-a-second progress line on its own thread: the cost of one update after N
// requests, recounting everything (the old way: copy and sort every latency) against the
// incremental tracker (ProbeProgress). `node --import tsx bench/progress-bench.ts`
import { ProbeProgress } from '../src/cells/probe/progress';
import type { RequestRecord } from '../src/probe/record';
import { RecordStore } from '../src/probe/record-store';
import { percentileOfSorted, sortedCopy } from '../src/stats';

function recountAll(records: readonly RequestRecord[]): number {
  const lat: number[] = [];
  for (const r of records) if (!r.warmup && r.tEnd !== undefined && r.ok) lat.push(r.tEnd - r.tIntended);
  const sorted = sortedCopy(lat);
  return percentileOfSorted(sorted, 99);
}

console.log('## One progress update on the probe thread at 20,000 requests/s (the update covers the last second)');
const records: RequestRecord[] = [];
const store = new RecordStore();
const progress = new ProbeProgress(50);
let seq = 0;
const addSecond = () => {
  for (let i = 0; i < 20_000; i++, seq++) {
    const t = seq * 0.05;
    const r: RequestRecord = { seq, conn: 0, path: 'raw', warmup: false, tIntended: t, tStart: t, tEnd: t + 0.03 + ((seq * 7919) % 1000) / 10_000, ok: true, inflight: 0 };
    records.push(r);
    store.add(r);
    store.end(r);
  }
};
for (const seconds of [5, 30, 60]) {
  while (records.length < (seconds - 1) * 20_000) addSecond();
  progress.update(store);
  addSecond();
  let t0 = performance.now();
  recountAll(records);
  const all = performance.now() - t0;
  t0 = performance.now();
  progress.update(store);
  const inc = performance.now() - t0;
  console.log(`at ${seconds} s (${records.length.toLocaleString('en-US')} requests): recount and sort ${all.toFixed(1)} ms, incremental ${inc.toFixed(2)} ms (${(all / inc).toFixed(0)}×)`);
}
