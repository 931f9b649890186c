import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prettyJson } from '../../src/format/pretty-json';

test('flat data stays on one line; strings arrays and nested objects are pretty-printed', () => {
  const v = { source: ['a', 'b'], values: [1, 2.5, null, true], rows: [{ lo: 1, hi: 2, label: 'x' }, { nested: { a: 1 } }], empty: [], obj: {} };
  assert.equal(
    prettyJson(v),
    [
      '{',
      '  "source": [',
      '    "a",',
      '    "b"',
      '  ],',
      '  "values": [1, 2.5, null, true],',
      '  "rows": [',
      '    {"lo": 1, "hi": 2, "label": "x"},',
      '    {',
      '      "nested": {',
      '        "a": 1',
      '      }',
      '    }',
      '  ],',
      '  "empty": [],',
      '  "obj": {}',
      '}',
    ].join('\n'),
  );
});

test('it is JSON: parses back to exactly what JSON.stringify would produce', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      assert.deepEqual(JSON.parse(prettyJson(v)), JSON.parse(JSON.stringify(v)));
    }),
    { numRuns: 500 },
  );
});
