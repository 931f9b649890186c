// The editor and `xenlat run` must store the same outputs for the same run: the controller hands
// fresh outputs to VS Code through the file mapping, and saving maps them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCell } from '../../src/runner/run-cell';
import { toCellOutputs } from '../../src/runner/outputs';
import { outputToPlain, parseNotebook, plainToNotebook, serializeNotebook, type NotebookFile } from '../../src/format';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-outputs-'));

test('outputs of a run save identically from the editor and from the CLI, metadata included', async () => {
  const source = 'samples: [1, 2, 3, 150]\nunit: ms\nstallThresholdMs: 100';
  const r = await runCell({ language: 'xenlat-data', source, notebookDir: dir }, { signal: new AbortController().signal });
  assert.equal(r.ok, true);

  const cli: NotebookFile = {
    metadata: {},
    cells: [{ id: 'c1', kind: 'code', language: 'xenlat-data', source, outputs: toCellOutputs(r.outputs) }],
  };
  const editor = plainToNotebook({
    metadata: {},
    cells: [{
      kind: 'code', value: source, languageId: 'xenlat-data', metadata: { id: 'c1' },
      outputs: toCellOutputs(r.outputs).map(outputToPlain),
    }],
  });
  const saved = serializeNotebook(editor);
  assert.equal(saved, serializeNotebook(cli));

  const roles = parseNotebook(saved).cells[0].outputs.map((o) => (o.metadata?.xenlat as { role?: string } | undefined)?.role);
  assert.deepEqual(roles, ['result', 'chart', 'chart']);
});
