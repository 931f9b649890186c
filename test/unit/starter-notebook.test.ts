// The new-notebook template shows every kind with a starter, and each starter runs as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellLanguages, getCellKind } from '../../src/cells/registry';
import { starterNotebook } from '../../src/cells/starter-notebook';

test('the template has a story, then an introduced cell of each kind (data, probe, simulation)', () => {
  const cells = starterNotebook();
  assert.equal(cells[0].kind, 'markdown');
  const code = cells.filter((c) => c.kind === 'code');
  for (const language of ['xenlat-data', 'xenlat-probe', 'xenlat-sim']) assert.ok(code.some((c) => c.language === language), `a ${language} cell`);
  for (const [i, c] of cells.entries()) if (c.kind === 'code') assert.equal(cells[i - 1].kind, 'markdown', `${c.language} is introduced`);
  // The probe stays on this machine: nothing is sent anywhere without a question.
  assert.match(code.find((c) => c.language === 'xenlat-probe')!.source, /127\.0\.0\.1:11211/);
  assert.match(code.find((c) => c.language === 'xenlat-sim')!.source, /preset: /);
});

test('every starter is a valid spec of its kind', () => {
  for (const language of cellLanguages) {
    const kind = getCellKind(language)!;
    if (kind.template === undefined) continue;
    assert.deepEqual(kind.validate(kind.template), [], `${language} template`);
  }
});

test('the data and simulation starters run (the probe needs a server)', { timeout: 60_000 }, async () => {
  for (const language of ['xenlat-data', 'xenlat-sim']) {
    const kind = getCellKind(language)!;
    const out = await kind.run(kind.template!, { notebookDir: '.', signal: new AbortController().signal, progress: () => {} });
    assert.ok(out.result.summary.count > 0, language);
    assert.ok(!out.failure, language);
  }
});
