// examples/black-0.1s.zh-cn.xenlat is the founding case told in Chinese: the same experiment as the
// English notebook (same cells, ids, order and specs apart from the titles), every markdown cell and
// every title in Chinese, outputs of a run in Chinese, and in step with the script that writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { getCellKind } from '../../src/cells/registry';
import { parseNotebook } from '../../src/format/index';
import { assertFresh } from '../support/example-fresh';
import { startMemcached } from '../support/memcached';

const HAN = /\p{Script=Han}/u;
const en = parseNotebook(readFileSync('examples/black-0.1s.xenlat', 'utf8'));
const zh = parseNotebook(readFileSync('examples/black-0.1s.zh-cn.xenlat', 'utf8'));

test('the zh-cn example has the same cells, ids, kinds and order as the English one', () => {
  assert.deepEqual(
    zh.cells.map((c) => [c.id, c.kind, c.language]),
    en.cells.map((c) => [c.id, c.kind, c.language]),
  );
  assert.deepEqual(zh.metadata, en.metadata);
});

// Run in Chinese as the main job runs it: every result in Chinese, and the file ships exactly what
// this code writes (live probe cells aside), so a Chinese reader sees current outputs before running.
test('examples/black-0.1s.zh-cn.xenlat runs in Chinese and ships fresh outputs', { timeout: 600_000 }, async () => {
  const mc = await startMemcached();
  const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-black-zh-'));
  cpSync('examples', dir, { recursive: true });
  try {
    const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'run', path.join(dir, 'black-0.1s.zh-cn.xenlat'), '--out', path.join(dir, 'fresh.xenlat')], {
      env: { ...process.env, XENLAT_MEMCACHED: `127.0.0.1:${mc.port}`, LANG: 'zh_CN.UTF-8', LC_ALL: '', LANGUAGE: '' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    assert.match(r.stderr, /已写入/);
    const fresh = parseNotebook(readFileSync(path.join(dir, 'fresh.xenlat'), 'utf8'));
    for (const cell of fresh.cells.filter((c) => c.kind === 'code')) {
      const md = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === 'text/markdown');
      assert.ok(md && HAN.test(String(md.value)), `${cell.id}: its summary is in Chinese`);
    }
    assertFresh('examples/black-0.1s.zh-cn.xenlat', path.join(dir, 'fresh.xenlat'));
  } finally {
    await mc.stop();
  }
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
