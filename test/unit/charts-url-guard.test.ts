import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUrlReferences, stripEmbedOptions } from '../../src/charts/url-guard';

const inline = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  data: { values: [{ x: 1, url: 'https://example.com/row-column-named-url' }] },
  mark: 'line',
  encoding: { x: { field: 'x', type: 'quantitative' } },
};

test('inline data passes, even with a column called url and a $schema URL', () => {
  assert.deepEqual(findUrlReferences(inline), []);
});

test('top-level data.url is found', () => {
  const refs = findUrlReferences({ data: { url: 'https://evil.example/data.csv' }, mark: 'point' });
  assert.deepEqual(refs.map((r) => r.path), ['data.url']);
  assert.equal(refs[0]!.value, 'https://evil.example/data.csv');
});

test('nested layers, concat and facet specs are walked', () => {
  const spec = {
    layer: [inline, { data: { url: 'a.json' }, mark: 'rule' }],
    vconcat: [{ hconcat: [{ data: { url: 'b.json' }, mark: 'bar' }] }],
    spec: { data: { url: 'c.json' } },
  };
  assert.deepEqual(findUrlReferences(spec).map((r) => r.path).sort(), [
    'layer[1].data.url',
    'spec.data.url',
    'vconcat[0].hconcat[0].data.url',
  ]);
});

test('lookup transforms with from.data.url are found', () => {
  const spec = { ...inline, transform: [{ lookup: 'x', from: { data: { url: 'lookup.csv' }, key: 'x' } }] };
  assert.deepEqual(findUrlReferences(spec).map((r) => r.path), ['transform[0].from.data.url']);
});

test('image mark url channel and Vega data arrays are found', () => {
  const vl = { ...inline, mark: 'image', encoding: { url: { value: 'https://evil.example/pixel.png' } } };
  assert.deepEqual(findUrlReferences(vl).map((r) => r.path), ['encoding.url']);
  const vg = { data: [{ name: 't', url: 'x.json' }], marks: [{ type: 'image', encode: { enter: { url: { value: 'y.png' } } } }] };
  assert.deepEqual(findUrlReferences(vg).map((r) => r.path), ['data[0].url', 'marks[0].encode.enter.url']);
});

test('a url hidden beside inline values is still found; top-level datasets rows are skipped', () => {
  assert.equal(findUrlReferences({ data: { values: [], url: 'x' } }).length, 1);
  assert.equal(findUrlReferences({ datasets: { d: [{ url: 'x' }] }, data: { name: 'd' } }).length, 0);
});

test('odd inputs do not throw', () => {
  for (const v of [null, undefined, 3, 'str', [], [null], { a: [[[]]] }]) assert.deepEqual(findUrlReferences(v), []);
  const cyclic: Record<string, unknown> = { data: { url: 'z' } };
  cyclic.self = cyclic;
  assert.equal(findUrlReferences(cyclic).length, 1);
  const deep: Record<string, unknown> = {};
  let cur = deep;
  for (let i = 0; i < 100000; i++) cur = (cur.n = {}) as Record<string, unknown>;
  assert.deepEqual(findUrlReferences(deep), []);
  cur.data = { url: 'deep.csv' };
  assert.equal(findUrlReferences(deep).length, 1, 'deep nesting cannot hide a url');
});

test('stripEmbedOptions drops usermeta.embedOptions and keeps the rest', () => {
  const spec = { mark: 'point', usermeta: { embedOptions: { actions: true, loader: { baseURL: 'http://x' } }, note: 1 } };
  assert.deepEqual(stripEmbedOptions(spec), { mark: 'point', usermeta: { note: 1 } });
  assert.equal(stripEmbedOptions(inline), inline);
});
