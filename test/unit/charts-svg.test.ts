import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyCharts, renderSvg, LATENCY_AXIS_TITLE } from '../../src/charts';
import { sortedCopy, summarizeSorted } from '../../src/stats';

const sorted = sortedCopy([0.4, 0.9, 1.1, 1.3, 2, 2.5, 4, 8, 30, 250]);
const charts = latencyCharts({ sortedMs: sorted, summary: summarizeSorted(sorted, 100), title: 'svg test' });

test('renderSvg returns an SVG with the axis title, in plain Node', async () => {
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 50));
    assert.ok(svg.includes(LATENCY_AXIS_TITLE), c.id);
    assert.ok(svg.includes('svg test'), c.id);
    assert.match(svg, /width="\d+"/);
  }
});

test('renderSvg refuses specs that load external data', async () => {
  const spec = { ...charts[0].spec, data: { url: 'https://example.com/x.json' } };
  await assert.rejects(renderSvg(spec), /external data/);
  const nested = { ...charts[0].spec, layer: [{ data: { url: 'file:///etc/passwd' }, mark: 'point' }] };
  await assert.rejects(renderSvg(nested), /external data/);
});
