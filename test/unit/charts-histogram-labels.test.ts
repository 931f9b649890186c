import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyHistogramSpec } from '../../src/charts/histogram-spec';
import { renderSvg } from '../../src/charts/svg';

test('histogram count axis reads as plain numbers, not exponent notation', async () => {
  const svg = await renderSvg(latencyHistogramSpec([{ lo: 1, hi: 1.2, count: 100000 }, { lo: 100, hi: 120, count: 3 }], {}));
  assert.match(svg, />100,000</);
  assert.doesNotMatch(svg, />1e\+\d</);
});

test('stored SVGs keep two decimals in coordinates and leave label text alone', async () => {
  const { compactSvg } = await import('../../src/charts/svg');
  assert.equal(compactSvg('<path d="M1.23456,7.891011L2"/><text x="3.14159">p99 3.14159 ms</text>'), '<path d="M1.23,7.89L2"/><text x="3.14">p99 3.14159 ms</text>');
});
