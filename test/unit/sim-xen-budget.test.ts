// Runs that end and fit in memory (issue #12): specs that cannot finish within the documented
// budget are refused before they start, with why and what to change; an allowed run reports
// progress with the time left and can be cancelled, without changing its result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../src/sim/xen/config';
import { configFor } from '../../src/sim/xen/preset-config';
import { PRESETS } from '../../src/sim/xen/presets';
import { simulate } from '../../src/sim/xen/model';
import { simulateSliced, type RunProgress } from '../../src/sim/xen/run-sliced';
import { RUN_BUDGET, budgetIssues, estimateRun } from '../../src/sim/xen/run-budget';
import { checkSimSpec } from '../../src/cells/sim/check';
import { simCell } from '../../src/cells/sim';
import { tmpdir } from 'node:os';
import type { ProgressUpdate } from '../../src/cells/types';

test('run budget: a run that would take months of simulated ticks, never end, or need gigabytes is refused with why and what to change', () => {
  const slow = validateConfig(configFor('baseline', { ratePerSec: 0.001 }));
  assert.equal(slow.length, 1);
  assert.equal(slow[0].path, 'ratePerSec');
  assert.match(slow[0].message, /would not finish.*days of simulated time.*raise the rate/);
  const never = validateConfig(configFor('baseline', { warmupMs: 1e300 }));
  assert.equal(never[0].path, 'warmupMs');
  // 50 M requests fit in memory now that nothing but the exact summaries' values is kept per
  // request (26 B: 1.3 GB); they are refused for the work (25 events each: 1.25 G events).
  const huge = validateConfig(configFor('baseline', { requests: 50_000_000 }));
  assert.equal(huge.length, 1, JSON.stringify(huge));
  assert.equal(huge[0].path, 'requests');
  assert.match(huge[0].message, /would not finish.*50.0 M requests of about 25 events each: lower requests/);
  assert.ok(estimateRun(configFor('baseline', { requests: 50_000_000 })).bytes <= RUN_BUDGET.bytes);
  // Beyond the memory budget: with every request's table kept, or 100 M requests.
  const kept = budgetIssues(configFor('baseline', { requests: 50_000_000 }), { keepRequests: true });
  assert.ok(kept.some((i) => i.path === 'requests' && /memory \(156 B per request.*at most 9\.62 M requests/.test(i.message)), JSON.stringify(kept));
  // (100 M is beyond the range of `requests` too; the budget is checked on its own here.)
  const tooMany = budgetIssues({ ...configFor('baseline', { ratePerSec: 50_000 }), requests: 100_000_000 });
  assert.ok(tooMany.some((i) => i.path === 'requests' && /memory \(26 B per request.*at most 57\.7 M requests/.test(i.message)), JSON.stringify(tooMany));
  // The connect summary keeps each connect's latency: counted per connect (24 B), not up front.
  const connecting = budgetIssues({ ...configFor('baseline', { ratePerSec: 50_000, tcp: { newConnectionFraction: 1 } }), requests: 100_000_000 });
  assert.ok(connecting.some((i) => i.path === 'requests' && /memory \(50 B per request.*at most 30\.0 M requests/.test(i.message)), JSON.stringify(connecting));
  assert.equal(estimateRun(configFor('baseline', { tcp: { newConnectionFraction: 0.5 } })).bytes, configFor('baseline').requests * (26 + 12));
  // Every preset, and ten times its requests, fits.
  for (const p of Object.keys(PRESETS)) {
    const c = configFor(p);
    assert.deepEqual(validateConfig(configFor(p, { requests: c.requests * 10 })), [], p);
  }
  // The estimate is an upper bound of the work actually done.
  const c = configFor('black-0.1s', { requests: 5000 });
  assert.ok(estimateRun(c).events >= simulate(c, 1).stats.events);
  assert.ok(RUN_BUDGET.events > 0 && RUN_BUDGET.bytes > 0);
});

test('run budget: the sim cell reports a refused run as a diagnostic on the key to change, before running', () => {
  const r = checkSimSpec('preset: baseline\nrate: 0.001/s\n');
  assert.equal(r.ok, false);
  const d = r.diagnostics.find((x) => x.severity === 'error' && /would not finish/.test(x.message));
  assert.ok(d, JSON.stringify(r.diagnostics));
  // On the line that sets the rate (written as `rate`, the alias of ratePerSec).
  assert.equal(d.path, 'rate');
  assert.equal(d.range.startLine, 1);
});

test('run budget: a sweep whose combinations each fit but together would run for hours is refused on the sweep key', () => {
  // 25 combinations of 4 M requests: each ≈ 110 M events (fits the 600 M run budget), together ≈ 2.8 G.
  const big = checkSimSpec('preset: black-0.1s\nrequests: 4000000\nsweep:\n  neighbours.cpuBound: [0, 1, 2, 3, 4]\n  xen.version: [\'3.4\', \'4.0\', \'4.1\', \'4.2\', \'4.4\']\n');
  const d = big.diagnostics.find((x) => x.path === 'sweep');
  assert.ok(d && /sweep budget/.test(d.message), JSON.stringify(big.diagnostics));
  const small = checkSimSpec('preset: black-0.1s\nrequests: 20000\nsweep:\n  neighbours.cpuBound: [0, 1, 2, 3, 4]\n  xen.version: [\'3.4\', \'4.2\']\n');
  assert.equal(small.ok, true, JSON.stringify(small.diagnostics));
});

test('a run in slices gives the same result as simulate(), reports progress with the time left, and stops when cancelled', async () => {
  const c = configFor('black-0.1s', { requests: 20_000 });
  const whole = simulate(c, 5);
  const seen: RunProgress[] = [];
  const sliced = await simulateSliced(c, 5, { onProgress: (p) => seen.push(p), reportEveryMs: 0, sliceMs: 5 });
  assert.deepEqual(Array.from(sliced.requests.latencyUs!), Array.from(whole.requests.latencyUs!));
  assert.deepEqual(sliced.counters, whole.counters);
  assert.ok(seen.length >= 3, `${seen.length} progress reports`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].fraction >= seen[i - 1].fraction);
  assert.equal(seen.at(-1)!.fraction, 1);
  assert.ok(seen.some((p) => p.fraction < 1 && Number.isFinite(p.secondsLeft) && p.secondsLeft > 0));
  const ac = new AbortController();
  const t0 = performance.now();
  await assert.rejects(
    simulateSliced(configFor('black-0.1s'), 1, { signal: ac.signal, sliceMs: 5, reportEveryMs: 0, onProgress: (p) => p.fraction > 0.05 && ac.abort() }),
    (e: Error) => e.name === 'AbortError',
  );
  assert.ok(performance.now() - t0 < 2000, 'cancel took too long');
});

test('a sim cell reports the requests done and the time left while it runs, and a cancel stops it', async () => {
  const updates: ProgressUpdate[] = [];
  const ac = new AbortController();
  const ctx = { notebookDir: tmpdir(), signal: ac.signal, progress: (u: ProgressUpdate) => {
    updates.push(u);
    if (/left/.test(u.message) && (u.fraction ?? 0) > 0.2) ac.abort();
  } };
  await assert.rejects(simCell.run('preset: black-0.1s\nrequests: 400000\n', ctx), (e: Error) => e.name === 'AbortError');
  const mid = updates.filter((u) => /done, about .* left/.test(u.message));
  assert.ok(mid.length >= 1, JSON.stringify(updates));
  assert.ok(mid.every((u) => u.fraction! > 0 && u.fraction! < 1));
});
