// The shared spec schema's list type (items that are a name or a mapping) and mappings of dotted
// keys: checked item by item with the usual "did you mean" fixes, and documented for completion
// and hover under the list's key (`items.name`), as src/cells/spec/context.ts names the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpec, keyDocs, literalValues, typeText, type SpecSchema } from '../../src/cells/spec';
import { childKeys, findDoc } from '../../src/cells/spec/context';

const schema: SpecSchema = {
  language: 'xenlat-test',
  fields: {
    items: {
      type: 'list',
      minItems: 1,
      description: 'names or {name, opts}',
      items: {
        type: 'oneOf',
        options: [
          { type: 'enum', values: ['alpha', 'beta'] },
          {
            type: 'object',
            fields: {
              name: { type: 'enum', values: ['alpha', 'beta'], required: true, description: 'which' },
              opts: {
                type: 'object',
                dottedKeys: true,
                description: 'options',
                fields: {
                  'tcp.lossRate': { type: 'list', items: { type: 'number', min: 0, max: 1 }, minItems: 1, description: 'loss rates' },
                  'tcp.rtoMinMs': { type: 'list', items: { type: 'number', min: 1 }, description: 'RTOs' },
                  'pool.size': { type: 'list', items: { type: 'integer', min: 1 }, description: 'sizes' },
                },
              },
            },
          },
        ],
      },
    },
  },
};

const check = (src: string) => checkSpec(schema, src);
const errors = (src: string) => check(src).diagnostics.filter((d) => d.severity === 'error');

test('a list of names or mappings: each item checked, values normalised', () => {
  const c = check('items:\n  - alpha\n  - name: beta\n    opts:\n      tcp.lossRate: [0.1, 0.2]\n');
  assert.deepEqual(c.diagnostics, []);
  assert.deepEqual(c.value.items, ['alpha', { name: 'beta', opts: { 'tcp.lossRate': [0.1, 0.2] } }]);
  assert.deepEqual(check('items: [alpha, {name: beta}]').value.items, ['alpha', { name: 'beta' }]);
});

test('dotted keys may be written nested, and come out dotted', () => {
  const c = check('items:\n  - name: alpha\n    opts:\n      tcp:\n        lossRate: [0.1]\n        rtoMinMs: [200]\n      pool.size: [3]\n');
  assert.deepEqual(c.diagnostics, []);
  assert.deepEqual(c.value.items, [{ name: 'alpha', opts: { 'tcp.lossRate': [0.1], 'tcp.rtoMinMs': [200], 'pool.size': [3] } }]);
  // and a key a dotted key does not start with is still unknown
  assert.match(errors('items:\n  - name: alpha\n    opts:\n      zzz:\n        lossRate: [0.1]\n')[0]!.message, /unknown key "items\[0\]\.opts\.zzz"/);
});

test('a misspelt name, item key or dotted key gets "did you mean" with a fix, on the right range', () => {
  const bare = errors('items:\n  - alpah\n');
  assert.equal(bare.length, 1);
  assert.match(bare[0]!.message, /items\[0\]: "alpah" is not one of alpha, beta \(did you mean "alpha"\?\)/);
  assert.deepEqual(bare[0]!.fix, { title: 'Change to "alpha"', replacement: 'alpha' });
  assert.deepEqual([bare[0]!.range.startLine, bare[0]!.range.startCol, bare[0]!.range.endCol], [1, 4, 9]);

  const inMap = errors('items:\n  - name: bta\n');
  assert.equal(inMap.length, 1);
  assert.equal(inMap[0]!.path, 'items[0].name');
  assert.equal(inMap[0]!.fix?.replacement, 'beta');

  const dotted = errors('items:\n  - name: beta\n    opts: {tcp.lossRat: [0.1]}\n');
  assert.equal(dotted[0]!.message, 'unknown key "items[0].opts.tcp.lossRat": did you mean "items[0].opts.tcp.lossRate"?');
  assert.equal(dotted[0]!.fix?.replacement, 'tcp.lossRate');

  const nested = errors('items:\n  - name: beta\n    opts:\n      tcp:\n        lossrat: [0.1]\n');
  assert.equal(nested[0]!.message, 'unknown key "items[0].opts.tcp.lossrat": did you mean "items[0].opts.tcp.lossRate"?');
  assert.equal(nested[0]!.fix?.replacement, 'lossRate');
});

test('item values, empty lists and wrong shapes are errors', () => {
  assert.match(errors('items:\n  - name: alpha\n    opts: {tcp.lossRate: [2]}\n')[0]!.message, /items\[0\]\.opts\.tcp\.lossRate\[0\]: must be ≤ 1/);
  assert.match(errors('items:\n  - name: alpha\n    opts: {tcp.lossRate: []}\n')[0]!.message, /needs at least 1 item/);
  assert.match(errors('items: []')[0]!.message, /items: needs at least 1 item/);
  assert.match(errors('items: 3')[0]!.message, /items: expected a list of \(alpha \| beta or mapping\), got the number 3/);
  assert.match(errors('items:\n  - opts: {}\n')[0]!.message, /missing required key "items\[0\]\.name"/);
});

test('keyDocs: the list offers its names, and its items\' keys sit under the list\'s key', () => {
  const docs = keyDocs(schema);
  assert.equal(typeText(schema.fields.items!), 'list of (alpha | beta or mapping)');
  assert.deepEqual(literalValues(schema.fields.items!), ['alpha', 'beta']);
  assert.deepEqual(findDoc(docs, 'items')?.values, ['alpha', 'beta']);
  assert.deepEqual(childKeys(docs, 'items').map((c) => c.name), ['name', 'opts']);
  assert.deepEqual(findDoc(docs, 'items.name')?.values, ['alpha', 'beta']);
  assert.deepEqual(childKeys(docs, 'items.opts').map((c) => [c.name, c.hasChildren]), [['tcp', true], ['pool', true]]);
  assert.deepEqual(childKeys(docs, 'items.opts.tcp').map((c) => c.name), ['lossRate', 'rtoMinMs']);
  assert.equal(findDoc(docs, 'items[0].opts.tcp.lossRate')?.description, 'loss rates');
});
