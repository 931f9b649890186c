import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFormatError, FormatError, pathInWords, encodeSamples, parseNotebook, serializeNotebook, emptyNotebook } from '../../src/format/index';

/** 1-based line/column of the `nth` occurrence of `needle`, computed independently of the loader. */
function at(text: string, needle: string, nth = 1): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k < nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `fixture lacks ${needle}`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function failure(text: string, file = 'nb.xenlat'): FormatError {
  try {
    parseNotebook(text, file);
  } catch (e) {
    assert.ok(e instanceof FormatError, `expected FormatError, got ${e}`);
    return e;
  }
  assert.fail('expected the load to fail');
}

function expectError(
  text: string,
  want: { path?: string; message: RegExp; where: { line: number; column: number }; code?: string },
): FormatError {
  const e = failure(text);
  assert.equal(e.file, 'nb.xenlat');
  assert.match(e.message, want.message);
  assert.deepEqual({ line: e.line, column: e.column }, want.where, `position of: ${e.toString()}`);
  if (want.path !== undefined) assert.equal(e.path, want.path);
  assert.equal(e.code, want.code ?? 'invalid');
  return e;
}

const doc = (cells: string) => `{\n  "format": "xenlat",\n  "version": 1,\n  "cells": [\n${cells}\n  ]\n}\n`;

test('truncated JSON names the end of the file', () => {
  const full = serializeNotebook({
    metadata: {},
    cells: [{ id: 'a', kind: 'markdown', language: 'markdown', source: 'x', outputs: [] }],
  });
  const cut = full.slice(0, full.indexOf('"source"') + 8);
  const e = expectError(cut, { message: /invalid JSON: expected ':' after property name, found end of file/, where: at(cut + '@', '@'), code: 'syntax' });
  assert.equal(e.path, undefined);
  const inString = full.slice(0, full.indexOf('"markdown"') + 4);
  expectError(inString, { message: /unterminated string/, where: at(inString, '"mar'), code: 'syntax' });
});

test('JSON syntax errors point at the offending character', () => {
  const text = '{\n  "format": "xenlat",\n  "version": 1,\n  "cells": [1, 2,]\n}';
  expectError(text, { message: /expected a value, found "\]"/, where: at(text, ']'), code: 'syntax' });
  const text2 = '{\n  "format": "xenlat"\n  "version": 1\n}';
  expectError(text2, { message: /expected ',' or '}' after property value, found "\\""/, where: at(text2, '"version"'), code: 'syntax' });
  const text3 = '{"a": "tab\there"}';
  expectError(text3, { message: /control character/, where: at(text3, '\t'), code: 'syntax' });
  const text4 = '{} x';
  expectError(text4, { message: /after the end of the JSON value/, where: { line: 1, column: 4 }, code: 'syntax' });
});

test('a non-object root is refused at 1:1', () => {
  for (const text of ['[]', '"xenlat"', 'null', '42']) {
    expectError(text, { path: '$', message: /must be a JSON object, found/, where: { line: 1, column: 1 } });
  }
});

test('not a Xenlat file', () => {
  const text = '{\n  "format": "jupyter",\n  "version": 1,\n  "cells": []\n}';
  expectError(text, { path: '$.format', message: /not a Xenlat notebook: "format" is "jupyter"/, where: at(text, '"jupyter"') });
  expectError('{"version": 1, "cells": []}', { path: '$.format', message: /missing "format"/, where: { line: 1, column: 1 } });
});

test('a newer major version is refused with a clear message', () => {
  for (const v of ['2', '"2.0"', '3.5', '10']) {
    const text = `{\n  "format": "xenlat",\n  "version": ${v},\n  "cells": {"totally": "different"}\n}`;
    const shown = v.replace(/"/g, '');
    const e = expectError(text, {
      path: '$.version',
      message: new RegExp(`^made by a newer Xenlat \\(format version ${shown.replace('.', '\\.')}\\); this version reads version 1 — update Xenlat$`),
      where: at(text, v),
      code: 'newer-version',
    });
    assert.equal(e.toString(), `nb.xenlat:3:14: ${e.message} (at $.version)`);
    // What the editor shows: in words, with what to do, and no "(at $.version)".
    assert.equal(describeFormatError(e), `This notebook was made by a newer Xenlat (format version ${shown}); this version reads version 1. Update the Xenlat extension to open it; the file was not changed.`);
  }
});

test('an error\'s place in the file is said in words for the editor', () => {
  assert.equal(pathInWords(['cells', 2, 'outputs', 0, 'items', 1]), 'cell 3, output 1, item 2');
  assert.equal(pathInWords(['cells', 0, 'id']), 'cell 1, the "id" field');
  const text = '{"format": "xenlat", "version": 1, "cells": [{"id": "a", "kind": "code", "language": 3}]}';
  try {
    parseNotebook(text, 'nb.xenlat');
    assert.fail('parsed');
  } catch (e) {
    const said = describeFormatError(e as FormatError);
    assert.match(said, /^Line 1, column \d+: .+ \(in cell 1, the "language" field\)\. The file was not changed\.$/);
    assert.doesNotMatch(said, /\$\./);
  }
});

test('only the integer version 1 is accepted', () => {
  for (const v of ['"1"', '1.5', '0', 'null', '"1.1"']) {
    const text = `{"format": "xenlat", "version": ${v}, "cells": []}`;
    expectError(text, { path: '$.version', message: /unsupported format version/, where: at(text, v) });
  }
});

test('wrong types are reported at the value, with its JSON path', () => {
  const cases: [string, string, RegExp, string][] = [
    ['{"id": "a", "kind": "code", "language": "xenlat-data", "source": "oops"}', '$.cells[0].source', /"source" must be an array of lines/, '"oops"'],
    ['{"id": "a", "kind": "code", "language": "xenlat-data", "source": ["ok", 7]}', '$.cells[0].source[1]', /line must be a string, found a number \(7\)/, '7]'],
    ['{"id": "a", "kind": "raw", "source": []}', '$.cells[0].kind', /"kind" must be "markdown" or "code", found a string \("raw"\)/, '"raw"'],
    ['{"id": "a", "kind": "code", "source": []}', '$.cells[0].language', /code cell is missing "language"/, '{"id"'],
    ['{"kind": "code", "language": "x", "source": []}', '$.cells[0].id', /cell is missing "id"/, '{"kind"'],
    ['{"id": "a b", "kind": "code", "language": "x", "source": []}', '$.cells[0].id', /invalid cell id "a b"/, '"a b"'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "outputs": {}}', '$.cells[0].outputs', /"outputs" must be an array, found an object/, '{}}'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "execution": {"order": -1}}', '$.cells[0].execution.order', /non-negative integer/, '-1'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "execution": {"startTime": "2026-01-01T00:00:00.000Z"}}', '$.cells[0].execution.endTime', /go together/, '{"startTime"'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "execution": {"startTime": "soon", "endTime": "later"}}', '$.cells[0].execution.startTime', /ISO-8601/, '"soon"'],
    ['{"id": "a", "kind": "markdown", "source": [], "outputs": []}', '$.cells[0].outputs', /markdown cells have no "outputs"/, '[]}'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "metadata": []}', '$.cells[0].metadata', /"metadata" must be an object, found an array/, '[]}'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "outputs": [{"items": [{"mime": "image/png", "value": "abc"}]}]}', '$.cells[0].outputs[0].items[0].value', /must be \{ "base64": "..." \}/, '"abc"'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "outputs": [{"items": [{"mime": "text/plain", "value": "abc"}]}]}', '$.cells[0].outputs[0].items[0].value', /array of lines/, '"abc"'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "outputs": [{"items": [{"value": 1}]}]}', '$.cells[0].outputs[0].items[0].mime', /missing "mime"/, '{"value"'],
    ['{"id": "a", "kind": "code", "language": "x", "source": [], "outputs": [{"metadata": {}}]}', '$.cells[0].outputs[0].items', /missing "items"/, '{"metadata"'],
    ['7', '$.cells[0]', /a cell must be an object, found a number \(7\)/, '7'],
  ];
  for (const [cell, path, message, needle] of cases) {
    const text = doc(`    ${cell}`);
    expectError(text, { path, message, where: at(text, needle) });
  }
  const text = '{"format": "xenlat", "version": 1, "cells": {}}';
  expectError(text, { path: '$.cells', message: /"cells" must be an array/, where: at(text, '{}') });
  const meta = '{"format": "xenlat", "version": 1, "metadata": "x", "cells": []}';
  expectError(meta, { path: '$.metadata', message: /"metadata" must be an object/, where: at(meta, '"x"') });
});

test('duplicate ids are reported at the second one, naming the first', () => {
  const text = doc([
    '    {"id": "one", "kind": "markdown", "source": []},',
    '    {"id": "dup", "kind": "markdown", "source": []},',
    '    {"id": "dup", "kind": "markdown", "source": []}',
  ].join('\n'));
  const first = at(text, '"dup"');
  expectError(text, {
    path: '$.cells[2].id',
    message: new RegExp(`duplicate cell id "dup" \\(also used by \\$\\.cells\\[1\\] at line ${first.line}\\)`),
    where: at(text, '"dup"', 2),
  });
});

test('corrupt sample data is reported inside the output value', () => {
  const nb = emptyNotebook();
  nb.cells.push({
    id: 'a', kind: 'code', language: 'x', source: '',
    outputs: [{ items: [{ mime: 'application/vnd.xenlat.result+json', value: { samples: new Float64Array([1.5, 2.5, 3]) } }] }],
  });
  const good = serializeNotebook(nb);
  const data = encodeSamples(new Float64Array([1.5, 2.5, 3])).$samples.data;
  const cases: [string, string, RegExp, string][] = [
    [good.replace('"count": 3', '"count": 4'), '$.cells[0].outputs[0].items[0].value.samples.$samples.data', /data ends before 4 values/, `"${data}"`],
    [good.replace('"count": 3', '"count": 2'), '$.cells[0].outputs[0].items[0].value.samples.$samples.data', /corrupt samples/, `"${data}"`],
    [good.replace('"codec": "decimal"', '"codec": "zstd"'), '$.cells[0].outputs[0].items[0].value.samples.$samples.codec', /unknown samples codec "zstd"/, '"zstd"'],
    [good.replace(data, 'AAAA'), '$.cells[0].outputs[0].items[0].value.samples.$samples.data', /corrupt samples/, '"AAAA"'],
    [good.replace(data, 'not base64!'), '$.cells[0].outputs[0].items[0].value.samples.$samples.data', /base64/, '"not base64!"'],
  ];
  for (const [text, path, message, needle] of cases) {
    assert.notEqual(text, good);
    // For a key/value needle the error points at the value, after `"key": `.
    expectError(text, { path, message, where: at(text, needle) });
  }
});

test('FormatError.toString is file:line:col: message', () => {
  const e = failure('{"format": "xenlat", "version": 1,\n "cells": 3}', 'dir/nb.xenlat');
  assert.equal(e.toString(), 'dir/nb.xenlat:2:11: "cells" must be an array, found a number (3) (at $.cells)');
  assert.equal(new FormatError('bare').toString(), 'bare');
  assert.equal(new FormatError('m', { line: 3 }).toString(), '3: m');
});
