// Completion and hover inside an explain cell's `hypotheses:` items work from the cell's key docs
// like everywhere else: the cursor's path (src/cells/spec/context.ts) finds a doc that offers every
// preset of the simulator, the `preset`/`fit` item keys, and every model key under `fit:`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCellKind } from '../../src/cells/registry';
import { childKeys, findDoc, keyAt, sequenceItemChoices, specContextAt } from '../../src/cells/spec/context';
import { checkExplainSpec } from '../../src/cells/explain/check';
import { CONFIG_DOCS } from '../../src/sim/xen/config';
import { PRESETS } from '../../src/sim/xen/presets';

const docs = getCellKind('xenlat-explain')!.keyDocs();
const presets = Object.keys(PRESETS);

/** Source and 0-based position of the `‸` marker (removed). */
function marked(text: string): [string, number, number] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('‸'));
  const col = lines[line]!.indexOf('‸');
  lines[line] = lines[line]!.replace('‸', '');
  return [lines.join('\n'), line, col];
}
const ctxAt = (text: string) => specContextAt(...marked(text));
const hoverAt = (text: string) => {
  const loc = keyAt(...marked(text));
  return loc && { loc, doc: findDoc(docs, loc.path) };
};

test('a `- ` item of hypotheses completes every preset and the item keys', () => {
  const ctx = ctxAt('samples: [1]\nhypotheses:\n  - vcpu-contention\n  - lo‸\n');
  assert.deepEqual(ctx, { kind: 'key', prefix: 'lo', parentPath: 'hypotheses', existingKeys: [], sequenceItem: true });
  assert.deepEqual(findDoc(docs, 'hypotheses')?.values, presets);
  assert.deepEqual(childKeys(docs, 'hypotheses').map((c) => c.name), ['preset', 'fit']);
  // what the completion provider offers there: the names and the keys of an item mapping
  const choices = sequenceItemChoices(docs, ctx!.kind === 'key' ? ctx!.parentPath : '', []);
  assert.deepEqual(choices.values, presets);
  assert.deepEqual(choices.keys.map((c) => c.name), ['preset', 'fit']);
  assert.deepEqual(sequenceItemChoices(docs, 'hypotheses', ['preset']).keys.map((c) => c.name), ['fit']);
  // the flow form completes the same names
  const flow = ctxAt('hypotheses: [vcpu-contention, lo‸');
  assert.deepEqual(flow, { kind: 'value', key: 'hypotheses', prefix: 'lo', spaceAfterColon: true });
  assert.deepEqual(findDoc(docs, flow.key)?.values, presets);
});

test('`preset:` in an item completes every preset; the next line offers `fit`', () => {
  const ctx = ctxAt('hypotheses:\n  - preset: ser‸\n');
  assert.deepEqual(ctx, { kind: 'value', key: 'hypotheses.preset', prefix: 'ser', spaceAfterColon: true });
  assert.deepEqual(findDoc(docs, ctx.key)?.values, presets);
  const next = ctxAt('hypotheses:\n  - preset: loss-rto\n    ‸\n');
  assert.deepEqual(next, { kind: 'key', prefix: '', parentPath: 'hypotheses', existingKeys: ['preset'], sequenceItem: false });
  assert.deepEqual(childKeys(docs, next.parentPath).map((c) => c.name).filter((n) => !next.existingKeys.includes(n)), ['fit']);
});

test('`fit:` keys complete with every model key, dotted or nested', () => {
  const ctx = ctxAt('hypotheses:\n  - preset: loss-rto\n    fit:\n      tcp.lossRate: [0.001]\n      ‸\n');
  assert.deepEqual(ctx, { kind: 'key', prefix: '', parentPath: 'hypotheses.fit', existingKeys: ['tcp.lossRate'], sequenceItem: false });
  const groups = new Set(CONFIG_DOCS.map((d) => d.path.split('.')[0]));
  assert.deepEqual(new Set(childKeys(docs, 'hypotheses.fit').map((c) => c.name)), groups);
  for (const d of CONFIG_DOCS) assert.ok(findDoc(docs, `hypotheses.fit.${d.path}`), `fit key ${d.path} is documented`);
  const nested = ctxAt('hypotheses:\n  - preset: loss-rto\n    fit:\n      tcp:\n        rto‸\n');
  assert.deepEqual(nested, { kind: 'key', prefix: 'rto', parentPath: 'hypotheses.fit.tcp', existingKeys: [], sequenceItem: false });
  assert.ok(childKeys(docs, 'hypotheses.fit.tcp').some((c) => c.name === 'rtoMinMs'));
  // and the nested form is accepted as the dotted one
  const c = checkExplainSpec('samples: [1]\nhypotheses:\n  - preset: loss-rto\n    fit:\n      tcp:\n        rtoMinMs: [200, 300]\n');
  assert.deepEqual(c.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(c.hypotheses, [{ preset: 'loss-rto', fit: { 'tcp.rtoMinMs': [200, 300] } }]);
});

test('hover explains a preset item, the `preset:` value and a `fit:` key', () => {
  const item = hoverAt('hypotheses:\n  - vcpu-con‸tention\n')!;
  assert.equal(item.loc.path, 'hypotheses');
  assert.match(item.doc!.description, /vcpu-contention: neighbours\.cpuBound ∈ \[1, 2, 3, 4\]/);
  const preset = hoverAt('hypotheses:\n  - preset: loss-‸rto\n')!;
  assert.equal(preset.loc.path, 'hypotheses.preset');
  for (const [name, p] of Object.entries(PRESETS)) assert.ok(preset.doc!.description.includes(`• ${name}: ${p.summary}`), `${name} explained`);
  const fit = hoverAt('hypotheses:\n  - preset: loss-rto\n    fit:\n      tcp.loss‸Rate: [0.001]\n')!;
  assert.equal(fit.loc.path, 'hypotheses.fit.tcp.lossRate');
  const model = CONFIG_DOCS.find((d) => d.path === 'tcp.lossRate')!;
  assert.ok(fit.doc!.description.includes(model.description), fit.doc!.description);
  assert.match(fit.doc!.type, /^list of/);
});
