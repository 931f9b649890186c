import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MIME_RESULT, MIME_SVG, fromFileJson, parseNotebook, serializeNotebook, type NotebookFile } from '../../src/format';
import { runCell } from '../../src/runner/run-cell';
import { toCellOutputs } from '../../src/runner/outputs';
import { renderSvgsInWorker } from '../../src/runner/svg-worker';
import { exampleNotebook } from './export-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-small-'));
const hooks = () => ({ signal: new AbortController().signal });
const SIM = 'preset: black-0.1s\nrequests: 3000\nseed: 7';

test('a reproducible result is stored without its samples (how many there were is kept); a measured one keeps them', async () => {
  const sim = await runCell({ language: 'xenlat-sim', source: SIM, notebookDir: dir }, hooks());
  assert.equal(sim.ok, true, JSON.stringify(sim.error));
  const stored = sim.outputs[0]!.items.find((i) => i.mime === MIME_RESULT)!.value as Record<string, unknown>;
  assert.equal('samples' in stored, false);
  assert.deepEqual(stored.samplesOmitted, { count: 3000, why: 'reproducible: running the cell again gives them' });
  assert.ok(sim.outputs.every((o) => o.items.every((i) => i.mime !== MIME_SVG)));

  // Asked for (what an export does), the same run gives them, and they are the stored result's.
  const again = await runCell({ language: 'xenlat-sim', source: SIM, notebookDir: dir, keepSamples: true }, hooks());
  const full = fromFileJson(again.outputs[0]!.items.find((i) => i.mime === MIME_RESULT)!.value) as { samples: Float64Array; summary: unknown };
  assert.equal(full.samples.length, 3000);
  assert.deepEqual(full.summary, stored.summary);

  const data = await runCell({ language: 'xenlat-data', source: 'samples: [1, 2, 3]', notebookDir: dir }, hooks());
  const kept = fromFileJson(data.outputs[0]!.items.find((i) => i.mime === MIME_RESULT)!.value) as { samples: Float64Array };
  assert.deepEqual([...kept.samples], [1, 2, 3]);
});

test('budget: a 50,000-request simulation with its charts is stored in at most 150 KB', async () => {
  const source = 'preset: black-0.1s\nrequests: 50000';
  const run = await runCell({ language: 'xenlat-sim', source, notebookDir: dir, cellId: 'sim' }, hooks());
  assert.equal(run.ok, true, JSON.stringify(run.error));
  const cell = { id: 'sim', kind: 'code' as const, language: 'xenlat-sim', source, outputs: toCellOutputs(run.outputs) };
  const nb: NotebookFile = { metadata: {}, cells: [] };
  const bytes = Buffer.byteLength(serializeNotebook({ ...nb, cells: [cell] })) - Buffer.byteLength(serializeNotebook(nb));
  assert.deepEqual(run.outputs.map((o) => (o.metadata?.xenlat as { role: string; chart?: string }).chart ?? 'result'), ['result', 'timeline', 'cdf', 'histogram', 'stages']);
  assert.ok(bytes <= 150 * 1024, `${(bytes / 1024).toFixed(1)} KB`);
});

test('the editor draws an export’s charts in a worker: one SVG per spec, undefined for one that cannot be drawn', async () => {
  const nb = exampleNotebook();
  const spec = (nb.cells.find((c) => c.id === 'evidence-log')!.outputs[1]!.items[0]!.value as { spec: Record<string, unknown> }).spec;
  const svgs = await renderSvgsInWorker(path.resolve('dist/cell-worker.js'), [spec, { mark: 'nonsense-mark', data: { values: [] } }]);
  assert.equal(svgs.length, 2);
  assert.match(svgs[0]!, /^<svg/);
  assert.equal(svgs[1], undefined);
});

const cli = path.resolve('dist/cli.js');
const xenlat = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('xenlat exec prints the whole result, samples included (nothing is stored)', () => {
  const spec = path.join(dir, 'sim.yaml');
  writeFileSync(spec, SIM + '\n');
  const r = xenlat('exec', 'xenlat-sim', spec, '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = fromFileJson(JSON.parse(r.stdout)) as { samples: Float64Array; samplesOmitted?: unknown };
  assert.equal(result.samples.length, 3000);
  assert.equal(result.samplesOmitted, undefined);
});

test('xenlat export --csv re-runs a cell whose file left its samples out, and checks it gives the stored result', () => {
  const file = path.join(dir, 'sim.xenlat');
  const nb = (source: string[]) => JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells: [{ id: 'sim', kind: 'code', language: 'xenlat-sim', source }] }, null, 2) + '\n';
  writeFileSync(file, nb(SIM.split('\n')));
  assert.equal(xenlat('run', file).status, 0);
  const saved = readFileSync(file, 'utf8');
  assert.doesNotMatch(saved, /"\$samples"|image\/svg\+xml/);
  const r = xenlat('export', file, '--csv', path.join(dir, 'csv'), '--md', path.join(dir, 'md'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /re-running sim for its 3,000 samples/);
  const rows = readFileSync(path.join(dir, 'csv', 'sim-samples.csv'), 'utf8').trim().split('\r\n');
  assert.equal(rows.length, 3001);
  const stored = parseNotebook(saved).cells[0]!.outputs[0]!.items[0]!.value as { summary: { maxMs: number } };
  assert.equal(Math.max(...rows.slice(1).map((l) => Number(l.split(',')[1]))), stored.summary.maxMs);
  // The Markdown export draws the charts the file keeps as specs only.
  assert.match(readFileSync(path.join(dir, 'md', 'sim-timeline.svg'), 'utf8'), /^<svg/);

  // A stored result the re-run does not reproduce (edited here) gets no samples table, and says why.
  const text = saved.replace(/"maxMs": [0-9.]+/, '"maxMs": 1234.5');
  writeFileSync(file, text);
  const r2 = xenlat('export', file, '--csv', path.join(dir, 'csv2'));
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stderr, /stale: running the cell again gives another result/);
  assert.throws(() => readFileSync(path.join(dir, 'csv2', 'sim-samples.csv')));
  assert.ok(readFileSync(path.join(dir, 'csv2', 'sim-requests.csv'), 'utf8').length > 0);
});
