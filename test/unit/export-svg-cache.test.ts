import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNotebook } from '../../src/format';
import { exportHtml } from '../../src/export/html';
import { exportIpynb } from '../../src/export/ipynb';
import { exportMarkdown } from '../../src/export/markdown';
import { chartsToDraw, type SvgRenderer } from '../../src/export/notebook-outputs';
import { SvgCache, drawOnce, specKey } from '../../src/export/svg-cache';

const text = readFileSync('examples/black-0.1s.xenlat', 'utf8');

/** A stand-in for vega (drawing ~70 real charts takes seconds): a distinct SVG per spec content, and a count. */
function countingRenderer(): { render: SvgRenderer; draws: string[] } {
  const draws: string[] = [];
  return { draws, render: async (spec) => (draws.push(specKey(spec)), `<svg id="${specKey(spec)}"/>`) };
}

async function exportAll(render: SvgRenderer, nb = parseNotebook(text)) {
  // The HTML names the time of the export: the rest of it must be the same.
  const html = (await exportHtml(nb, { renderSvg: render })).replace(/ on \d{4}-\d\d-\d\dT[\d:.]+Z/, '');
  const md = [...(await exportMarkdown(nb, { renderSvg: render })).files];
  const ipynb = JSON.stringify(await exportIpynb(nb, { renderSvg: render }));
  return { html, md, ipynb };
}

test('an export run draws each chart once for all its forms, whichever parse of the notebook asks', async () => {
  const specs = chartsToDraw(parseNotebook(text));
  assert.ok(specs.length >= 50, `${specs.length} charts`);
  const plain = countingRenderer();
  const before = await exportAll(plain.render);
  assert.equal(plain.draws.length, 3 * specs.length, 'without sharing, every form draws every chart');

  const counted = countingRenderer();
  const once = drawOnce(counted.render);
  const after = await exportAll(once);
  assert.equal(counted.draws.length, new Set(specs.map(specKey)).size);
  // The same file read again (other objects, same content) draws nothing more.
  await exportAll(once, parseNotebook(text));
  assert.equal(counted.draws.length, new Set(specs.map(specKey)).size);
  // And the exports are the same bytes.
  assert.deepEqual(after, before);
});

test('the editor keeps drawn charts for the next export: drawn in one batch, only those not drawn yet', async () => {
  const cache = new SvgCache();
  const batches: number[] = [];
  const drawMany = async (specs: Record<string, unknown>[]) => (batches.push(specs.length), specs.map((s) => (s.mark === 'nonsense' ? undefined : `<svg id="${specKey(s)}"/>`)));
  const specs = chartsToDraw(parseNotebook(text));
  const first = await cache.renderer(specs, drawMany);
  assert.deepEqual(batches, [specs.length]);
  const plain = countingRenderer();
  assert.deepEqual(await exportAll(first), await exportAll(plain.render));
  // The next export (the notebook read again from the editor) draws nothing.
  const second = await cache.renderer(chartsToDraw(parseNotebook(text)), drawMany);
  assert.deepEqual(batches, [specs.length]);
  assert.deepEqual(await exportAll(second), await exportAll(plain.render));
  // A new chart is drawn alone; one that cannot be drawn is not kept (the next export tries again).
  const bad = { mark: 'nonsense' };
  const third = await cache.renderer([...specs, { mark: 'bar', data: { values: [] } }, bad], drawMany);
  assert.deepEqual(batches, [specs.length, 2]);
  await assert.rejects(third(bad), /not drawn/);
  await cache.renderer([bad], drawMany);
  assert.deepEqual(batches, [specs.length, 2, 1]);
});

test('the editor’s chart cache is bounded: the least recently used SVGs go first', async () => {
  const cache = new SvgCache(100);
  const drawMany = async (specs: Record<string, unknown>[]) => specs.map(() => 'x'.repeat(40));
  const spec = (n: number) => ({ mark: 'bar', n });
  await cache.renderer([spec(1), spec(2)], drawMany);
  await cache.renderer([spec(1)], drawMany); // 1 used again: 2 is now the oldest
  const r = await cache.renderer([spec(3)], drawMany);
  assert.equal(cache.size, 2);
  assert.equal(await r(spec(3)), 'x'.repeat(40));
  let drawn = 0;
  await cache.renderer([spec(1), spec(2)], async (specs) => ((drawn = specs.length), specs.map(() => 'y')));
  assert.equal(drawn, 1, 'only the evicted chart is drawn again');
});
