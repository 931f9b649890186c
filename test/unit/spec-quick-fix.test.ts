// "Did you mean" diagnostics carry a quick fix: replacing the diagnostic's range with the fix
// gives a spec without that problem (keys, nested keys, enum values in their own quotes, sweep keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCellKind } from '../../src/cells/registry';
import type { SpecDiagnostic } from '../../src/cells/types';

function apply(source: string, d: SpecDiagnostic): string {
  const lines = source.split('\n');
  const offset = (line: number, col: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + col;
  const { startLine, startCol, endLine, endCol } = d.range;
  return source.slice(0, offset(startLine, startCol)) + d.fix!.replacement + source.slice(offset(endLine, endCol));
}

function fixOnce(language: string, source: string, title: string): string {
  const kind = getCellKind(language)!;
  const diags = kind.validate(source).filter((d) => d.fix);
  assert.equal(diags.length, 1, `one fixable diagnostic in ${JSON.stringify(source)}: ${JSON.stringify(kind.validate(source))}`);
  assert.equal(diags[0].fix!.title, title);
  const fixed = apply(source, diags[0]);
  assert.deepEqual(kind.validate(fixed).filter((d) => d.severity === 'error'), [], `after the fix: ${fixed}`);
  return fixed;
}

test('a misspelt key is fixed to the key the diagnostic names', () => {
  assert.equal(fixOnce('xenlat-data', 'samples: [1, 2]\nstallTreshold: 50\n', 'Change to "stallThresholdMs"'), 'samples: [1, 2]\nstallThresholdMs: 50\n');
  assert.equal(fixOnce('xenlat-probe', 'target: a:1\nconections: 2\n', 'Change to "connections"'), 'target: a:1\nconnections: 2\n');
});

test('a misspelt nested key and a sweep key are fixed in place', () => {
  assert.equal(fixOnce('xenlat-sim', 'preset: baseline\nscheduler:\n  tslicems: 5\n', 'Change to "tsliceMs"'), 'preset: baseline\nscheduler:\n  tsliceMs: 5\n');
  assert.equal(fixOnce('xenlat-sim', 'preset: baseline\nsweep:\n  neighbours.cpuBund: [0, 1]\n', 'Change to "neighbours.cpuBound"'), 'preset: baseline\nsweep:\n  neighbours.cpuBound: [0, 1]\n');
});

test('a misspelt value is fixed, keeping its quotes', () => {
  assert.equal(fixOnce('xenlat-data', 'samples: [1]\nunit: mss\n', 'Change to "ms"'), 'samples: [1]\nunit: ms\n');
  assert.equal(fixOnce('xenlat-probe', 'target: a:1\nop: "gte"\n', 'Change to "get"'), 'target: a:1\nop: "get"\n');
  assert.equal(fixOnce('xenlat-probe', "target: a:1\nop: 'sett'\n", 'Change to "set"'), "target: a:1\nop: 'set'\n");
});

test('no fix is offered when nothing is close', () => {
  const kind = getCellKind('xenlat-data')!;
  assert.ok(kind.validate('samples: [1]\nzzzzzz: 1\n').every((d) => !d.fix));
});

test('a misspelt preset or fit key inside an explain cell\'s hypotheses is fixed in place', () => {
  assert.equal(fixOnce('xenlat-explain', 'samples: [1]\nhypotheses:\n  - vcpu-contenton\n', 'Change to "vcpu-contention"'), 'samples: [1]\nhypotheses:\n  - vcpu-contention\n');
  assert.equal(fixOnce('xenlat-explain', 'samples: [1]\nhypotheses: [loss-rto, "nagle-delayed-ak"]\n', 'Change to "nagle-delayed-ack"'), 'samples: [1]\nhypotheses: [loss-rto, "nagle-delayed-ack"]\n');
  assert.equal(fixOnce('xenlat-explain', 'samples: [1]\nhypotheses:\n  - preset: los-rto\n', 'Change to "loss-rto"'), 'samples: [1]\nhypotheses:\n  - preset: loss-rto\n');
  assert.equal(
    fixOnce('xenlat-explain', 'samples: [1]\nhypotheses:\n  - preset: loss-rto\n    fit:\n      tcp.lossRat: [0.001]\n', 'Change to "tcp.lossRate"'),
    'samples: [1]\nhypotheses:\n  - preset: loss-rto\n    fit:\n      tcp.lossRate: [0.001]\n',
  );
  assert.equal(
    fixOnce('xenlat-explain', 'samples: [1]\nhypotheses:\n  - preset: loss-rto\n    fit:\n      tcp:\n        lossrate: [0.001]\n', 'Change to "lossRate"'),
    'samples: [1]\nhypotheses:\n  - preset: loss-rto\n    fit:\n      tcp:\n        lossRate: [0.001]\n',
  );
});
