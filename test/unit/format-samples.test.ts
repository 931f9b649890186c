import { test } from 'node:test';
import { lognormalMs } from '../support/lognormal';
import assert from 'node:assert/strict';
import {
  decodeSamples,
  emptyNotebook,
  encodeSamples,
  fromFileJson,
  parseNotebook,
  serializeNotebook,
  toFileJson,
  MIME_RESULT,
  type NotebookFile,
} from '../../src/format/index';

function sameValues(a: Float64Array, b: Float64Array): void {
  assert.equal(b.length, a.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`value ${i}: ${a[i]} became ${b[i]}`);
  }
}


test('special values round-trip exactly', () => {
  const cases = [
    [],
    [0],
    [-0],
    [NaN, Infinity, -Infinity],
    [1.5, NaN, -0, 2.25, 5e-324, 0.1 + 0.2, 1e300, -1e-300],
    [Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, -(2 ** 53) - 2],
    [0.001, 0.002, 123456.789, -7.5],
  ];
  for (const c of cases) {
    const a = new Float64Array(c);
    sameValues(a, decodeSamples(encodeSamples(a)));
    sameValues(a, decodeSamples(JSON.parse(JSON.stringify(encodeSamples(a)))));
  }
});

test('the codec picks the smallest decimal scale, or float64 for arbitrary doubles', () => {
  assert.deepEqual(
    { codec: encodeSamples(new Float64Array([1, 2, 3])).$samples.codec, scale: encodeSamples(new Float64Array([1, 2, 3])).$samples.scale },
    { codec: 'decimal', scale: 0 },
  );
  assert.equal(encodeSamples(new Float64Array([1.25, 2.5])).$samples.scale, 2);
  assert.equal(encodeSamples(lognormalMs(1000, { seed: 1, decimals: 3 })).$samples.scale, 3);
  const random = new Float64Array(1000).map(() => Math.random());
  assert.equal(encodeSamples(random).$samples.codec, 'float64');
  sameValues(random, decodeSamples(encodeSamples(random)));
  // A few odd values become exceptions instead of forcing the whole array to float64.
  const mostly = lognormalMs(1000, { seed: 1, decimals: 3 });
  mostly[10] = NaN;
  mostly[500] = Math.PI;
  const enc = encodeSamples(mostly);
  assert.deepEqual([enc.$samples.codec, enc.$samples.scale], ['decimal', 3]);
  sameValues(mostly, decodeSamples(enc));
});

test('encoding is deterministic (same samples, same bytes)', () => {
  const a = lognormalMs(10_000, { seed: 7, decimals: 3 });
  assert.equal(encodeSamples(a).$samples.data, encodeSamples(a.slice()).$samples.data);
});

test('toFileJson/fromFileJson replace Float64Arrays anywhere without mutating the input', () => {
  const value = { kind: 'x', samples: new Float64Array([1, 2]), nested: [{ s: new Float64Array([0.5]) }, 3], none: null };
  const file = toFileJson(value) as Record<string, unknown>;
  assert.ok(value.samples instanceof Float64Array, 'input untouched');
  assert.ok(!(file.samples instanceof Float64Array));
  assert.deepEqual(Object.keys(file.samples as object), ['$samples']);
  assert.deepEqual(fromFileJson(JSON.parse(JSON.stringify(file))), value);
  const plain = { a: [1, 2], b: 'c' };
  assert.equal(toFileJson(plain), plain, 'nothing to encode: same object back');
});

test('1,000,000 latency samples: exact, < 8 MB, load and save < 1 s', () => {
  const samples = lognormalMs(1_000_000, { seed: 1, decimals: 3 });
  const nb: NotebookFile = emptyNotebook();
  nb.cells.push({
    id: 'big',
    kind: 'code',
    language: 'xenlat-data',
    source: 'file: latencies.csv',
    outputs: [{ items: [{ mime: MIME_RESULT, value: { kind: 'xenlat-data', samples } }] }],
  });
  let t = performance.now();
  const text = serializeNotebook(nb);
  const saveMs = performance.now() - t;
  t = performance.now();
  const back = parseNotebook(text, 'big.xenlat');
  const loadMs = performance.now() - t;
  const bytes = Buffer.byteLength(text);
  assert.ok(bytes < 8e6, `file is ${(bytes / 1e6).toFixed(2)} MB`);
  assert.ok(saveMs < 1000, `save took ${saveMs.toFixed(0)} ms`);
  assert.ok(loadMs < 1000, `load took ${loadMs.toFixed(0)} ms`);
  const value = back.cells[0].outputs[0].items[0].value as { samples: Float64Array };
  assert.ok(value.samples instanceof Float64Array);
  sameValues(samples, value.samples);
  assert.equal(serializeNotebook(back), text);
  // The editor path never decodes: the encoded object passes through to an identical save.
  const kept = parseNotebook(text, 'big.xenlat', { decodeSamples: false });
  assert.ok(!((kept.cells[0].outputs[0].items[0].value as { samples: unknown }).samples instanceof Float64Array));
  assert.equal(serializeNotebook(kept), text);
});
