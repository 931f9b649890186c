import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAt, normalizeDocPath, specContextAt } from '../../src/cells/spec/context';

/** Context at the `‸` marker in a source (the marker is removed). */
function at(marked: string) {
  const lines = marked.split('\n');
  const line = lines.findIndex((l) => l.includes('‸'));
  const col = lines[line]!.indexOf('‸');
  lines[line] = lines[line]!.replace('‸', '');
  return specContextAt(lines.join('\n'), line, col);
}

test('top-level key context, with prefix and existing keys', () => {
  assert.deepEqual(at('unit: ms\n‸\nfile: x.csv'), { kind: 'key', prefix: '', parentPath: '', existingKeys: ['unit', 'file'], sequenceItem: false });
  assert.deepEqual(at('unit: ms\nstal‸'), { kind: 'key', prefix: 'stal', parentPath: '', existingKeys: ['unit'], sequenceItem: false });
  assert.deepEqual(at('‸'), { kind: 'key', prefix: '', parentPath: '', existingKeys: [], sequenceItem: false });
});

test('nested key context follows indentation', () => {
  const ctx = at('unit: ms\nscheduler:\n  tsliceMs: 30\n  ra‸\nother: 1');
  assert.deepEqual(ctx, { kind: 'key', prefix: 'ra', parentPath: 'scheduler', existingKeys: ['tsliceMs'], sequenceItem: false });
  const deeper = at('a:\n  b:\n    c: 1\n    ‸');
  assert.equal(deeper?.kind, 'key');
  assert.equal(deeper?.kind === 'key' && deeper.parentPath, 'a.b');
  const back = at('a:\n  b:\n    c: 1\n  ‸');
  assert.equal(back?.kind === 'key' && back.parentPath, 'a');
});

test('value context after key: ', () => {
  assert.deepEqual(at('unit: m‸'), { kind: 'value', key: 'unit', prefix: 'm', spaceAfterColon: true });
  assert.deepEqual(at('unit: ‸'), { kind: 'value', key: 'unit', prefix: '', spaceAfterColon: true });
  assert.deepEqual(at('unit:‸'), { kind: 'value', key: 'unit', prefix: '', spaceAfterColon: false });
  assert.deepEqual(at('unit: "m‸'), { kind: 'value', key: 'unit', prefix: 'm', spaceAfterColon: true });
  assert.deepEqual(at('scheduler:\n  policy: cr‸edit'), { kind: 'value', key: 'scheduler.policy', prefix: 'cr', spaceAfterColon: true });
});

test('flow sequence element', () => {
  assert.deepEqual(at('metrics: [p50, p9‸'), { kind: 'value', key: 'metrics', prefix: 'p9', spaceAfterColon: true });
  assert.equal(at('metrics: [p50] ‸'), undefined);
});

test('block sequences: items and mappings inside items', () => {
  const src = 'sweep:\n  - name: a\n    values: [1]\n  - name: b\n    ‸';
  assert.deepEqual(at(src), { kind: 'key', prefix: '', parentPath: 'sweep', existingKeys: ['name'], sequenceItem: false });
  assert.deepEqual(at('sweep:\n  - name: a\n  - na‸'), { kind: 'key', prefix: 'na', parentPath: 'sweep', existingKeys: [], sequenceItem: true });
  assert.deepEqual(at('sweep:\n- name: a\n  v‸'), { kind: 'key', prefix: 'v', parentPath: 'sweep', existingKeys: ['name'], sequenceItem: false });
  assert.deepEqual(at('sweep:\n  - name: a\n    kind: l‸'), { kind: 'value', key: 'sweep.kind', prefix: 'l', spaceAfterColon: true });
  assert.deepEqual(at('metrics:\n  - p50\n  - "p9‸'), { kind: 'value', key: 'metrics', prefix: 'p9', spaceAfterColon: true });
});

test('no completion in comments and block scalars', () => {
  assert.equal(at('# a comment ‸'), undefined);
  assert.equal(at('unit: ms # trailing ‸'), undefined);
  assert.equal(at('notes: |\n  free text ‸'), undefined);
  assert.equal(at('notes: >-\n  free text\n  ‸'), undefined);
  assert.deepEqual(at('notes: |\n  text\n‸'), { kind: 'key', prefix: '', parentPath: '', existingKeys: ['notes'], sequenceItem: false });
  assert.equal(at('title: "a # b‸')?.kind, 'value');
});

test('out-of-range positions and CRLF', () => {
  assert.equal(specContextAt('a: 1', 5, 0), undefined);
  assert.equal(specContextAt('a: 1', -1, 0), undefined);
  assert.deepEqual(specContextAt('a:\r\n  b: x', 1, 6), { kind: 'value', key: 'a.b', prefix: 'x', spaceAfterColon: true });
  assert.deepEqual(specContextAt('a: 1', 0, 99), { kind: 'value', key: 'a', prefix: '1', spaceAfterColon: true });
});

test('keyAt finds keys and values with their spans', () => {
  const src = 'unit: ms\nscheduler:\n  tsliceMs: 30 # comment\nsweep:\n  - name: a\n  - "quoted key": 1\nmetrics:\n  - p99';
  assert.deepEqual(keyAt(src, 0, 1), { path: 'unit', line: 0, startCol: 0, endCol: 4, onValue: false });
  assert.deepEqual(keyAt(src, 0, 6), { path: 'unit', line: 0, startCol: 6, endCol: 8, onValue: true });
  assert.deepEqual(keyAt(src, 2, 4), { path: 'scheduler.tsliceMs', line: 2, startCol: 2, endCol: 10, onValue: false });
  assert.equal(keyAt(src, 2, 18), undefined, 'in the comment');
  assert.deepEqual(keyAt(src, 4, 5), { path: 'sweep.name', line: 4, startCol: 4, endCol: 8, onValue: false });
  assert.equal(keyAt(src, 5, 6)?.path, 'sweep.quoted key');
  assert.deepEqual(keyAt(src, 7, 5), { path: 'metrics', line: 7, startCol: 4, endCol: 7, onValue: true });
  assert.equal(keyAt(src, 1, 11), undefined);
  assert.equal(keyAt('notes: |\n  a: b', 1, 2), undefined, 'inside a block scalar');
});

test('normalizeDocPath', () => {
  assert.equal(normalizeDocPath('sweep[].name'), 'sweep.name');
  assert.equal(normalizeDocPath('sweep[2].values'), 'sweep.values');
});

test('findDoc and childKeys over keyDocs', async () => {
  const { findDoc, childKeys } = await import('../../src/cells/spec/context');
  const docs = [
    { key: 'unit', type: 'us | ms | s', description: 'unit', values: ['us', 'ms', 's'] },
    { key: 'scheduler.tsliceMs', type: 'number (ms)', description: 't' },
    { key: 'scheduler.policy', type: 'credit | credit2', description: 'p' },
    { key: 'sweep[].name', type: 'string', description: 'n' },
    { key: 'sweep', type: 'list', description: 's' },
  ];
  assert.equal(findDoc(docs, 'scheduler.policy')?.description, 'p');
  assert.equal(findDoc(docs, 'sweep.name')?.description, 'n');
  assert.equal(findDoc(docs, 'nope'), undefined);
  assert.deepEqual(childKeys(docs, '').map((c) => [c.name, c.hasChildren, !!c.doc]), [
    ['unit', false, true],
    ['scheduler', true, false],
    ['sweep', true, true],
  ]);
  assert.deepEqual(childKeys(docs, 'scheduler').map((c) => c.name), ['tsliceMs', 'policy']);
  assert.deepEqual(childKeys(docs, 'sweep').map((c) => c.name), ['name']);
  assert.deepEqual(childKeys(docs, 'unit'), []);
});
