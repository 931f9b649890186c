import { startMemcached } from '../test/support/memcached';
import { runProbe } from '../src/probe/run';
import { analyze } from '../src/probe/analyze';
const mc = await startMemcached();
import { execSync } from 'node:child_process';
if (process.env.PIN) { execSync('taskset -a -p -c 1 ' + (mc as any).proc.pid); execSync('taskset -a -p -c 0 ' + process.pid); }
const signal = new AbortController().signal;
for (const [rate, conns] of [[5000, 16], [5000, 4], [10000, 4], [20000, 8]] as const) {
  const data = await runProbe({ target: { host: '127.0.0.1', port: mc.port }, protocol: 'memcached', op: 'get', key: 'k', valueSize: 100, requests: 1e9, durationMs: 2000, arrival: 'constant', mode: 'open', rate, connections: conns, warmup: { ms: 300 }, timeoutMs: 1000, stallThresholdMs: 50, pauseThresholdMs: 5, client: 'raw', hostSignals: false, sampleIntervalMs: 200, seed: 1 } as any, { signal });
  const a = analyze(data);
  const lags = (data as any).records.filter((r: any) => !r.warmup).map((r: any) => r.tStart - r.tIntended).sort((x: number, y: number) => x - y);
  const q = (p: number) => lags[Math.floor(p * (lags.length - 1))].toFixed(3);
  console.log(rate, conns, 'late%', (a.sendLag.lateShare * 100).toFixed(2), 'lag p50/p90/p99/max', q(0.5), q(0.9), q(0.99), q(1), 'pauses', (a as any).clientPauses?.count ?? JSON.stringify((a as any).clientPauses).slice(0, 120));
}
await mc.stop();
