// `xenlat export --trace/--csv` of a simulation holds every request, not only the slowest the
// file stores: the export runs the cell again (as for its samples), keeping every request's
// record. A probe's trace says which of its requests are in (its stalls only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseNotebook } from '../../src/format';
import { exportTrace, traceText } from '../../src/export/trace';
import { STAGES } from '../../src/sim/xen/run-types';
import { exampleNotebook, probeNotebook } from './export-fixtures';
import { checkTrace } from './trace-format';

const cli = path.resolve('dist/cli.js');
const xenlat = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LANGUAGE: '', LC_ALL: '' } });
const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-every-'));
const REQUESTS = 300;
const STAGE_ORDER = STAGES.map((s) => s.id as string);

test('trace and CSV export of a small simulation: one slice per request, each with its stages', () => {
  const file = path.join(dir, 'sim.xenlat');
  const cells = [{ id: 'sim', kind: 'code', language: 'xenlat-sim', source: ['preset: black-0.1s', `requests: ${REQUESTS}`, 'stallThresholdMs: 50'] }];
  writeFileSync(file, JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  const run = xenlat('run', file);
  assert.equal(run.status, 0, run.stderr);
  const stored = parseNotebook(readFileSync(file, 'utf8')).cells[0]!.outputs[0]!.items[0]!.value as { slowest: unknown[]; everyRequest?: unknown };
  // The file keeps only the slowest (and never every request).
  assert.ok(stored.slowest.length < REQUESTS);
  assert.equal(stored.everyRequest, undefined);

  const trace = path.join(dir, 'sim.trace.json');
  const csv = path.join(dir, 'csv');
  const r = xenlat('export', file, '--trace', trace, '--csv', csv);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`sim: every request \\(${REQUESTS}\\)`));

  const text = readFileSync(trace, 'utf8');
  const { events, slices } = checkTrace(text);
  assert.ok(text.length / events.length <= 100, `${(text.length / events.length).toFixed(1)} bytes per event`);
  assert.deepEqual(JSON.parse(text).otherData.requests, { sim: `every request (${REQUESTS})` });
  // Exactly one top-level slice per request, request 0 … 299, each with its stages in path order.
  const names = [...slices.values()].map((s) => s.name).sort();
  assert.deepEqual(names, Array.from({ length: REQUESTS }, (_, i) => `request ${i}`).sort());
  for (const s of slices.values()) {
    assert.ok(s.children.length >= 3, `${s.name} has ${s.children.length} stages`);
    const order = s.children.map((c) => STAGE_ORDER.indexOf(c.name));
    assert.ok(order.every((k, i) => k >= 0 && (i === 0 || k > order[i - 1]!)), `${s.name}: ${s.children.map((c) => c.name).join(', ')}`);
  }

  // The per-request CSV: every request, in request order.
  const rows = readFileSync(path.join(csv, 'sim-requests.csv'), 'utf8').trim().split('\r\n');
  assert.equal(rows.length, 1 + REQUESTS);
  assert.deepEqual(rows.slice(1).map((l) => Number(l.split(',')[0])), Array.from({ length: REQUESTS }, (_, i) => i));
});

test('trace without a re-run: the slowest the file stores, and it says so', () => {
  const nb = parseNotebook(readFileSync(path.join(dir, 'sim.xenlat'), 'utf8'));
  const trace = exportTrace(nb);
  const { slices } = checkTrace(traceText(trace));
  const kept = (nb.cells[0]!.outputs[0]!.items[0]!.value as { slowest: unknown[] }).slowest.length;
  assert.equal(slices.size, kept);
  assert.deepEqual(trace.notes, [['sim', `the ${kept} slowest of ${REQUESTS} requests only: the file stores no more of them, and running the cell again did not give them`]]);
});

test('trace of a probe: its stalls only, and the file and the notes say which', () => {
  const trace = exportTrace(probeNotebook());
  const doc = JSON.parse(traceText(trace)) as { otherData: { requests: Record<string, string> } };
  assert.match(doc.otherData.requests.probe!, /^only its 2 stalls \(slower than 20 ms\) of 4 requests: /);
  assert.deepEqual(trace.notes.map(([id]) => id), ['probe']);
  // A probe without stalls is still said to be one; a capture (stalls, but no client pauses) is not a probe.
  const stored = exportTrace(exampleNotebook(['probe-get', 'capture-guest']));
  assert.deepEqual(stored.notes.map(([id]) => id), ['probe-get']);
});
