// examples/black-0.1s.zh-cn.xenlat is the founding case told in Chinese: the same experiment as the
// English notebook (same cells, ids, order and specs apart from the titles), every markdown cell and
// every title in Chinese, no outputs, and in step with the script that writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { getCellKind } from '../../src/cells/registry';
import { parseNotebook } from '../../src/format/index';

const HAN = /\p{Script=Han}/u;
const en = parseNotebook(readFileSync('examples/black-0.1s.xenlat', 'utf8'));
const zh = parseNotebook(readFileSync('examples/black-0.1s.zh-cn.xenlat', 'utf8'));

test('the zh-cn example has the same cells, ids, kinds and order as the English one', () => {
  assert.deepEqual(
    zh.cells.map((c) => [c.id, c.kind, c.language]),
    en.cells.map((c) => [c.id, c.kind, c.language]),
  );
  assert.deepEqual(zh.metadata, en.metadata);
  assert.ok(zh.cells.every((c) => c.outputs.length === 0 && c.execution === undefined), 'outputs are stripped');
});

test('its specs are the English specs apart from the title, which is Chinese', () => {
  for (const [i, cell] of zh.cells.entries()) {
    if (cell.kind !== 'code') continue;
    const english = en.cells[i]!;
    const { title: zhTitle, ...zhSpec } = parse(cell.source) as Record<string, unknown>;
    const { title: enTitle, ...enSpec } = parse(english.source) as Record<string, unknown>;
    assert.deepEqual(zhSpec, enSpec, `${cell.id}: same spec`);
    assert.equal(zhTitle === undefined, enTitle === undefined, `${cell.id}: a title where the English has one`);
    if (zhTitle !== undefined) assert.match(String(zhTitle), HAN, `${cell.id}: the title is Chinese`);
    // Only the title line differs, so comments and layout stay those of the English spec.
    const differ = cell.source.split('\n').filter((line, j) => line !== english.source.split('\n')[j]);
    assert.ok(differ.every((line) => line.startsWith('title: ')), `${cell.id}: only the title line differs`);
    assert.deepEqual(getCellKind(cell.language)!.validate(cell.source).filter((d) => d.severity === 'error'), [], `${cell.id}: valid spec`);
  }
});

test('every markdown cell of the zh-cn example is Chinese, keeping tables and code as they are', () => {
  for (const [i, cell] of zh.cells.entries()) {
    if (cell.kind !== 'markdown') continue;
    const english = en.cells[i]!.source;
    assert.match(cell.source, HAN, `${cell.id} is in Chinese`);
    assert.notEqual(cell.source, english);
    const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
    assert.equal(count(cell.source, /^#+ /gm), count(english, /^#+ /gm), `${cell.id}: same headings`);
    assert.equal(count(cell.source, /^\|.*\|$/gm), count(english, /^\|.*\|$/gm), `${cell.id}: same table rows`);
    const code = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    assert.deepEqual(code(cell.source), code(english), `${cell.id}: inline code is never translated`);
  }
});

test('the zh-cn example is what scripts/make-black-notebook-zh.mjs writes from the English one', () => {
  const r = spawnSync(process.execPath, ['scripts/make-black-notebook-zh.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
