// Memory grows with what a run keeps, not with `requests` (issue #12): the model keeps only the
// requests in flight; a consumer that keeps nothing per request stays flat from 200 k to 2 M
// requests; the sim cell's analysis keeps what its exact summaries need (BYTES_PER_REQUEST); a
// consumer that asks for every request's instants (TableSink) pays for its table. The probe:
// the largest ArrayBuffer memory seen while the run goes (every per-request column is a typed
// array), sampled every 20,000 completed requests.
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { simulateInto } from '../../src/sim/xen/model';
import { configFor } from '../../src/sim/xen/preset-config';
import type { RequestSink } from '../../src/sim/xen/request-slots';
import { BYTES_PER_REQUEST, estimateRun } from '../../src/sim/xen/run-budget';
import type { RequestRows } from '../../src/sim/xen/run-types';
import { TableSink, TABLE_BYTES_PER_REQUEST } from '../../src/sim/xen/table-sink';
import { RunAnalyzer } from '../../src/cells/sim/analyze';
import { SlowestKeeper } from '../../src/cells/sim/requests';
import { SymptomCounter } from '../../src/cells/sim/symptoms';

const arrayBytes = () => process.memoryUsage().arrayBuffers;
// A collection before each run, so one run's garbage is not counted, or freed, in the next.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Passes requests on to `inner` and records the most ArrayBuffer bytes seen meanwhile. */
class Probe implements RequestSink {
  peak = 0;
  constructor(private readonly inner: RequestSink) {}
  complete(rows: RequestRows, s: number, r: number): void {
    this.inner.complete(rows, s, r);
    if (r % 20_000 === 0) this.peak = Math.max(this.peak, arrayBytes());
  }
}

/** ArrayBuffer bytes a run of `requests` of baseline adds at its peak (and after `finish`). */
async function peakBytes(requests: number, make: (c: ReturnType<typeof configFor>) => RequestSink & { finish?(): unknown }): Promise<{ bytes: number; slots: number }> {
  const c = configFor('baseline', { requests, ratePerSec: 10_000 });
  // Array buffers of collected objects are freed by a sweeper after the collection: give it time.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const before = arrayBytes();
  const sink = make(c);
  const probe = new Probe(sink);
  const run = simulateInto(c, 1, probe);
  sink.finish?.();
  probe.peak = Math.max(probe.peak, arrayBytes());
  return { bytes: probe.peak - before, slots: run.slotsUsed };
}

/** A consumer that keeps nothing per request: the slowest 20 and the symptom counts. */
function nothingKept(): RequestSink {
  const slowest = new SlowestKeeper(20);
  const symptoms = new SymptomCounter();
  return { complete: (rows, s, r) => (slowest.complete(rows, s, r), symptoms.complete(rows, s)) };
}

test('memory: a run that keeps nothing per request stays flat from 200 k to 2 M requests', async () => {
  const small = await peakBytes(200_000, nothingKept);
  const large = await peakBytes(2_000_000, nothingKept);
  const perRequest = (large.bytes - small.bytes) / 1_800_000;
  console.log(`nothing kept: 200 k ${(small.bytes / 1e6).toFixed(2)} MB, 2 M ${(large.bytes / 1e6).toFixed(2)} MB (${perRequest.toFixed(2)} B/request), ring ${small.slots} / ${large.slots} slots`);
  // Before the ring of slots the model alone held 176 B per request (352 MB at 2 M).
  assert.ok(large.bytes - small.bytes < 4e6, `grew by ${((large.bytes - small.bytes) / 1e6).toFixed(1)} MB (${perRequest.toFixed(2)} B/request)`);
  assert.ok(large.slots <= 4096, `the ring grew to ${large.slots} slots`);
});

test('memory: the cell analysis keeps about BYTES_PER_REQUEST, a kept table TABLE_BYTES_PER_REQUEST more', async () => {
  const analyzed = (n: number) => peakBytes(n, (c) => {
    const a = new RunAnalyzer(c.requests, c.stallThresholdMs, 20);
    return Object.assign(a, { finish: () => a.analysis() });
  });
  const small = await analyzed(200_000);
  const large = await analyzed(2_000_000);
  const perRequest = (large.bytes - small.bytes) / 1_800_000;
  console.log(`cell analysis: 200 k ${(small.bytes / 1e6).toFixed(1)} MB, 2 M ${(large.bytes / 1e6).toFixed(1)} MB (${perRequest.toFixed(1)} B/request)`);
  assert.ok(perRequest > 16 && perRequest <= BYTES_PER_REQUEST + 2, `${perRequest.toFixed(1)} B/request (budget counts ${BYTES_PER_REQUEST})`);
  // The probe sees a table when one is kept (the model before the ring kept one for every run).
  const table = (n: number) => peakBytes(n, (c) => new TableSink(c.requests, false));
  const t = ((await table(400_000)).bytes - (await table(100_000)).bytes) / 300_000;
  console.log(`kept table: ${t.toFixed(1)} B/request`);
  // No request connects in baseline: its table has no connect column (8 B).
  assert.ok(t >= TABLE_BYTES_PER_REQUEST - 8 - 2 && t <= TABLE_BYTES_PER_REQUEST + 2, `table: ${t.toFixed(1)} B/request`);
  assert.equal(estimateRun(configFor('baseline', { requests: 1000 }), { keepRequests: true }).bytes, 1000 * (BYTES_PER_REQUEST + TABLE_BYTES_PER_REQUEST));
});
