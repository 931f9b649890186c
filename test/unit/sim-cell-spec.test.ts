import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSimSpec, simCell } from '../../src/cells/sim';
import { childKeys, findDoc } from '../../src/cells/spec/context';
import { CONFIG_DOCS, DEFAULT_CONFIG } from '../../src/sim/xen/config';
import { PRESETS } from '../../src/sim/xen/presets';

function diags(source: string) {
  return simCell.validate(source);
}

function errorsAt(source: string) {
  return diags(source)
    .filter((d) => d.severity === 'error')
    .map((d) => ({ line: d.range.startLine, col: d.range.startCol, message: d.message }));
}

test('a spec with a preset, overrides and a sweep validates cleanly', () => {
  const source = [
    'title: contention',
    'preset: vcpu-contention',
    'seed: 7',
    'requests: 2000',
    'rate: 500/s',
    'stallThresholdMs: 20',
    'neighbours:',
    '  cpuBound: 2',
    'scheduler:',
    '  kind: credit',
    '  tsliceMs: 10',
    '  ratelimitUs: 1000',
    '  boost: false',
    'dom0:',
    '  dedicated: true',
    'tcp:',
    '  nagle: true',
    '  delayedAckMs: 40',
    '  lossRate: 0.001',
    '  rtoMinMs: 300',
    'sweep:',
    '  neighbours.cpuBound: [0, 1, 2]',
    '  scheduler:',
    '    kind: [credit, credit2]',
    '',
  ].join('\n');
  assert.deepEqual(diags(source).filter((d) => d.severity === 'error'), []);
});

test('unknown key: error on its line, with did-you-mean, also nested', () => {
  assert.deepEqual(errorsAt('preset: baseline\nrequets: 100\n'), [{ line: 1, col: 0, message: 'unknown key "requets": did you mean "requests"?' }]);
  const nested = errorsAt('scheduler:\n  kind: credit\n  tslice: 5\n');
  assert.equal(nested.length, 1);
  assert.equal(nested[0]!.line, 2);
  assert.equal(nested[0]!.col, 2);
  assert.match(nested[0]!.message, /did you mean "scheduler\.tsliceMs"/);
});

test('bad enum value: error at the value, with did-you-mean', () => {
  const e = errorsAt('scheduler:\n  kind: credit3\n');
  assert.equal(e.length, 1);
  assert.deepEqual([e[0]!.line, e[0]!.col], [1, 8]);
  assert.match(e[0]!.message, /"credit3" is not one of credit, credit2 \(did you mean "credit"\?\)/);
  const p = errorsAt('preset: vcpu-contension\n');
  assert.match(p[0]!.message, /did you mean "vcpu-contention"/);
});

test('rate text, range checks and rate/ratePerSec conflict', () => {
  assert.deepEqual(errorsAt('rate: 500/s\n'), []);
  assert.equal(checkSimSpec('rate: 2/ms\n').config.ratePerSec, 2000);
  assert.match(errorsAt('rate: 500 per second\n')[0]!.message, /not a rate/);
  assert.match(errorsAt('tcp:\n  lossRate: 2\n')[0]!.message, /must be ≤ 1/);
  const both = errorsAt('rate: 500/s\nratePerSec: 100\n');
  assert.deepEqual(both.map((d) => d.line), [0, 1]);
});

test('sweep: unknown key with did-you-mean at the key, bad item at the item', () => {
  const unknown = errorsAt('sweep:\n  neighbours.cpuBond: [0, 1]\n');
  assert.deepEqual(unknown, [{ line: 1, col: 2, message: 'sweep.neighbours.cpuBond: unknown model key "neighbours.cpuBond": did you mean "neighbours.cpuBound"?' }]);
  const item = errorsAt('sweep:\n  scheduler.kind:\n    - credit\n    - credti2\n');
  assert.equal(item.length, 1);
  assert.deepEqual([item[0]!.line, item[0]!.col], [3, 6]);
  assert.match(item[0]!.message, /sweep\.scheduler\.kind\[1\]: "credti2" is not one of credit, credit2 \(did you mean "credit2"\?\)/);
  const typed = errorsAt('sweep:\n  neighbours.cpuBound: [0, 1.5, two]\n');
  assert.deepEqual(typed.map((d) => [d.line, d.col]), [[1, 27], [1, 32]]);
  assert.match(typed[0]!.message, /whole number/);
  const notList = errorsAt('sweep:\n  tcp.nagle: true\n');
  assert.match(notList[0]!.message, /expected a list of values to sweep/);
  const group = errorsAt('sweep:\n  scheduler: [1, 2]\n');
  assert.match(group[0]!.message, /is a group of keys/);
  const three = errorsAt('sweep:\n  tcp.nagle: [true, false]\n  pcpus: [1, 2]\n  rate: [100/s, 200/s]\n');
  assert.deepEqual(three.map((d) => d.line), [3]);
  assert.match(three[0]!.message, /at most 2 keys/);
  assert.match(errorsAt('sweep:\n  seed: [1, 2]\n')[0]!.message, /cannot be swept/);
  assert.match(errorsAt('sweep: {}\n')[0]!.message, /add one or two keys/);
});

test('sweep: cross-key rules are checked for every combination', () => {
  const e = errorsAt('guest:\n  vcpus: 2\n  appVcpu: 1\nsweep:\n  guest.vcpus: [1, 2]\n');
  assert.equal(e.length, 1);
  assert.equal(e[0]!.line, 4);
  assert.match(e[0]!.message, /guest\.vcpus = 1.*appVcpu must be < guest\.vcpus/);
});

test('a swept key also written at the top level gets an info note', () => {
  const d = diags('neighbours:\n  cpuBound: 1\nsweep:\n  neighbours.cpuBound: [0, 2]\n');
  assert.deepEqual(d.map((x) => [x.severity, x.range.startLine]), [['info', 1]]);
});

test('preset + override precedence: preset over defaults, spec keys over the preset', () => {
  const preset = PRESETS['vcpu-contention'];
  const only = checkSimSpec('preset: vcpu-contention\n');
  assert.equal(only.config.neighbours.cpuBound, preset.overrides.neighbours.cpuBound);
  assert.equal(only.config.xen.version, '3.4');
  assert.equal(only.config.scheduler.tsliceMs, DEFAULT_CONFIG.scheduler.tsliceMs);
  const over = checkSimSpec('preset: vcpu-contention\nneighbours:\n  cpuBound: 1\nscheduler:\n  tsliceMs: 5\nrate: 50/s\n');
  assert.equal(over.config.neighbours.cpuBound, 1);
  assert.deepEqual(over.config.neighbours.pcpus, preset.overrides.neighbours.pcpus);
  assert.equal(over.config.scheduler.tsliceMs, 5);
  assert.equal(over.config.xen.version, '3.4');
  assert.equal(over.config.ratePerSec, 50);
  const none = checkSimSpec('requests: 10\n');
  assert.deepEqual({ ...none.config, requests: DEFAULT_CONFIG.requests }, DEFAULT_CONFIG);
});

test('key docs: every model key documented with its default; sweep keys complete', () => {
  const docs = simCell.keyDocs();
  for (const d of CONFIG_DOCS) {
    const doc = findDoc(docs, d.path);
    assert.ok(doc, d.path);
    const expected = d.default === null ? `from ${d.derivedFrom}` : typeof d.default === 'string' ? d.default : JSON.stringify(d.default);
    assert.equal(doc.default, expected, d.path);
  }
  assert.deepEqual(findDoc(docs, 'scheduler.kind')?.values, ['credit', 'credit2']);
  assert.deepEqual(findDoc(docs, 'preset')?.values, Object.keys(PRESETS));
  assert.match(findDoc(docs, 'preset')!.description, /vcpu-contention: k CPU-bound neighbours/);
  assert.equal(findDoc(docs, 'seed')?.default, '1');
  assert.ok(findDoc(docs, 'rate'));
  assert.ok(findDoc(docs, 'sweep'));
  assert.deepEqual(findDoc(docs, 'sweep.scheduler.kind')?.values, ['credit', 'credit2']);
  assert.ok(childKeys(docs, 'sweep').some((c) => c.name === 'neighbours' && c.hasChildren));
  assert.ok(childKeys(docs, '').some((c) => c.name === 'tcp' && c.hasChildren));
  assert.ok(childKeys(docs, 'tcp').some((c) => c.name === 'nagle'));
});

test('validate never throws on odd input', () => {
  for (const s of ['', '- a\n- b\n', 'sweep: 3\n', 'sweep:\n  - a\n', 'preset: [1]\n', ': :\n', 'sweep:\n  tcp:\n    nagle:\n']) {
    assert.ok(Array.isArray(diags(s)), s);
  }
  assert.match(errorsAt('sweep: 3\n')[0]!.message, /expected a mapping/);
});

test('xen.version is matched as written: 4.10 is Xen 4.10, not the number 4.1, in the spec and in a sweep', () => {
  const v410 = checkSimSpec('xen:\n  version: 4.10\n');
  assert.equal(v410.ok, true, JSON.stringify(v410.diagnostics));
  assert.equal(v410.config.xen.version, '4.10');
  assert.equal(checkSimSpec('xen:\n  version: 4.1\n').config.xen.version, '4.1');
  const sweep = checkSimSpec('sweep:\n  xen.version: [3.4, 4.10, 4.17]\n');
  assert.equal(sweep.ok, true, JSON.stringify(sweep.diagnostics));
  assert.deepEqual(sweep.axes[0]!.values, ['3.4', '4.10', '4.17']);
});
