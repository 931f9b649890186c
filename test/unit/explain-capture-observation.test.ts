// A capture cell as the explain cell's observation (issue #14): its samples are wire latencies
// (first request byte -> last response byte at a capture point in the client guest), so each
// hypothesis is compared as that capture point would see it, not by its application latency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CAPTURE_VIEW_REASON } from '../../src/cells/explain/ranking';
import type { ExplainResult } from '../../src/cells/explain/result';
import { runCell } from '../../src/runner/run-cell';
import { granting } from '../support/preflight';
import { configFor } from '../../src/sim/xen/preset-config';
import { simulate } from '../../src/sim/xen/model';
import { captureViewLatenciesMs, latenciesMs } from '../../src/sim/xen/summary';
import { summarize } from '../../src/stats/summarize';
import type { CellResult } from '../../src/cells/types';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-explain-cap-'));

/** A stored result as a capture cell (side: client) or a data cell leaves it, holding these samples. */
function stored(samples: Float64Array, capture?: { side: 'client' | 'server' }): CellResult {
  return {
    kind: capture ? 'xenlat-capture' : 'xenlat-data',
    summary: summarize(samples, 10),
    samples,
    ...(capture ? { capture: { file: 'guest.pcap', format: 'pcap', side: capture.side, protocol: 'memcached', packets: 3 * samples.length } } : {}),
  } as CellResult;
}

async function ranking(result: CellResult): Promise<ExplainResult> {
  // Each hypothesis at its preset's own values (no fit grid): enough to rank, cheap to run.
  const source = 'observed: obs00001\nhypotheses:\n  - {preset: guest-pause, fit: {}}\n  - {preset: dom0-contention, fit: {}}\n  - {preset: server-pause, fit: {}}\nstallThresholdMs: 10\nrequests: 20000\nseed: 2\n';
  const out = await runCell({ language: 'xenlat-explain', source, notebookDir: dir }, granting({ cellResults: { obs00001: result } }));
  assert.equal(out.error, undefined, out.error?.message);
  return out.result as unknown as ExplainResult;
}

test('the sim seen from a capture in the client guest: a guest pause does not show there, dom0 contention does', () => {
  const at = (preset: string) => simulate(configFor(preset, { requests: 20_000 }), 1);
  const stalls = (x: Float64Array) => x.filter((v) => v > 10).length;
  const pause = at('guest-pause');
  assert.ok(stalls(latenciesMs(pause)) > 50, 'the application sees the pauses');
  assert.equal(stalls(captureViewLatenciesMs(pause)), 0, 'the capture does not: they are before the request left or after the response was captured');
  const dom0 = at('dom0-contention');
  assert.ok(stalls(captureViewLatenciesMs(dom0)) > 0.9 * stalls(latenciesMs(dom0)), 'dom0 delays the packets before the guest captures them');
});

test('a capture observation is compared at the capture point: stalls on the wire are not explained by a guest pause', { timeout: 10 * 60_000 }, async () => {
  // Stalls as a guest pause makes them, but seen on the wire: a capture in the guest showed the
  // response late, which a paused guest (whose stalls a capture does not see) cannot explain.
  const samples = latenciesMs(simulate(configFor('guest-pause', { requests: 20_000 }), 1));
  const first = (r: ExplainResult) => r.ranking.filter((e) => e.rank === 1).map((e) => e.hypothesis).sort();

  // The same numbers as application latency (a data cell): the guest pause is among the first.
  const asData = await ranking(stored(samples));
  assert.ok(first(asData).includes('guest-pause'), `as application latency: ${JSON.stringify(asData.ranking.map((e) => [e.rank, e.hypothesis, e.score]))}`);
  assert.ok(asData.ranking.every((e) => !e.reasons.includes(CAPTURE_VIEW_REASON)));

  const asCapture = await ranking(stored(samples, { side: 'client' }));
  const pause = asCapture.ranking.find((e) => e.hypothesis === 'guest-pause')!;
  assert.ok(!first(asCapture).includes('guest-pause'), `as a capture: ${JSON.stringify(asCapture.ranking.map((e) => [e.rank, e.hypothesis, e.score, e.verdict]))}`);
  assert.notEqual(pause.verdict, 'fits');
  assert.equal(pause.stallRate.simulated.stalls, 0, 'at the capture point the guest pause predicts no stall');
  assert.ok(asCapture.ranking.every((e) => e.reasons.includes(CAPTURE_VIEW_REASON)), 'every hypothesis says how it was compared');
  assert.equal(asCapture.signatures.seenAt, 'capture');
  assert.ok(first(asCapture).includes('dom0-contention'), `first: ${first(asCapture)}`);
});

test('a capture taken on the server side is refused as the observation, with the reason', async () => {
  const out = await runCell({ language: 'xenlat-explain', source: 'observed: obs00002\nhypotheses: [guest-pause]\nrequests: 1000\n', notebookDir: dir }, granting({ cellResults: { obs00002: stored(new Float64Array([1, 2, 3]), { side: 'server' }) } }));
  assert.match(out.error?.message ?? '', /observed: cell "obs00002" is a capture taken on the server side/);
});
