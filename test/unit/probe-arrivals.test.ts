// Open-loop schedules: constant spacing, or Poisson arrivals reproducible from the seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { runProbeCell, type ProbeResult } from '../../src/cells/probe';

async function schedule(spec: string): Promise<{ gaps: number[]; result: ProbeResult }> {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const intended = new Map<number, number>();
  try {
    const out = await runProbeCell(
      `target: 127.0.0.1:${port}\nprotocol: tcp-connect\nconnections: 8\nrate: 500/s\nrequests: 400\nwarmup: 0\nhostSignals: false\n${spec}`,
      { notebookDir: '.', signal: new AbortController().signal, progress: () => {} },
      { afterSend: (rec) => intended.set(rec.seq, rec.tIntended) },
    );
    const t = [...intended].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    return { gaps: t.slice(1).map((x, i) => x - t[i]), result: out.result as ProbeResult };
  } finally {
    server.close();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cv = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2))) / mean(xs);

test('constant arrivals are evenly spaced at 1/rate', { timeout: 20_000 }, async () => {
  const { gaps } = await schedule('arrival: constant\n');
  assert.equal(gaps.length, 399);
  assert.ok(gaps.every((g) => Math.abs(g - 2) < 1e-6), `gaps ${gaps.slice(0, 5)}`);
});

test('Poisson arrivals have exponential gaps (mean 1/rate, CV ≈ 1) and the same seed gives the same schedule', { timeout: 20_000 }, async () => {
  const a = await schedule('arrival: poisson\nseed: 42\n');
  assert.ok(Math.abs(mean(a.gaps) - 2) < 0.3, `mean gap ${mean(a.gaps)}`);
  assert.ok(cv(a.gaps) > 0.8 && cv(a.gaps) < 1.2, `CV ${cv(a.gaps)}`);
  const b = await schedule('arrival: poisson\nseed: 42\n');
  // Intended times are t0 + the cumulative gaps on the run clock, so they agree up to rounding.
  const maxDiff = (x: number[], y: number[]) => Math.max(...x.map((v, i) => Math.abs(v - y[i])));
  assert.equal(b.gaps.length, a.gaps.length);
  assert.ok(maxDiff(a.gaps, b.gaps) < 1e-9, `same seed, gaps differ by ${maxDiff(a.gaps, b.gaps)} ms`);
  assert.equal(b.result.run.seed, 42);
  const c = await schedule('arrival: poisson\nseed: 43\n');
  assert.ok(maxDiff(a.gaps, c.gaps) > 0.1, 'another seed, another schedule');
});
