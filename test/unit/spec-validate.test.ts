import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpec, keyDocs, type SpecSchema } from '../../src/cells/spec';

const schema: SpecSchema = {
  language: 'xenlat-test',
  fields: {
    rate: { type: 'rate', min: 0, description: 'offered load' },
    unit: { type: 'enum', values: ['us', 'ms', 's'], default: 'ms', description: 'unit' },
    stallThresholdMs: { type: 'number', exclusiveMin: 0, unit: 'ms', default: 100, description: 'threshold' },
    count: { type: 'integer', min: 1, description: 'how many' },
    verbose: { type: 'boolean', description: 'chatty' },
    values: { type: 'numberList', min: 0, description: 'values' },
    timeout: { type: 'duration', min: 0, description: 'timeout' },
    pattern: { type: 'regex', groups: 1, description: 'pattern' },
    name: { type: 'string', required: true, description: 'name' },
    column: { type: 'oneOf', options: [{ type: 'integer', min: 0 }, { type: 'string' }], description: 'column' },
    scheduler: {
      type: 'object',
      description: 'scheduler',
      fields: { tsliceMs: { type: 'number', min: 0, unit: 'ms', default: 30, description: 'time slice' } },
    },
  },
};

const at = (d: { range: { startLine: number; startCol: number; endLine: number; endCol: number } }) => [
  d.range.startLine,
  d.range.startCol,
  d.range.endLine,
  d.range.endCol,
];

test('valid spec: normalised values and defaults', () => {
  const c = checkSpec(schema, 'name: x\nrate: 5000/s\ntimeout: 250us\nvalues: [1, 2.5]\ncolumn: 2\nscheduler:\n  tsliceMs: 5\n');
  assert.deepEqual(c.diagnostics, []);
  assert.equal(c.ok, true);
  assert.deepEqual(c.value, {
    name: 'x',
    rate: 5000,
    timeout: 0.25,
    values: [1, 2.5],
    column: 2,
    scheduler: { tsliceMs: 5 },
    unit: 'ms',
    stallThresholdMs: 100,
  });
  assert.equal(checkSpec(schema, 'name: x').value.scheduler && (checkSpec(schema, 'name: x').value.scheduler as any).tsliceMs, 30);
});

test('YAML syntax errors are positioned', () => {
  const c = checkSpec(schema, 'name: x\nvalues: [1, 2\nunit: ms\n');
  const d = c.diagnostics.find((d) => d.message.startsWith('YAML'))!;
  assert.ok(d, JSON.stringify(c.diagnostics));
  assert.equal(d.severity, 'error');
  assert.equal(d.range.startLine, 2);
  const q = checkSpec(schema, 'name: "x\n');
  assert.deepEqual(at(q.diagnostics[0]), [0, 7, 0, 8]); // end of input: on the last character
  assert.match(q.diagnostics[0].message, /quote/);
  const dup = checkSpec(schema, 'name: x\nname: y\n');
  assert.deepEqual(at(dup.diagnostics[0]), [1, 0, 1, 4]);
  assert.match(dup.diagnostics[0].message, /unique/);
});

test('wrong types point at the value and say what was expected', () => {
  const c = checkSpec(schema, 'name: x\nstallThresholdMs: abc\nverbose: 3\n');
  assert.equal(c.ok, false);
  const [a, b] = c.diagnostics;
  assert.equal(a.message, 'stallThresholdMs: expected a number > 0 (ms), got the text "abc"');
  assert.deepEqual(at(a), [1, 18, 1, 21]);
  assert.equal(a.path, 'stallThresholdMs');
  assert.match(b.message, /^verbose: expected one of true, false, got the number 3/);
  assert.deepEqual(at(b), [2, 9, 2, 10]);
});

test('bounds, integers, list items, durations, regexes', () => {
  const c = checkSpec(
    schema,
    'name: x\nstallThresholdMs: 0\ncount: 1.5\nvalues: [1, -2, "q"]\ntimeout: 10 mins\npattern: "took \\\\d+"\n',
  );
  const byPath = Object.fromEntries(c.diagnostics.map((d) => [d.path, d]));
  assert.equal(byPath.stallThresholdMs.message, 'stallThresholdMs: must be > 0 ms (got 0)');
  assert.equal(byPath.count.message, 'count: must be a whole number (got 1.5)');
  assert.equal(byPath['values[1]'].message, 'values[1]: must be ≥ 0 (got -2)');
  assert.deepEqual(at(byPath['values[1]']), [3, 12, 3, 14]);
  assert.match(byPath['values[2]'].message, /expected a number, got the text "q"/);
  assert.match(byPath.timeout.message, /"10 mins" is not a duration/);
  assert.match(byPath.pattern.message, /capture group/);
  const bad = checkSpec(schema, 'name: x\npattern: "(unclosed"\n');
  assert.match(bad.diagnostics[0].message, /^pattern: not a valid regular expression/);
});

test('bad enum value: message lists the allowed values, range is the value', () => {
  const c = checkSpec(schema, 'name: x\nunit: minutes\n');
  assert.equal(c.diagnostics.length, 1);
  assert.equal(c.diagnostics[0].message, 'unit: "minutes" is not one of us, ms, s');
  assert.deepEqual(at(c.diagnostics[0]), [1, 6, 1, 13]);
  const close = checkSpec(schema, 'name: x\nunit: MS\n');
  assert.match(close.diagnostics[0].message, /did you mean "ms"/);
});

test('unknown keys are flagged at the key, with a suggestion when close', () => {
  const c = checkSpec(schema, 'name: x\nstallTreshold: 5\nfoo: 1\nscheduler:\n  tslice: 3\n');
  const [a, b, n] = c.diagnostics;
  assert.equal(a.message, 'unknown key "stallTreshold": did you mean "stallThresholdMs"?');
  assert.deepEqual(at(a), [1, 0, 1, 13]);
  assert.match(b.message, /^unknown key "foo" \(known keys: rate, unit/);
  assert.equal(n.message, 'unknown key "scheduler.tslice": did you mean "scheduler.tsliceMs"?');
  assert.deepEqual(at(n), [4, 2, 4, 8]);
  const lenient = checkSpec({ ...schema, unknownKeys: 'warning' }, 'name: x\nfoo: 1\n');
  assert.equal(lenient.diagnostics[0].severity, 'warning');
  assert.equal(lenient.ok, true);
});

test('missing required keys, empty values, non-mapping documents', () => {
  assert.match(checkSpec(schema, '').diagnostics[0].message, /missing required key "name"/);
  const empty = checkSpec(schema, 'name: x\nunit:\n');
  assert.equal(empty.diagnostics[0].message, 'unit: no value given (expected us | ms | s)');
  assert.equal(empty.diagnostics[0].range.startLine, 1);
  const list = checkSpec(schema, '- 1\n- 2\n');
  assert.match(list.diagnostics[0].message, /mapping of "key: value" lines, but this is a list/);
});

test('oneOf: picks the option that fits, explains the closest one otherwise', () => {
  assert.equal(checkSpec(schema, 'name: x\ncolumn: latency\n').value.column, 'latency');
  const neg = checkSpec(schema, 'name: x\ncolumn: -1\n');
  assert.equal(neg.diagnostics[0].message, 'column: must be ≥ 0 (got -1)');
  const list = checkSpec(schema, 'name: x\ncolumn: [1]\n');
  assert.match(list.diagnostics[0].message, /column: expected a integer ≥ 0 or string|column: expected an integer ≥ 0 or string/);
});

test('validation never throws on garbage', () => {
  for (const src of ['{', ': :', '\t\tname: [', '&a [*a]', 'name: *nope', '---\n---\n', '%YAML 9\n']) {
    const c = checkSpec(schema, src);
    assert.ok(Array.isArray(c.diagnostics));
  }
});

test('keyDocs come from the schema, nested keys dotted', () => {
  const docs = keyDocs(schema);
  const unit = docs.find((d) => d.key === 'unit')!;
  assert.deepEqual(unit.values, ['us', 'ms', 's']);
  assert.equal(unit.type, 'us | ms | s');
  assert.equal(unit.default, 'ms');
  assert.equal(docs.find((d) => d.key === 'stallThresholdMs')!.type, 'number > 0 (ms)');
  assert.ok(docs.some((d) => d.key === 'scheduler.tsliceMs'));
  assert.deepEqual(docs.find((d) => d.key === 'verbose')!.values, ['true', 'false']);
});
