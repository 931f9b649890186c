import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCellKind, specError } from '../../src/cells/define-kind';
import { dataCell } from '../../src/cells/data';
import { cellLanguages, getCellKind, languageList, starterCell } from '../../src/cells/registry';
import { CellError, type CheckedSpec } from '../../src/cells/types';
import { runCell } from '../../src/runner/run-cell';
import { workerOf } from '../../src/runner/worker-runner';
import { testContext } from '../support/cell-context';

const at = { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };

/** A kind that only counts: `x: <n>` is ok, anything else one error. */
function countingKind(opts: { throwInCheck?: boolean } = {}) {
  const calls = { check: 0, run: 0 };
  const kind = defineCellKind<CheckedSpec & { n: number }>({
    language: 'xenlat-test',
    check: (source) => {
      calls.check++;
      if (opts.throwInCheck) throw new Error('boom');
      const m = /^x: (\d+)$/.exec(source);
      const diagnostics = m ? [] : [{ severity: 'error' as const, message: 'x: expected', path: 'x', range: { ...at, startLine: 2 } }];
      return { diagnostics, ok: !!m, raw: m ? { x: Number(m[1]), seed: 7 } : undefined, n: m ? Number(m[1]) : 0 };
    },
    keyDocs: () => [],
    runChecked: async (checked) => {
      calls.run++;
      return { result: { kind: 'xenlat-test', summary: undefined as never, n: checked.n }, charts: [], markdown: '' };
    },
  });
  return { kind, calls };
}

test('defineCellKind: validate turns a bug in the check into one diagnostic instead of a throw', () => {
  const { kind } = countingKind({ throwInCheck: true });
  const d = kind.validate('x: 1');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /internal error while checking the spec: boom/);
});

test('defineCellKind: run checks once and refuses an invalid spec with every error and its line', async () => {
  const { kind, calls } = countingKind();
  const out = await kind.run('x: 4', testContext());
  assert.equal(out.result.n, 4);
  assert.deepEqual(calls, { check: 1, run: 1 });
  await assert.rejects(kind.run('y', testContext()), (e: unknown) => e instanceof CellError && /The xenlat-test spec has a problem:\n {2}line 3: x: expected/.test(e.message));
  assert.equal(calls.run, 1);
});

test('defineCellKind: default provenance is the document as written with its seed; default preflight needs nothing', () => {
  const { kind } = countingKind();
  const checked = kind.check('x: 3');
  assert.deepEqual(kind.provenance(checked), { spec: { x: 3, seed: 7 }, seed: 7 });
  assert.deepEqual(kind.preflight(checked), { hosts: [], secretNames: [] });
  assert.deepEqual(kind.provenance(kind.check('nope')), { spec: null });
});

test('specError counts the problems', () => {
  const e = specError('xenlat-x', [
    { severity: 'error', message: 'a', path: '', range: at },
    { severity: 'warning', message: 'w', path: '', range: at },
    { severity: 'error', message: 'b', path: '', range: { ...at, startLine: 4 } },
  ]);
  assert.equal(e.message, 'The xenlat-x spec has 2 problems:\n  line 1: a\n  line 5: b');
});

test('the runner checks a spec once and passes that check to the run and the provenance', async () => {
  const original = dataCell.check;
  let checks = 0;
  dataCell.check = (source) => {
    checks++;
    return original(source);
  };
  try {
    const r = await runCell({ language: dataCell.language, source: 'samples: [1, 2]\nseed: 5', notebookDir: '.' }, { signal: new AbortController().signal });
    // `seed` is not a data key: the check fails, once.
    assert.equal(r.ok, false);
    assert.equal(checks, 1);
    const ok = await runCell({ language: dataCell.language, source: 'samples: [1, 2]', notebookDir: '.' }, { signal: new AbortController().signal });
    assert.equal(ok.ok, true);
    assert.equal(checks, 2);
    assert.deepEqual((ok.result as { provenance: { spec: unknown } }).provenance.spec, { samples: [1, 2] });
  } finally {
    dataCell.check = original;
  }
});

test('the registry: languages as prose, the starter cell, and each kind says which worker it needs', () => {
  assert.equal(languageList('and'), `${cellLanguages.slice(0, -1).join(', ')} and ${cellLanguages.at(-1)}`);
  const starter = starterCell();
  assert.ok(starter && getCellKind(starter.language)?.validate(starter.source).length === 0, 'the starter cell is valid');
  for (const language of cellLanguages) {
    assert.equal(workerOf(language), getCellKind(language)!.worker ?? workerOf('no-such-language'));
  }
  assert.equal(workerOf('no-such-language').name, 'default');
});

test('the editor knows every registered kind: package.json contributes its language and grammar', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { languages: { id: string }[]; grammars: { language: string }[] } };
  for (const language of cellLanguages) {
    assert.ok(pkg.contributes.languages.some((l) => l.id === language), `${language} in contributes.languages`);
    assert.ok(pkg.contributes.grammars.some((g) => g.language === language), `${language} in contributes.grammars`);
  }
});
