import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, hoverAt } from '../../src/cells/spec';
import { dataCell } from '../../src/cells/data';

const nested = {
  keyDocs: () => [
    { key: 'mode', type: 'a | b', description: 'mode', values: ['a', 'b'] },
    { key: 'scheduler', type: 'mapping', description: 'sched' },
    { key: 'scheduler.policy', type: 'credit | rr', description: 'policy', values: ['credit', 'rr'] },
    { key: 'scheduler.tsliceMs', type: 'number (ms)', description: 'slice' },
  ],
};

test('top-level key completion offers unused keys only', () => {
  const src = 'unit: ms\nst\n';
  const items = completionsAt(dataCell, src, 1, 2);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('stallThresholdMs'));
  assert.ok(labels.includes('samples'));
  assert.ok(!labels.includes('unit'));
  const st = items.find((i) => i.label === 'stallThresholdMs')!;
  assert.equal(st.insertText, 'stallThresholdMs: ');
  assert.deepEqual(st.replace, { startLine: 1, startCol: 0, endLine: 1, endCol: 2 });
  assert.match(st.documentation, /Default: `100`/);
});

test('value completion after "key: " offers the enum values', () => {
  const items = completionsAt(dataCell, 'samples: [1]\nunit: m', 1, 7);
  assert.deepEqual(items.map((i) => i.label), ['us', 'ms', 's']);
  assert.equal(items[0].kind, 'value');
  assert.deepEqual(items[0].replace, { startLine: 1, startCol: 6, endLine: 1, endCol: 7 });
  assert.deepEqual(completionsAt(dataCell, 'format: ', 0, 8).map((i) => i.label), ['csv', 'lines']);
  assert.deepEqual(completionsAt(dataCell, 'stallThresholdMs: ', 0, 18), []);
});

test('nested keys complete by indentation', () => {
  const src = 'mode: a\nscheduler:\n  policy: credit\n  \n';
  assert.deepEqual(completionsAt(nested, src, 3, 2).map((i) => i.label), ['tsliceMs']);
  assert.deepEqual(completionsAt(nested, src, 2, 16).map((i) => i.label), ['credit', 'rr']);
  assert.deepEqual(completionsAt(nested, 'mode: a\n', 1, 0).map((i) => i.label), ['scheduler']);
});

test('hover on a key or its value shows the key doc', () => {
  const src = 'samples: [1]\nstallThresholdMs: 50 # fast\n';
  const h = hoverAt(dataCell, src, 1, 3)!;
  assert.match(h.markdown, /\*\*stallThresholdMs\*\*: `number > 0 \(ms\)`/);
  assert.match(h.markdown, /strictly above/);
  assert.deepEqual(h.range, { startLine: 1, startCol: 0, endLine: 1, endCol: 16 });
  const v = hoverAt(dataCell, src, 1, 19)!;
  assert.deepEqual(v.range, { startLine: 1, startCol: 18, endLine: 1, endCol: 20 });
  assert.equal(hoverAt(dataCell, src, 1, 24), undefined); // inside the comment
  assert.equal(hoverAt(dataCell, 'nope: 1', 0, 1), undefined);
  assert.match(hoverAt(nested, 'scheduler:\n  policy: rr\n', 1, 3)!.markdown, /scheduler\.policy/);
});
