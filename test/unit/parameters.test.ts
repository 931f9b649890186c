import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ParameterError, withDefaults, parseNotebook, parseParameterArg, readParameters, resolveParameters, serializeNotebook, substituteParameters } from '../../src/format';
import { MIME_ERROR, MIME_RESULT } from '../../src/format/mimes';
import { runCell } from '../../src/runner/run-cell';
import { expandTarget } from '../../src/probe/target-env';
import { preflightOf } from '../support/preflight';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-params-'));
const hooks = () => ({ signal: new AbortController().signal });

test('parameters are declared in the notebook metadata, checked, and kept by a load/save round trip', () => {
  const meta = { parameters: [{ name: 'target', default: '127.0.0.1:11211', description: 'the cache' }, { name: 'rate', default: 500 }, { name: 'day' }], other: { kept: true } };
  assert.deepEqual(readParameters(meta), [{ name: 'target', default: '127.0.0.1:11211', description: 'the cache' }, { name: 'rate', default: '500' }, { name: 'day' }]);
  assert.deepEqual(readParameters({}), []);
  assert.throws(() => readParameters({ parameters: [{ name: '1x' }] }), /name must be letters/);
  assert.throws(() => readParameters({ parameters: [{ name: 'a' }, { name: 'a' }] }), /"a" is declared twice/);
  assert.throws(() => readParameters({ parameters: { a: 1 } }), /must be a list/);
  const text = JSON.stringify({ format: 'xenlat', version: 1, metadata: meta, cells: [] }, null, 2) + '\n';
  const nb = parseNotebook(text);
  assert.deepEqual(nb.metadata, meta);
  assert.deepEqual(parseNotebook(serializeNotebook(nb)).metadata, meta);
});

test('values: given over default, unknown names and values without a default are errors naming the parameter', () => {
  const declared = readParameters({ parameters: [{ name: 'target', default: 'a:1' }, { name: 'rate', default: '500/s' }, { name: 'day' }] });
  assert.deepEqual(resolveParameters(declared, { rate: '2000/s' }), { target: 'a:1', rate: '2000/s', day: null });
  assert.throws(() => resolveParameters(declared, { rat: '1' }), (e: Error) => e instanceof ParameterError && /unknown parameter "rat"; the notebook declares target, rate, day/.test(e.message));
  assert.throws(() => resolveParameters(declared, { rate: 'a\nb' }), /one line/);
  assert.deepEqual(parseParameterArg('target=10.0.0.7:11211'), ['target', '10.0.0.7:11211']);
  assert.deepEqual(parseParameterArg('x=a=b'), ['x', 'a=b']);
  assert.throws(() => parseParameterArg('novalue'), /name=value/);

  const values = resolveParameters(declared, {});
  const { source, used } = substituteParameters('target: ${target}\nrate: ${rate}\nday: ${day:-monday}\nenv: ${XENLAT_MEMCACHED:-127.0.0.1:11211}', values);
  // A name that is not a parameter is left for the cell (the probe's environment references).
  assert.equal(source, 'target: a:1\nrate: 500/s\nday: monday\nenv: ${XENLAT_MEMCACHED:-127.0.0.1:11211}');
  assert.deepEqual(used, { target: 'a:1', rate: '500/s', day: 'monday' });
  assert.throws(() => substituteParameters('day: ${day}', values), /the parameter "day" has no value/);
  // What diagnostics check: the defaults put in, a reference without one left; a bad declaration puts nothing in.
  const meta = { parameters: [{ name: 'rate', default: '500/s' }, { name: 'day' }] };
  assert.equal(withDefaults('rate: ${rate}\nday: ${day}', meta), 'rate: 500/s\nday: ${day}');
  assert.equal(withDefaults('rate: ${rate}', { parameters: 'bad' }), 'rate: ${rate}');
  // The probe's environment syntax still works, through the same parser.
  assert.equal(expandTarget('${H:-x}:${P}', { P: '9' }), 'x:9');
});

test('the runner puts the values in, records them in the provenance and fails a cell whose parameter has none', async () => {
  const parameters = { top: '200', unit: null };
  const r = await runCell({ language: 'xenlat-data', source: 'samples: [1, 2, ${top}]\nunit: ms', notebookDir: dir, parameters }, hooks());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  const result = r.outputs[0]!.items.find((i) => i.mime === MIME_RESULT)!.value as { summary: { maxMs: number }; provenance: { spec: unknown; parameters: Record<string, string> } };
  assert.equal(result.summary.maxMs, 200);
  assert.deepEqual(result.provenance.parameters, { top: '200' });
  assert.deepEqual(result.provenance.spec, { samples: [1, 2, 200], unit: 'ms' });

  const missing = await runCell({ language: 'xenlat-data', source: 'samples: [1]\nunit: ${unit}', notebookDir: dir, parameters }, hooks());
  assert.equal(missing.ok, false);
  assert.match(missing.error!.message, /the parameter "unit" has no value/);
  assert.ok(missing.outputs[0]!.items.some((i) => i.mime === MIME_ERROR));
  // Without parameters, a cell runs as before.
  assert.equal((await runCell({ language: 'xenlat-data', source: 'samples: [1]', notebookDir: dir }, hooks())).ok, true);
});

test('the probe guard sees the host a parameter names once it is put in (what the editor asks about)', async () => {
  const values = resolveParameters(readParameters({ parameters: [{ name: 'target', default: '10.0.0.7:11211' }] }), {});
  const source = 'target: ${target}\nrate: 100/s';
  // The runner puts the values in before the check; the preflight the shell is asked with has them.
  assert.deepEqual((await preflightOf('xenlat-probe', source, values)).hosts, ['10.0.0.7']);
});

const cli = path.resolve('dist/cli.js');
const xenlat = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('xenlat run --param sets parameters; unknown ones are usage errors; check uses the defaults', () => {
  const file = path.join(dir, 'params.xenlat');
  const text =
    JSON.stringify(
      {
        format: 'xenlat',
        version: 1,
        metadata: { parameters: [{ name: 'slow', default: '150', description: 'the stalled sample' }, { name: 'threshold', default: '100' }] },
        cells: [{ id: 'a', kind: 'code', language: 'xenlat-data', source: ['samples: [1, 2, ${slow}]', 'stallThresholdMs: ${threshold}'] }],
      },
      null,
      2,
    ) + '\n';
  writeFileSync(file, text);
  assert.equal(xenlat('check', file).status, 0, xenlat('check', file).stdout);
  const r = xenlat('run', file, '--json', '--param', 'slow=300', '--param', 'threshold=250');
  assert.equal(r.status, 0, r.stderr);
  const line = JSON.parse(r.stdout.trim());
  assert.equal(line.result.summary.maxMs, 300);
  assert.equal(line.result.summary.stalls.count, 1);
  assert.deepEqual(line.result.provenance.parameters, { slow: '300', threshold: '250' });
  const saved = parseNotebook(readFileSync(file, 'utf8'));
  assert.equal(saved.cells[0]!.source, 'samples: [1, 2, ${slow}]\nstallThresholdMs: ${threshold}', 'the spec keeps its references');

  const bad = xenlat('run', file, '--param', 'slw=1');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown parameter "slw"/);
});
