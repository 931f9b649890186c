import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runConfigs, runSweep } from '../../src/sim/sweep/sweep';
import { applyValues, combinations, runPoint } from '../../src/sim/sweep/sweep-point';
import { configFor } from '../../src/sim/xen/preset-config';

// Workers cannot load .ts: bundle the worker entry the way esbuild.mjs does for dist/sim-worker.js.
const dir = mkdtempSync(join(tmpdir(), 'xenlat-sweep-'));
const workerScript = join(dir, 'sim-worker.js');
const built = esbuild.build({ entryPoints: ['src/sim/sweep/sweep-worker.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: workerScript, logLevel: 'warning' });
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const base = configFor('vcpu-contention', { requests: 4000 });
const axes = [
  { path: 'neighbours.cpuBound', values: [0, 1, 2, 3] },
  { path: 'scheduler.debit', values: ['tick', 'exact'] },
];

test('combinations: first axis slowest, every pair once', () => {
  const c = combinations(axes);
  assert.equal(c.length, 8);
  assert.deepEqual(c[0], { 'neighbours.cpuBound': 0, 'scheduler.debit': 'tick' });
  assert.deepEqual(c[1], { 'neighbours.cpuBound': 0, 'scheduler.debit': 'exact' });
  assert.throws(() => applyValues(base, { 'scheduler.tslice': 1 }), /unknown config key 'scheduler\.tslice'/);
});

test('sweep over 2 worker threads equals running each combination in-process', async () => {
  await built;
  const progress: number[] = [];
  const points = await runSweep(base, axes, 11, { workers: 2, workerScript, onProgress: (d) => progress.push(d) });
  assert.equal(points.length, 8);
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8]);
  combinations(axes).forEach((values, i) => {
    const local = runPoint(applyValues(base, values), 11, i, values);
    assert.deepEqual(points[i].values, values);
    assert.equal(JSON.stringify(points[i].summary), JSON.stringify(local.summary));
    assert.equal(points[i].events, local.events);
  });
  // The k = 3, tick-debit point stalls; k = 0 does not.
  assert.equal(points[0].summary.stalls.count, 0);
  assert.ok(points[6].summary.percentilesMs['99.9'] > points[0].summary.percentilesMs['99.9']);
});

test('sweep rejects invalid combinations before starting and can be cancelled', async () => {
  await built;
  await assert.rejects(runSweep(base, [{ path: 'pcpus', values: [0] }], 1, { workerScript }), /pcpus/);
  const ac = new AbortController();
  const p = runSweep(configFor('baseline', { requests: 200_000 }), [{ path: 'ratePerSec', values: [100, 200, 300] }], 1, { workers: 1, workerScript, signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(p, /cancelled/);
});

test('runConfigs runs a list of different presets and can send the latencies back (transferred, equal to in-process)', async () => {
  await built;
  const items = [
    { config: configFor('loss-rto', { requests: 3000 }), values: { preset: 'loss-rto' } },
    { config: configFor('nagle-delayed-ack', { requests: 2000 }), values: { preset: 'nagle-delayed-ack' } },
  ];
  const points = await runConfigs(items, 5, { workers: 2, workerScript, keepLatencies: true });
  assert.deepEqual(points.map((p) => p.values), items.map((i) => i.values));
  items.forEach((it, i) => {
    const local = runPoint(it.config, 5, i, it.values, true);
    assert.equal(points[i].latenciesMs?.length, it.config.requests);
    assert.deepEqual(Array.from(points[i].latenciesMs!), Array.from(local.latenciesMs!));
  });
  const plain = await runConfigs(items.slice(0, 1), 5, { workers: 1, workerScript });
  assert.equal(plain[0].latenciesMs, undefined);
  assert.deepEqual(await runConfigs([], 5, { workerScript }), []);
});
