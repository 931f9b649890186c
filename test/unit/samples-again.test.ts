import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, omittedSampleCount, rerunRequest, samplesFromRerun } from '../../src/runner/samples-again';
import { runCell } from '../../src/runner/run-cell';
import type { RunRequest, RunResult } from '../../src/runner/types';

const SOURCE = 'preset: vcpu-contention\nrequests: ${n}\nseed: 7\nstallThresholdMs: 20';
const PARAMS = { n: '2000' };
const run = (req: RunRequest, signal = new AbortController().signal) => runCell(req, { signal });

/** The stored result as the editor reads it back from the file: plain JSON, samples left out. */
async function storedResult(): Promise<Record<string, unknown>> {
  const r = await run({ language: 'xenlat-sim', source: SOURCE, notebookDir: '.', cellId: 'sim1', parameters: PARAMS });
  assert.ok(r.ok && r.result);
  return JSON.parse(JSON.stringify(r.result)) as Record<string, unknown>;
}

const cell = (source = SOURCE) => ({ id: 'sim1', language: 'xenlat-sim', source });

test('samples again: a re-run of the unchanged cell gives the stored result, so its samples are used', async () => {
  const stored = await storedResult();
  assert.equal(stored.samples, undefined, 'a simulation result stores no samples');
  assert.equal(omittedSampleCount(stored), 2000);
  // The re-run uses the parameter values the result records, not whatever is set now.
  const req = rerunRequest(cell(), stored, '.', { parameters: { n: '5' } });
  assert.deepEqual(req.parameters, PARAMS);
  assert.equal(req.keepSamples, true);
  const again = samplesFromRerun(stored, await run(req));
  assert.ok(again.ok, again.ok ? '' : again.message);
  assert.equal(again.samples.length, 2000);
  assert.equal(Math.max(...again.samples), (stored.summary as { maxMs: number }).maxMs);
});

test('samples again: a stored result whose keys come in another order still matches', async () => {
  const stored = await storedResult();
  const summary = stored.summary as Record<string, unknown>;
  const reordered = { ...stored, summary: Object.fromEntries(Object.entries(summary).reverse()) };
  assert.notEqual(JSON.stringify(reordered.summary), JSON.stringify(summary));
  const again = samplesFromRerun(reordered, await run(rerunRequest(cell(), reordered, '.')));
  assert.ok(again.ok);
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
});

test('samples again: a cell edited after its result ran is stale, and says so', async () => {
  const stored = await storedResult();
  const edited = cell(SOURCE.replace('seed: 7', 'seed: 8'));
  const again = samplesFromRerun(stored, await run(rerunRequest(edited, stored, '.')));
  assert.ok(!again.ok && again.why === 'stale', JSON.stringify(again));
  assert.match(again.message, /stale: the cell was changed after it ran/);
});

test('samples again: a result another Xenlat made (other summary, same spec) is stale and names both versions', async () => {
  const stored = await storedResult();
  const summary = stored.summary as { maxMs: number };
  const older = { ...stored, summary: { ...summary, maxMs: summary.maxMs + 1 }, provenance: { ...(stored.provenance as object), version: '0.0.9' } };
  const again = samplesFromRerun(older, await run(rerunRequest(cell(), older, '.')));
  assert.ok(!again.ok && again.why === 'stale', JSON.stringify(again));
  assert.match(again.message, /another result \(Xenlat 0\.0\.9 made it; this is \d/);
  // Same summary but another sample count: not the stored result either.
  const miscounted = { ...stored, samplesOmitted: { count: 1999 } };
  const counted = samplesFromRerun(miscounted, await run(rerunRequest(cell(), miscounted, '.')));
  assert.ok(!counted.ok && counted.why === 'stale');
});

test('samples again: a failed or cancelled re-run gives no samples', async () => {
  const stored = await storedResult();
  const failed = samplesFromRerun(stored, await run(rerunRequest(cell('preset: no-such-preset\nseed: 7'), stored, '.')));
  assert.ok(!failed.ok && failed.why === 'failed', JSON.stringify(failed));
  assert.match(failed.message, /failed: [^]*no-such-preset/);
  const abort = new AbortController();
  abort.abort();
  const cancelled = samplesFromRerun(stored, await run(rerunRequest(cell(), stored, '.'), abort.signal));
  assert.ok(!cancelled.ok && cancelled.why === 'cancelled');
  const noSamples: RunResult = { ok: true, cancelled: false, outputs: [], result: { summary: stored.summary }, startTime: 0, endTime: 0 };
  assert.equal(samplesFromRerun(stored, noSamples).ok, false);
});
