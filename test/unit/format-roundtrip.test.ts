import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  emptyNotebook,
  notebookToPlain,
  parseNotebook,
  plainToNotebook,
  serializeNotebook,
  type NotebookFile,
  type PlainNotebookData,
} from '../../src/format/index';

const CANONICAL = `{
  "format": "xenlat",
  "version": 1,
  "metadata": {
    "title": "Stall hunt"
  },
  "cells": [
    {
      "id": "a1b2c3d4",
      "kind": "markdown",
      "source": [
        "# Title",
        "text"
      ]
    },
    {
      "id": "e5f6a7b8",
      "kind": "code",
      "language": "xenlat-data",
      "source": [
        "samples: [1, 2, 3]",
        "unit: ms"
      ],
      "execution": {
        "order": 1,
        "success": true,
        "startTime": "2026-11-28T04:00:00.000Z",
        "endTime": "2026-11-28T04:00:01.250Z"
      },
      "outputs": [
        {
          "items": [
            {
              "mime": "application/vnd.xenlat.result+json",
              "value": {
                "kind": "xenlat-data",
                "count": 3
              }
            },
            {
              "mime": "text/markdown",
              "value": [
                "| p50 | p99 |",
                "|---|---|",
                "| 2 | 3 |"
              ]
            }
          ]
        }
      ]
    },
    {
      "id": "c0ffee",
      "kind": "code",
      "language": "xenlat-sim",
      "source": []
    }
  ]
}
`;

/** Unknown fields at every level, and metadata using the mapping's reserved keys. */
const WITH_UNKNOWN = `{
  "format": "xenlat",
  "version": 1,
  "metadata": {
    "xenlat": {
      "mine": true
    }
  },
  "cells": [
    {
      "id": "md-1",
      "kind": "markdown",
      "metadata": {
        "tags": [
          "intro"
        ]
      },
      "source": [
        "hello"
      ],
      "futureCell": {
        "a": 1
      }
    },
    {
      "id": "code_2",
      "kind": "code",
      "language": "xenlat-probe",
      "metadata": {
        "id": "shadow",
        "other": 1
      },
      "source": [
        "target: memcached://localhost"
      ],
      "execution": {
        "order": 7,
        "success": false,
        "startTime": "2026-11-28T04:00:00.000Z",
        "endTime": "2026-11-28T04:00:00.001Z",
        "host": "vm-3",
        "zeta": null
      },
      "outputs": [
        {
          "items": [
            {
              "mime": "application/vnd.code.notebook.error",
              "value": {
                "name": "Error",
                "message": "boom",
                "stack": ""
              },
              "itemExtra": [1, 2]
            },
            {
              "mime": "image/png",
              "value": {
                "base64": "iVBORw0KGgo="
              }
            }
          ],
          "metadata": {
            "k": "v"
          },
          "outputExtra": "x"
        }
      ],
      "later": 3
    }
  ],
  "signature": "abc",
  "annotations": []
}
`;

/** Hunks of an LCS line diff (small inputs only): runs of changed lines on either side. */
function hunks(a: string, b: string): { aFrom: number; aTo: number; bFrom: number; bTo: number }[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: { aFrom: number; aTo: number; bFrom: number; bTo: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      i++;
      j++;
      continue;
    }
    const h = { aFrom: i, aTo: i, bFrom: j, bTo: j };
    while ((i < n || j < m) && !(i < n && j < m && x[i] === y[j])) {
      if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) i++;
      else j++;
    }
    h.aTo = i;
    h.bTo = j;
    out.push(h);
  }
  return out;
}

function bigNotebook(): NotebookFile {
  const nb = parseNotebook(CANONICAL);
  for (let i = 0; i < 20; i++) {
    nb.cells.push({
      id: `cell-${i}`,
      kind: i % 3 === 0 ? 'markdown' : 'code',
      language: i % 3 === 0 ? 'markdown' : 'xenlat-data',
      source: Array.from({ length: 5 }, (_, k) => `line ${k} of cell ${i}`).join('\n'),
      outputs: [],
    });
  }
  return nb;
}

test('a canonical file re-saves byte-identically', () => {
  for (const text of [CANONICAL, WITH_UNKNOWN]) {
    assert.equal(serializeNotebook(parseNotebook(text, 'x.xenlat')), text);
  }
});

test('file -> plain -> file is byte-identical, unknown fields included', () => {
  for (const text of [CANONICAL, WITH_UNKNOWN]) {
    const plain = notebookToPlain(parseNotebook(text));
    assert.equal(serializeNotebook(plainToNotebook(plain)), text);
  }
});

test('the editor shape carries id, language, execution summary and item bytes', () => {
  const plain = notebookToPlain(parseNotebook(CANONICAL));
  const [md, code, empty] = plain.cells;
  assert.deepEqual(
    { kind: md.kind, languageId: md.languageId, value: md.value, metadata: md.metadata, outputs: md.outputs },
    { kind: 'markup', languageId: 'markdown', value: '# Title\ntext', metadata: { id: 'a1b2c3d4' }, outputs: [] },
  );
  assert.equal(md.executionSummary, undefined);
  assert.equal(code.kind, 'code');
  assert.equal(code.languageId, 'xenlat-data');
  assert.deepEqual(code.executionSummary, {
    executionOrder: 1,
    success: true,
    timing: { startTime: Date.parse('2026-11-28T04:00:00.000Z'), endTime: Date.parse('2026-11-28T04:00:01.250Z') },
  });
  const [result, table] = code.outputs[0].items;
  assert.equal(new TextDecoder().decode(result.data), '{"kind":"xenlat-data","count":3}');
  assert.equal(new TextDecoder().decode(table.data), '| p50 | p99 |\n|---|---|\n| 2 | 3 |');
  assert.deepEqual(code.outputs[0].metadata, {});
  assert.equal(empty.value, '');
  assert.deepEqual(plain.metadata, { title: 'Stall hunt' });
});

test('unknown fields at every level are kept, after the known keys, in read order', () => {
  const nb = parseNotebook(WITH_UNKNOWN);
  assert.deepEqual(nb.extra, { signature: 'abc', annotations: [] });
  assert.deepEqual(nb.metadata, { xenlat: { mine: true } });
  assert.deepEqual(nb.cells[0].extra, { futureCell: { a: 1 } });
  assert.deepEqual(nb.cells[1].extra, { later: 3 });
  assert.deepEqual(nb.cells[1].execution?.extra, { host: 'vm-3', zeta: null });
  assert.deepEqual(nb.cells[1].outputs[0].extra, { outputExtra: 'x' });
  assert.deepEqual(nb.cells[1].outputs[0].items[0].extra, { itemExtra: [1, 2] });
  assert.deepEqual(nb.cells[1].outputs[0].items[1].value, new Uint8Array(Buffer.from('iVBORw0KGgo=', 'base64')));

  // Unknown keys written before known ones move after them; their relative order stays.
  const shuffled = '{"zz": 1, "format": "xenlat", "aa": 2, "version": 1, "cells": [{"q": 1, "id": "x", "kind": "markdown", "source": ["s"], "p": 2}]}';
  const saved = serializeNotebook(parseNotebook(shuffled));
  assert.deepEqual(Object.keys(JSON.parse(saved)), ['format', 'version', 'metadata', 'cells', 'zz', 'aa']);
  assert.deepEqual(Object.keys(JSON.parse(saved).cells[0]), ['id', 'kind', 'source', 'q', 'p']);
  assert.equal(serializeNotebook(parseNotebook(saved)), saved);
});

test('a one-cell edit gives a one-hunk diff inside that cell', () => {
  const nb = bigNotebook();
  const before = serializeNotebook(nb);
  const edits: ((c: NotebookFile['cells'][number]) => void)[] = [
    (c) => (c.source = c.source.replace('line 2', 'line two')),
    (c) => (c.source += '\nappended'),
    (c) => (c.source = 'only line'),
    (c) => (c.source = ''),
    (c) => (c.metadata = { tags: ['x'] }),
    (c) => {
      c.execution = { order: 3, success: true };
      c.outputs = [{ items: [{ mime: 'text/plain', value: 'out\nput' }] }];
    },
  ];
  for (const edit of edits) {
    const copy = parseNotebook(before);
    const cell = copy.cells.find((c) => c.id === 'cell-7')!;
    edit(cell);
    const after = serializeNotebook(copy);
    const hs = hunks(before, after);
    assert.equal(hs.length, 1, `one hunk expected, got ${JSON.stringify(hs)}`);
    // The hunk lies within cell-7's lines of the original.
    const lines = before.split('\n');
    const start = lines.findIndex((l) => l.includes('"cell-7"'));
    const end = lines.findIndex((l, i) => i > start && l.includes('"cell-8"'));
    assert.ok(hs[0].aFrom >= start - 1 && hs[0].aTo <= end, `hunk ${JSON.stringify(hs[0])} outside cell lines ${start}..${end}`);
  }
});

test('sources are arrays of lines; \\r\\n is normalised; join restores the text', () => {
  const nb = emptyNotebook();
  nb.cells.push({ id: 'a', kind: 'code', language: 'xenlat-data', source: 'a\r\nb\n\nc\r\r\n', outputs: [] });
  nb.cells.push({ id: 'b', kind: 'markdown', language: 'markdown', source: 'lone\rcr', outputs: [] });
  const text = serializeNotebook(nb);
  const json = JSON.parse(text);
  assert.deepEqual(json.cells[0].source, ['a', 'b', '', 'c', '']);
  assert.deepEqual(json.cells[1].source, ['lone\rcr']);
  assert.equal(json.cells[1].language, undefined);
  const back = parseNotebook(text);
  assert.equal(back.cells[0].source, 'a\nb\n\nc\n');
  assert.equal(back.cells[1].source, 'lone\rcr');
  assert.ok(text.endsWith('}\n') && !text.includes('\r\n'));
});

test('empty and whitespace-only files are empty notebooks; a BOM is tolerated', () => {
  for (const t of ['', '  \n\t\r\n', '\ufeff']) assert.deepEqual(parseNotebook(t), emptyNotebook());
  assert.equal(
    serializeNotebook(emptyNotebook()),
    '{\n  "format": "xenlat",\n  "version": 1,\n  "metadata": {},\n  "cells": []\n}\n',
  );
  assert.equal(serializeNotebook(parseNotebook(`\ufeff${CANONICAL}`)), CANONICAL);
});

test('text outputs keep \\r\\n and a leading BOM exactly, in the file and in the editor shape', () => {
  const nb = emptyNotebook();
  const value = '\ufeffwin\r\nline\n';
  nb.cells.push({ id: 'a', kind: 'code', language: 'x', source: '', outputs: [{ items: [{ mime: 'text/plain', value }] }] });
  assert.equal(parseNotebook(serializeNotebook(nb)).cells[0].outputs[0].items[0].value, value);
  assert.equal(plainToNotebook(notebookToPlain(nb)).cells[0].outputs[0].items[0].value, value);
});

test('plainToNotebook gives fresh ids to cells without one and to copied duplicates', () => {
  const cell = (id?: unknown) => ({
    kind: 'code' as const,
    value: 'x',
    languageId: 'xenlat-data',
    metadata: id === undefined ? {} : { id },
    outputs: [],
  });
  const data: PlainNotebookData = { metadata: {}, cells: [cell('keep'), cell(), cell('keep'), cell('bad id!'), cell(42)] };
  const nb = plainToNotebook(data);
  const ids = nb.cells.map((c) => c.id);
  assert.equal(ids[0], 'keep');
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids.slice(1)) assert.match(id, /^[0-9a-f]{8}$/);
  assert.equal(serializeNotebook(parseNotebook(serializeNotebook(nb))), serializeNotebook(nb));
});

test('plainToNotebook: markup cells map to markdown, outputs of markup cells are dropped', () => {
  const nb = plainToNotebook({
    metadata: {},
    cells: [
      {
        kind: 'markup',
        value: '# hi',
        languageId: 'markdown',
        metadata: { id: 'm' },
        outputs: [{ items: [{ mime: 'text/plain', data: new Uint8Array([65]) }], metadata: {} }],
      },
    ],
  });
  assert.deepEqual(nb.cells, [{ id: 'm', kind: 'markdown', language: 'markdown', source: '# hi', outputs: [] }]);
});

test('the serializer refuses to write a file the loader would refuse', () => {
  const nb = emptyNotebook();
  nb.cells.push({ id: 'a', kind: 'markdown', language: 'markdown', source: '', outputs: [] });
  nb.cells.push({ id: 'a', kind: 'markdown', language: 'markdown', source: '', outputs: [] });
  assert.throws(() => serializeNotebook(nb), /duplicate id/);
  nb.cells[1].id = 'has space';
  assert.throws(() => serializeNotebook(nb), /invalid id/);
});

test('fields a newer writer adds inside a samples payload or a binary value survive load/save, editor included', () => {
  const nb = emptyNotebook();
  nb.cells.push({
    id: 'a', kind: 'code', language: 'x', source: '',
    outputs: [{ items: [
      { mime: 'application/vnd.xenlat.result+json', value: { samples: new Float64Array([1.5, 2.5, 3]) } },
      { mime: 'image/png', value: new Uint8Array([1, 2, 3]) },
    ] }],
  });
  const newer = serializeNotebook(nb)
    .replace(/( *)"count": 3/, '$1"count": 3,\n$1"offsetMs": 10')
    .replace(/( *)"base64": "AQID"/, '$1"base64": "AQID",\n$1"compression": "none"');
  assert.match(newer, /"offsetMs": 10/);
  assert.match(newer, /"compression": "none"/);
  for (const decodeSamples of [true, false]) {
    const loaded = parseNotebook(newer, undefined, { decodeSamples });
    // Unknown meaning, so the samples stay encoded rather than decoded wrongly.
    assert.ok(!((loaded.cells[0].outputs[0].items[0].value as { samples: unknown }).samples instanceof Float64Array));
    assert.equal(serializeNotebook(loaded), newer);
    assert.equal(serializeNotebook(plainToNotebook(notebookToPlain(loaded))), newer);
  }
});
