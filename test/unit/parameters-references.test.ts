// What a spec's `${name}` means when checked and run: an undeclared name is an error naming it (at
// its line), except a probe target's environment variable; a declared parameter without a default
// is given at run time, which `xenlat check` says instead of flagging the reference as a bad value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mergeBundleSources } from '../../scripts/l10n-bundles.mjs';
import { useBundle, type Bundle } from '../../src/l10n';
import { getCellKind, languageList } from '../../src/cells/registry';
import { specError } from '../../src/cells/define-kind';
import { checkWithParameters } from '../../src/cells/spec/parameters';
import { findReferences } from '../../src/format/parameters';
import { runCell } from '../../src/runner/run-cell';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-param-refs-'));
const hooks = () => ({ signal: new AbortController().signal });
const meta = { parameters: [{ name: 'n', default: '2000' }, { name: 'preset' }] };

test('references are found with their line, columns and key; comments are not specs', () => {
  assert.deepEqual(findReferences('a: 1\n- rate: ${r:-5}/s # ${x}\n# ${y}\ntarget: "${H}"'), [
    { name: 'r', fallback: '5', line: 1, startCol: 8, endCol: 15, key: 'rate' },
    { name: 'H', line: 3, startCol: 9, endCol: 13, key: 'target' },
  ]);
});

test('an undeclared ${name} is an error naming it, at its line, in the editor and at run time', async () => {
  const sim = getCellKind('xenlat-sim')!;
  const source = 'preset: black-0.1s\nrequests: ${nn}\n';
  const diags = checkWithParameters(sim, source, meta);
  assert.deepEqual(
    diags.map((d) => [d.severity, d.message, d.range]),
    [['error', '`${nn}` names no declared parameter; declared: n, preset', { startLine: 1, startCol: 10, endLine: 1, endCol: 15 }]],
    'one error naming the parameter, not the type error about its text',
  );
  assert.equal(diags[0]!.fix?.replacement, '${n}', 'the quick fix names the close declared parameter');
  assert.match(checkWithParameters(sim, source, {})[0]!.message, /names no declared parameter; the notebook declares none/);

  const r = await runCell({ language: 'xenlat-data', source: 'samples: [1, 2]\nstallThresholdMs: ${nn}', notebookDir: dir, parameters: { n: '3', preset: null } }, hooks());
  assert.equal(r.ok, false);
  assert.equal(r.error!.message, 'The xenlat-data spec has a problem:\n  line 2: `${nn}` names no declared parameter; declared: n, preset');
  assert.deepEqual(r.error!.details, [{ line: 2, column: 19, message: '`${nn}` names no declared parameter; declared: n, preset' }]);
});

test('a probe target still takes ${ENV:-default} and ${ENV}; elsewhere in a probe an undeclared name is an error', () => {
  const probe = getCellKind('xenlat-probe')!;
  const source = 'target: ${XENLAT_MEMCACHED:-127.0.0.1:11211}\nrate: ${rat}/s\nrequests: ${n}\n';
  const diags = checkWithParameters(probe, source, meta).filter((d) => d.severity === 'error');
  assert.deepEqual(diags.map((d) => [d.range.startLine, d.message]), [[1, '`${rat}` names no declared parameter; declared: n, preset']]);
  process.env.XENLAT_TEST_TARGET = '127.0.0.1:11311';
  try {
    assert.deepEqual(checkWithParameters(probe, 'target: ${XENLAT_TEST_TARGET}\nrequests: ${n}\n', meta), []);
  } finally {
    delete process.env.XENLAT_TEST_TARGET;
  }
});

test('a declared parameter without a default is given at run time: a note, and the rest is checked', () => {
  const sim = getCellKind('xenlat-sim')!;
  const diags = checkWithParameters(sim, 'preset: ${preset}\nrequests: ${n}\nsed: 1\n', meta);
  assert.deepEqual(
    diags.map((d) => [d.severity, d.range.startLine, d.message]),
    [
      ['info', 0, '`${preset}` is given at run time (the parameter "preset" has no default): its value is checked when the cell runs'],
      ['error', 2, diags[1]!.message],
    ],
  );
  assert.match(diags[1]!.message, /sed/, 'the rest of the spec is still checked');
});

const cli = path.resolve('dist/cli.js');
const xenlat = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LANGUAGE: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'C' } });
const notebook = (source: string[], version = 1) =>
  JSON.stringify({ format: 'xenlat', version, metadata: meta, cells: [{ id: 'a', kind: 'code', language: 'xenlat-sim', source }] }, null, 2) + '\n';

test('xenlat check: a value given at run time is a note (exit 0); an undeclared name is an error at its line', () => {
  const ok = path.join(dir, 'runtime.xenlat');
  writeFileSync(ok, notebook(['preset: ${preset}', 'requests: ${n}']));
  const r = xenlat('check', ok);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /is not one of|error/);
  assert.match(r.stdout, /runtime\.xenlat:\d+:\d+: info: cell a \(preset\): `\$\{preset\}` is given at run time/);

  const bad = path.join(dir, 'undeclared.xenlat');
  const text = notebook(['preset: black-0.1s', 'requests: ${nn}']);
  writeFileSync(bad, text);
  const b = xenlat('check', bad);
  assert.equal(b.status, 1);
  const line = text.split('\n').findIndex((l) => l.includes('${nn}')) + 1;
  const column = text.split('\n')[line - 1]!.indexOf('${nn}') + 1;
  assert.equal(b.stdout.trim(), `${bad}:${line}:${column}: error: cell a (requests): \`\${nn}\` names no declared parameter; declared: n, preset`);
});

test('xenlat check of a file from a newer Xenlat says it in the editor\'s words', () => {
  const file = path.join(dir, 'newer.xenlat');
  writeFileSync(file, notebook(['preset: black-0.1s'], 7));
  const r = xenlat('check', file);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, /\(at \$/);
  assert.match(r.stderr, new RegExp(`newer\\.xenlat:\\d+:\\d+: This notebook was made by a newer Xenlat \\(format version 7\\); this version reads version 1\\. Update the Xenlat extension`));
});

test('under zh-CN the invalid-spec failure and the language lists are Chinese', () => {
  const diag = { severity: 'error' as const, message: 'x', path: '', range: { startLine: 1, startCol: 0, endLine: 1, endCol: 1 } };
  useBundle(mergeBundleSources('l10n/zh-cn') as Bundle);
  try {
    assert.equal(specError('xenlat-sim', [diag]).message, 'xenlat-sim 的 spec 有 1 个问题：\n  第 2 行：x');
    assert.equal(specError('xenlat-sim', [diag, diag]).message, 'xenlat-sim 的 spec 有 2 个问题：\n  第 2 行：x\n  第 2 行：x');
    assert.match(languageList('and'), /^xenlat-data，xenlat-sim，.* 和 xenlat-explain$/);
    assert.match(languageList('or'), / 或 xenlat-explain$/);
  } finally {
    useBundle(undefined);
  }
  assert.equal(languageList('and'), 'xenlat-data, xenlat-sim, xenlat-probe, xenlat-capture and xenlat-explain');
});
