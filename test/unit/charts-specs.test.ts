import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyCharts, findUrlReferences, latencyHistogramSpec, latencyCdfSpec } from '../../src/charts';
import { sortedCopy, summarizeSorted, logHistogram, downsampleCdf } from '../../src/stats';

function lognormal(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - Math.random();
    const v = Math.random();
    a[i] = Math.exp(0.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    if (i % 10_000 === 0) a[i] = 150 + Math.random() * 500;
  }
  return a;
}

const sorted = sortedCopy(lognormal(1_000_000));
const summary = summarizeSorted(sorted, 100);
const charts = latencyCharts({ sortedMs: sorted, summary, title: 'big' });

test('a 1,000,000-sample chart pair has small inline-only specs', () => {
  assert.deepEqual(charts.map((c) => c.id), ['histogram', 'cdf']);
  for (const c of charts) {
    const json = JSON.stringify(c.spec);
    assert.ok(json.length < 50_000, `${c.id} spec is ${json.length} bytes`);
    assert.deepEqual(findUrlReferences(c.spec), []);
    assert.ok(!/"url"\s*:/.test(json));
    assert.ok(Array.isArray((c.spec.data as { values: unknown[] }).values));
  }
});

test('specs compile with vega-lite without warnings', async () => {
  // vega-lite is ESM-only; a dynamic import keeps this CommonJS-transpiled test loadable.
  const vegaLite = await import('vega-lite');
  for (const c of charts) {
    const warnings: string[] = [];
    const logger = {
      level: () => logger,
      info: () => logger,
      debug: () => logger,
      warn: (...m: unknown[]) => (warnings.push(m.join(' ')), logger),
      error: (...m: unknown[]) => {
        throw new Error(m.join(' '));
      },
    };
    const out = vegaLite.compile({ ...(c.spec as object), width: 600 } as never, { logger: logger as never });
    assert.ok(out.spec);
    assert.deepEqual(warnings, [], c.id);
  }
});

test('no hard-coded colours: the theme decides', () => {
  for (const c of charts) assert.ok(!/"(color|fill|stroke)"\s*:\s*"#/.test(JSON.stringify(c.spec)), c.id);
});

test('stall threshold is drawn as a rule on both charts', () => {
  for (const c of charts) {
    const layers = c.spec.layer as { mark: { type: string }; data?: { values: { thresholdMs?: number }[] } }[];
    const rule = layers.find((l) => l.mark.type === 'rule');
    assert.equal(rule?.data?.values[0].thresholdMs, 100, c.id);
  }
  // No threshold, no rule.
  const h = latencyHistogramSpec(logHistogram([1, 2, 3]), {});
  assert.ok(!(h.layer as { mark: { type: string } }[]).some((l) => l.mark.type === 'rule'));
});

test('CDF spec keeps the slowest sample and the percentile marks', () => {
  const cdf = latencyCdfSpec(downsampleCdf(sorted), { percentilesMs: summary.percentilesMs });
  const values = (cdf.data as { values: { ms: number; above: number }[] }).values;
  assert.ok(values.length <= 400);
  assert.equal(values.at(-1)!.ms, Number(summary.maxMs.toPrecision(5)));
  const json = JSON.stringify(cdf);
  for (const p of ['p50', 'p99', 'p99.99']) assert.ok(json.includes(`"${p} `), p);
});
