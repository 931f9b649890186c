import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/cells/data';

test('CSV: quotes, escaped quotes, embedded newlines keep the starting line number', () => {
  const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n\n"multi\nline",3\n4,\n');
  assert.deepEqual(records, [
    { fields: ['a', 'b'], line: 1 },
    { fields: ['x, y', 'say "hi"'], line: 2 },
    { fields: ['multi\nline', '3'], line: 4 },
    { fields: ['4', ''], line: 6 },
  ]);
});

test('CSV: semicolon and tab delimiters are detected from the first line', () => {
  assert.deepEqual(parseCsv('a;b\n1,5;2\n').map((r) => r.fields), [['a', 'b'], ['1,5', '2']]);
  assert.deepEqual(parseCsv('a\tb\n1\t2').map((r) => r.fields), [['a', 'b'], ['1', '2']]);
});
