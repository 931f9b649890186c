import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkExplainSpec, explainCell } from '../../src/cells/explain';
import { getCellKind } from '../../src/cells/registry';
import { PRESETS } from '../../src/sim/xen/presets';
import { runCell } from '../../src/runner/run-cell';
import { granting, preflightOf } from '../support/preflight';
import { MIME_CHART, MIME_MARKDOWN, MIME_RESULT } from '../../src/format/mimes';
import { parseNotebook } from '../../src/format';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-explain-'));
const hooks = () => ({ signal: new AbortController().signal });
const errors = (src: string) => checkExplainSpec(src).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

// Observations from the test's own generator (not the Xen model): a ~1 ms body and every 50th
// request stalled by 40 ms plus a little, as Nagle + a 40 ms delayed ACK would.
function delayedAckSamples(n: number): number[] {
  let a = 12345;
  const r = () => ((a = (a * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return Array.from({ length: n }, (_, i) => Math.round((0.6 + 0.6 * r() + (i % 50 === 49 ? 40 + r() * 1.5 : 0)) * 1000) / 1000);
}
const samples = delayedAckSamples(4000);
const small = 'hypotheses: [nagle-delayed-ack, loss-rto, vcpu-contention]\nrequests: 8000\n';

test('explain spec: one source of observation, known presets, fit keys and values checked before any run', () => {
  assert.deepEqual(errors('samples: [1, 2, 3]'), []);
  assert.match(errors('title: x')[0], /missing the observation/);
  assert.equal(errors('observed: abc\nsamples: [1]').length, 2);
  assert.match(errors('samples: [1]\nhypotheses: [vcpu-contension]')[0], /hypotheses\[0\]: "vcpu-contension" is not one of .*\(did you mean "vcpu-contention"\?\)/);
  assert.match(errors('samples: [1]\nhypotheses: [{preset: loss-rto, fit: {tcp.lossRat: [0.1]}}]')[0], /unknown key "hypotheses\[0\]\.fit\.tcp\.lossRat": did you mean "hypotheses\[0\]\.fit\.tcp\.lossRate"/);
  assert.match(errors('samples: [1]\nhypotheses: [{preset: loss-rto, fit: {tcp.lossRate: [2]}}]')[0], /hypotheses\[0\]\.fit\.tcp\.lossRate\[0\]: must be ≤ 1/);
  // A rule across keys is checked on the preset with each combination applied.
  assert.match(errors('samples: [1]\nhypotheses: [{preset: loss-rto, fit: {guest.evtchnVcpu: [0, 5]}}]')[0], /hypotheses\[0\]\.fit: with guest\.evtchnVcpu = 5: guest\.evtchnVcpu must be < guest\.vcpus/);
  assert.match(errors('samples: [1]\nhypotheses: [loss-rto]\nexpect: baseline')[0], /not among the hypotheses/);
  assert.match(errors('samples: [1]\nhypotheses: 3')[0], /expected a list/);
  const ok = checkExplainSpec('samples: [1]\nhypotheses: [loss-rto, {preset: vcpu-contention, fit: {neighbours.cpuBound: [1, 2]}}]');
  assert.deepEqual(ok.hypotheses, [{ preset: 'loss-rto' }, { preset: 'vcpu-contention', fit: { 'neighbours.cpuBound': [1, 2] } }]);
  // Default: every preset, read from PRESETS (a new preset is a hypothesis at once).
  assert.deepEqual(checkExplainSpec('samples: [1]').hypotheses.map((h) => h.preset), Object.keys(PRESETS));
});

test('explain cell is registered with key docs for hover and completion', async () => {
  assert.equal(getCellKind('xenlat-explain'), explainCell);
  const docs = explainCell.keyDocs();
  for (const k of ['observed', 'hypotheses', 'expect', 'stallThresholdMs', 'seed', 'requests', 'file', 'pattern']) assert.ok(docs.some((d) => d.key === k), k);
  assert.deepEqual(docs.find((d) => d.key === 'expect')!.values, Object.keys(PRESETS));
  assert.match(docs.find((d) => d.key === 'hypotheses')!.description, /vcpu-contention: neighbours\.cpuBound ∈ \[1, 2, 3, 4\]/);
  // The shell learns from the preflight which stored result to send: the observed cell's.
  assert.deepEqual((await preflightOf('xenlat-explain', 'observed: d4t4c3ll\n')).cells, ['d4t4c3ll']);
  assert.deepEqual((await preflightOf('xenlat-explain', 'samples: [1]')).cells, []);
  assert.deepEqual((await preflightOf('xenlat-explain', '{{{')).cells, []);
  assert.deepEqual((await preflightOf('xenlat-data', 'samples: [1]')).cells ?? [], []);
});

test('a 40 ms delayed-ACK observation ranks nagle-delayed-ack first, with charts, table and reasons; deterministic', async () => {
  const src = `samples: [${samples.join(', ')}]\n${small}`;
  const r = await runCell({ language: 'xenlat-explain', source: src, notebookDir: dir }, hooks());
  assert.equal(r.ok, true, r.error?.message);
  const result = r.outputs[0].items.find((i) => i.mime === MIME_RESULT)!.value as Record<string, any>;
  assert.equal(result.ranking[0].hypothesis, 'nagle-delayed-ack');
  assert.equal(result.ranking[0].rank, 1);
  assert.equal(result.ranking[0].params['tcp.delayedAckMs'], 40);
  assert.notEqual(result.ranking[0].verdict, 'ruled-out');
  assert.equal(result.ranking.find((x: any) => x.hypothesis === 'loss-rto').verdict, 'ruled-out');
  assert.ok(result.ranking.find((x: any) => x.hypothesis === 'loss-rto').reasons.some((s: string) => /200 ms/.test(s)));
  assert.ok(result.signatures.marks.some((m: any) => m.id === 'delayed-ack-40'));
  assert.equal(result.summary.count, 4000);
  const charts = r.outputs.slice(1).map((o) => (o.items.find((i) => i.mime === MIME_CHART)!.value as { title: string }).title);
  assert.deepEqual(charts.length, 3);
  const md = String(r.outputs[0].items.find((i) => i.mime === MIME_MARKDOWN)!.value);
  assert.match(md, /\| 1 \| nagle-delayed-ack \|/);
  const again = await runCell({ language: 'xenlat-explain', source: src, notebookDir: dir }, hooks());
  const result2 = again.outputs[0].items.find((i) => i.mime === MIME_RESULT)!.value as Record<string, any>;
  assert.equal(JSON.stringify(result2.ranking), JSON.stringify(result.ranking));
});

test('observed: reads the referenced cell result; says what to do when it is missing; expect guards the conclusion', async () => {
  const data = await runCell({ language: 'xenlat-data', source: `samples: [${samples.join(', ')}]`, notebookDir: dir }, hooks());
  assert.equal(data.ok, true);
  const src = `observed: d4t4c3ll\n${small}`;
  const alone = await runCell({ language: 'xenlat-explain', source: src, notebookDir: dir }, hooks());
  assert.match(alone.error!.message, /xenlat exec runs one spec alone/);
  const notRun = await runCell({ language: 'xenlat-explain', source: src, notebookDir: dir }, granting({ cellResults: {} }));
  assert.match(notRun.error!.message, /cell "d4t4c3ll" has no stored result: run that cell first/);
  const guarded = await runCell({ language: 'xenlat-explain', source: `${src}expect: loss-rto\n`, notebookDir: dir }, granting({ cellResults: { d4t4c3ll: data.result! } }));
  assert.equal(guarded.ok, false);
  assert.match(guarded.error!.message, /expect: "loss-rto" is no longer first: the ranking puts nagle-delayed-ack first/);
  const met = await runCell({ language: 'xenlat-explain', source: `${src}expect: nagle-delayed-ack\n`, notebookDir: dir }, granting({ cellResults: { d4t4c3ll: data.result! } }));
  assert.equal(met.ok, true, met.error?.message);
  const v = met.outputs[0].items[0].value as Record<string, any>;
  assert.equal(v.observed.source, 'cell d4t4c3ll (xenlat-data)');
  assert.deepEqual(v.expect, { hypothesis: 'nagle-delayed-ack', met: true });
});

test('xenlat run feeds an explain cell the result of the cell it names, run earlier in the same run', () => {
  const file = path.join(dir, 'nb.xenlat');
  const cells = [
    { id: 'd4t4c3ll', kind: 'code', language: 'xenlat-data', source: [`samples: [${samples.join(', ')}]`] },
    { id: 'expl41n0', kind: 'code', language: 'xenlat-explain', source: ['observed: d4t4c3ll', 'hypotheses: [nagle-delayed-ack, loss-rto]', 'requests: 5000', 'expect: nagle-delayed-ack'] },
  ];
  writeFileSync(file, JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'run', file, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[1].result.ranking[0].hypothesis, 'nagle-delayed-ack');
  const saved = parseNotebook(readFileSync(file, 'utf8'), file);
  assert.equal(saved.cells[1].execution?.success, true);
});

test('cancel during the candidate runs keeps a partial ranking, marked as such', async () => {
  const ac = new AbortController();
  let seen = 0;
  const src = `samples: [${samples.join(', ')}]\nhypotheses: [nagle-delayed-ack, loss-rto, vcpu-contention, guest-pause]\nrequests: 20000\n`;
  const r = await runCell(
    { language: 'xenlat-explain', source: src, notebookDir: dir },
    {
      signal: ac.signal,
      onProgress: (m) => {
        // After a few candidates have been compared (the progress line names a leader).
        if (/best so far/.test(m) && ++seen === 2) ac.abort();
      },
    },
  );
  assert.equal(r.cancelled, true);
  const v = r.outputs[0].items.find((i) => i.mime === MIME_RESULT)!.value as Record<string, any>;
  assert.equal(v.run.cancelled, true);
  assert.ok(v.run.candidates < v.run.candidatesPlanned, `${v.run.candidates} of ${v.run.candidatesPlanned}`);
  assert.ok(v.ranking.length >= 1);
  assert.match(String(r.outputs[0].items.find((i) => i.mime === MIME_MARKDOWN)!.value), /Cancelled/);
});
