// The end-of-run analysis of a long probe run: its time and the memory it adds on top of the
// run's columns, against what holding every request as an object would take (the analysis read
// them that way until 2026-11-29). Each case runs in a child process of its own, so the peak
// RSS it reports is its own. `node --import tsx bench/analyze-bench.ts`
import { spawnSync } from 'node:child_process';
import { analyze } from '../src/cells/probe/analyze';
import type { RequestRecord } from '../src/probe/record';
import { RecordStore } from '../src/probe/record-store';

const N = 1_000_000;

/** 1M requests 0.5 ms apart; 0.1% of them 100 ms late at the first byte. */
function fill(): RecordStore {
  const store = new RecordStore();
  let x = 1;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < N; i++) {
    const t = i * 0.5;
    const lat = 0.2 + rnd() * 0.3 + (rnd() < 0.001 ? 100 : 0);
    const r: RequestRecord = { seq: i, conn: i % 8, path: 'raw', warmup: false, tIntended: t, tStart: t + 0.01, tWriteCall: t + 0.02, tWritten: t + 0.03, tFirstByte: t + lat - 0.01, tEnd: t + lat, ok: true, inflight: 3 };
    store.add(r);
    store.end(r);
  }
  return store;
}

function child(kind: string, thresholdMs: number): void {
  const store = fill();
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  let stalls = 0;
  if (kind === 'objects') {
    const all = Array.from({ length: store.length }, (_, row) => store.get(row));
    stalls = all.length;
  } else {
    const a = analyze({ config: { stallThresholdMs: thresholdMs, pauseThresholdMs: 1 } as never, records: store, pauses: [], maxHeartbeatGapMs: 0, signals: [], sampleIntervalMs: 100, hostSignals: false, wallAtEpoch: 0, t0: 0, tEnd: N * 0.5, cancelled: false });
    stalls = a.summary.stalls.count;
  }
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, addedPerRequest: (peak - before) / N, stalls }));
}

if (process.env.ANALYZE_CASE) {
  const [kind, th] = process.env.ANALYZE_CASE.split(':');
  child(kind, Number(th));
} else {
  const run = (c: string) => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename], { env: { ...process.env, ANALYZE_CASE: c }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; addedPerRequest: number; stalls: number };
  };
  console.log(`## End-of-run analysis of ${N.toLocaleString('en')} requests (peak RSS added over the run's columns)`);
  const objects = run('objects:0');
  console.log(`reference: every request as an object   ${objects.ms.toFixed(0).padStart(6)} ms  ${objects.addedPerRequest.toFixed(0).padStart(5)} B/request`);
  for (const [label, th] of [['0.1% stalls (threshold 20 ms)', 20], ['66% stalls (threshold 0.3 ms)', 0.3]] as const) {
    const a = run(`analyze:${th}`);
    console.log(`analysis, ${label.padEnd(30)} ${a.ms.toFixed(0).padStart(6)} ms  ${a.addedPerRequest.toFixed(0).padStart(5)} B/request  (${a.stalls} stalls; ${(a.addedPerRequest / objects.addedPerRequest).toFixed(2)}× the objects)`);
  }
}
