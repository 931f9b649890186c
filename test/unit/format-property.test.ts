import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeSamples,
  encodeSamples,
  fromFileJson,
  isJsonMime,
  notebookToPlain,
  parseNotebook,
  plainToNotebook,
  serializeNotebook,
  type CellOutput,
  type NotebookCell,
  type NotebookFile,
  type OutputItem,
} from '../../src/format/index';

/** fc.record may give null prototypes and keys holding undefined; the loader gives neither. */
function clean<T extends object>(r: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
  return out as T;
}

// JSON values as they come back from JSON.parse: no -0, ordinary prototypes.
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('id', 'xenlat', '__proto__', '$samples', 'metadata'));
const dict = (k: fc.Arbitrary<string>) => fc.dictionary(k, json, { maxKeys: 3 }).map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
const optionalDict = (k: fc.Arbitrary<string>) =>
  fc.option(dict(k).filter((d) => Object.keys(d).length > 0), { nil: undefined });
const extra = (known: string[]) => optionalDict(fc.string({ maxLength: 8 }).filter((k) => !known.includes(k)));

// Arbitrary doubles (NaN, ±0, ±Infinity, subnormals) and realistic fixed-precision latencies.
const float64s = fc.oneof(
  fc.float64Array({ maxLength: 40 }),
  fc.array(fc.integer({ min: -1e9, max: 1e9 }).chain((i) => fc.constantFrom(i, i / 10, i / 1000, i / 1e6)), { maxLength: 40 }).map((a) => new Float64Array(a)),
);
const withSamples = fc.oneof(
  json,
  fc.record({ kind: fc.string(), samples: float64s, rest: json }).map(clean),
  fc.array(fc.oneof(float64s, json), { maxLength: 3 }),
);

// Any code point for sources (they never pass through UTF-8); well-formed text for text outputs.
const textWithBreaks = (unit: 'binary' | 'grapheme') =>
  fc.array(fc.oneof(fc.string({ unit, maxLength: 10 }), fc.constantFrom('\n', '\r\n', '\r', '')), { maxLength: 6 }).map((a) => a.join(''));

const item: fc.Arbitrary<OutputItem> = fc
  .constantFrom('application/vnd.xenlat.result+json', 'application/json', 'application/vnd.code.notebook.error', 'text/markdown', 'text/plain', 'image/svg+xml', 'image/png', 'application/octet-stream')
  .chain((mime) =>
    fc.record(
      {
        mime: fc.constant(mime),
        value: isJsonMime(mime) ? withSamples : mime.startsWith('text/') || mime === 'image/svg+xml' ? textWithBreaks('grapheme') : fc.uint8Array({ maxLength: 20 }),
        extra: extra(['mime', 'value']),
      },
      { requiredKeys: ['mime', 'value'] },
    ).map(clean),
  );

const output: fc.Arbitrary<CellOutput> = fc.record(
  { items: fc.array(item, { maxLength: 3 }), metadata: optionalDict(key), extra: extra(['items', 'metadata']) },
  { requiredKeys: ['items'] },
).map(clean);

const isoDate = fc.date({ min: new Date(-62e12), max: new Date(253e12), noInvalidDate: true }).map((d) => d.toISOString());
const execution = fc
  .record(
    {
      order: fc.nat(),
      success: fc.boolean(),
      times: fc.tuple(isoDate, isoDate),
      extra: extra(['order', 'success', 'startTime', 'endTime']),
    },
    { requiredKeys: [] },
  )
  .map(({ times, ...rest }) => clean(times ? { ...rest, startTime: times[0], endTime: times[1] } : rest));

const cellId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const cellExtra = extra(['id', 'kind', 'language', 'metadata', 'source', 'execution', 'outputs']);

const cell = (id: string): fc.Arbitrary<NotebookCell> =>
  fc.oneof(
    fc.record(
      {
        id: fc.constant(id),
        kind: fc.constant('markdown' as const),
        language: fc.oneof(fc.constant('markdown'), fc.constant('latex')),
        source: textWithBreaks('binary'),
        metadata: optionalDict(key),
        outputs: fc.constant([] as CellOutput[]),
        extra: cellExtra,
      },
      { requiredKeys: ['id', 'kind', 'language', 'source', 'outputs'] },
    ).map(clean),
    fc.record(
      {
        id: fc.constant(id),
        kind: fc.constant('code' as const),
        language: fc.constantFrom('xenlat-data', 'xenlat-sim', 'xenlat-probe', 'python'),
        source: textWithBreaks('binary'),
        metadata: optionalDict(key),
        execution,
        outputs: fc.array(output, { maxLength: 3 }),
        extra: cellExtra,
      },
      { requiredKeys: ['id', 'kind', 'language', 'source', 'outputs'] },
    ).map(clean),
  );

const notebook: fc.Arbitrary<NotebookFile> = fc
  .record({
    metadata: dict(key),
    ids: fc.uniqueArray(cellId, { maxLength: 5 }),
    extra: extra(['format', 'version', 'metadata', 'cells']),
  })
  .chain(({ metadata, ids, extra: x }) =>
    fc.tuple(...ids.map(cell)).map((cells) => (x ? { metadata, cells, extra: x } : { metadata, cells })),
  );

/** What the loader gives back for a notebook: sources with \n only, samples decoded. */
function expectedAfterLoad(nb: NotebookFile): NotebookFile {
  return {
    ...nb,
    cells: nb.cells.map((c) => ({ ...c, source: c.source.replace(/\r+\n/g, '\n') })),
  };
}

test('property: serialize -> parse gives the same notebook, and re-saving is byte-identical', () => {
  fc.assert(
    fc.property(notebook, (nb) => {
      const text = serializeNotebook(nb);
      const back = parseNotebook(text, 'p.xenlat');
      assert.deepStrictEqual(back, expectedAfterLoad(nb));
      assert.equal(serializeNotebook(back), text);
    }),
    { numRuns: 300 },
  );
});

test('property: file -> editor shape -> file is byte-identical', () => {
  fc.assert(
    fc.property(notebook, (nb) => {
      const text = serializeNotebook(nb);
      const viaPlain = plainToNotebook(notebookToPlain(parseNotebook(text)));
      assert.equal(serializeNotebook(viaPlain), text);
      // Encoded samples inside the editor's bytes decode to the original arrays.
      const decoded = viaPlain.cells.map((c) => c.outputs.map((o) => o.items.map((i) => (isJsonMime(i.mime) ? fromFileJson(i.value) : i.value))));
      const original = nb.cells.map((c) => c.outputs.map((o) => o.items.map((i) => i.value)));
      assert.deepStrictEqual(decoded, original);
    }),
    { numRuns: 300 },
  );
});

test('property: the samples codec is exact for any doubles', () => {
  fc.assert(
    fc.property(float64s, (a) => {
      const back = decodeSamples(JSON.parse(JSON.stringify(encodeSamples(a))));
      assert.equal(back.length, a.length);
      for (let i = 0; i < a.length; i++) assert.ok(Object.is(back[i], a[i]), `${a[i]} -> ${back[i]}`);
    }),
    { numRuns: 1000 },
  );
});
