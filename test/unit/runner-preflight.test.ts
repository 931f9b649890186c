// The spec is parsed and checked once per run, in the runner (the cell's worker); the shell gets
// the kind's preflight from there and answers it (consent, secrets, other cells' results).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cellLanguages, getCellKind } from '../../src/cells/registry';
import { runCommand } from '../../src/cli/commands/run';
import { MIME_ERROR, MIME_STDOUT } from '../../src/format/mimes';
import { runCell } from '../../src/runner/run-cell';
import type { CellRunner, Preflight, PreflightAnswer } from '../../src/runner/types';
import { WorkerCellRunner } from '../../src/runner/worker-runner';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-preflight-'));

/** Counts every kind's `check` on this thread, by language, until restored. */
function countChecks(): { counts: Record<string, number>; restore(): void } {
  const counts: Record<string, number> = {};
  const restores = cellLanguages.map((language) => {
    const kind = getCellKind(language)!;
    const check = kind.check;
    kind.check = (source: string) => {
      counts[language] = (counts[language] ?? 0) + 1;
      return check(source);
    };
    return () => (kind.check = check);
  });
  return { counts, restore: () => restores.forEach((r) => r()) };
}

test('xenlat run checks each cell\'s spec once: secrets and referenced results answer the preflight', async () => {
  // Before, the CLI checked each spec three times: for the results it references, for its
  // secrets, and in the run.
  const cells = [
    { id: 'd4t4c3ll', kind: 'code', language: 'xenlat-data', source: ['samples: [1, 1.2, 0.9, 41, 1.1, 1, 0.8, 40.5]', 'stallThresholdMs: 20'] },
    { id: 'expl41n0', kind: 'code', language: 'xenlat-explain', source: ['observed: d4t4c3ll', 'hypotheses: [nagle-delayed-ack]', 'requests: 1000'] },
    { id: 'pr0be001', kind: 'code', language: 'xenlat-probe', source: ['target: 127.0.0.1:1', 'requests: 1', 'warmup: 0', 'mode: closed', 'auth:', '  user: app', '  secret: pf-test'] },
  ];
  const file = path.join(dir, 'once.xenlat');
  writeFileSync(file, JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  const answers: PreflightAnswer[] = [];
  // The runner in this thread, so that the checks of the run are counted too.
  const runner: CellRunner = {
    run: (req, hooks) =>
      runCell(req, {
        ...hooks,
        preflight: async (p) => {
          const a = await hooks.preflight!(p);
          answers.push(a);
          return a;
        },
      }),
    dispose: () => undefined,
  };
  process.env.XENLAT_SECRET_PF_TEST = 'pf-value';
  const spy = countChecks();
  const lines: string[] = [];
  try {
    await runCommand(file, { json: true, signal: new AbortController().signal, runner, stdout: (l) => lines.push(l), stderr: () => undefined });
  } finally {
    spy.restore();
    delete process.env.XENLAT_SECRET_PF_TEST;
  }
  assert.deepEqual(spy.counts, { 'xenlat-data': 1, 'xenlat-explain': 1, 'xenlat-probe': 1 });
  const [data, explain] = lines.map((l) => JSON.parse(l));
  assert.equal(data.ok, true);
  assert.equal(explain.ok, true, explain.error?.message);
  assert.equal(explain.result.observed.source, 'cell d4t4c3ll (xenlat-data)');
  assert.deepEqual(answers.map((a) => a.ok && a.secrets), [{}, {}, { 'pf-test': 'pf-value' }]);
  assert.deepEqual(answers.map((a) => a.ok && Object.keys(a.cellResults ?? {})), [[], ['d4t4c3ll'], []]);
});

// The real bundle (test/run-unit.mjs builds it first): what the editor and the CLI load.
const workerOptions = { script: path.resolve('dist/cell-worker.js') };

test('with the worker runner the shell\'s thread checks no spec: the worker asks, the answer goes back', async () => {
  const runner = new WorkerCellRunner(workerOptions);
  const spy = countChecks();
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const run = (source: string, preflight: (p: Preflight) => PreflightAnswer | Promise<PreflightAnswer>, parameters?: Record<string, string | null>, signal = new AbortController().signal) =>
    runner.run({ language: 'xenlat-probe', source, notebookDir: dir, ...(parameters ? { parameters } : {}) }, { signal, preflight });
  try {
    // Declined: not run, not failed; the preflight had the parameter's value put in.
    const asked: Preflight[] = [];
    const remote = 'target: ${host}:11211\nrequests: 20\nmode: closed';
    const declined = await run(remote, (p) => (asked.push(p), { ok: false, declined: true, message: 'Not run: no.' }), { host: 'cache.example.invalid' });
    assert.deepEqual(asked.map((p) => p.hosts), [['cache.example.invalid']]);
    assert.equal(asked[0].traffic?.target, 'cache.example.invalid:11211');
    assert.deepEqual({ ok: declined.ok, cancelled: declined.cancelled, notRun: declined.notRun, error: declined.error }, { ok: false, cancelled: false, notRun: { message: 'Not run: no.', declined: true }, error: undefined });
    assert.deepEqual(declined.outputs, [{ items: [{ mime: MIME_STDOUT, value: 'Not run: no.\n' }] }]);
    // Refused (a secret not stored): an error output naming the cause, as the editor wrote it before.
    const refused = await run(remote, () => ({ ok: false, message: 'The secret "x" is not stored.' }), { host: 'cache.example.invalid' });
    assert.equal(refused.notRun?.declined, false);
    assert.deepEqual(refused.outputs, [{ items: [{ mime: MIME_ERROR, value: { name: 'NotRun', message: 'The secret "x" is not stored.' } }] }]);
    // A cancel while the shell asks (the user has not answered yet) ends the run at once.
    const abort = new AbortController();
    const started = Date.now();
    const waiting = await run(remote, () => (setTimeout(() => abort.abort(), 100), new Promise<PreflightAnswer>(() => undefined)), { host: 'cache.example.invalid' }, abort.signal);
    assert.equal(waiting.cancelled, true);
    assert.equal(waiting.outputs[0].items[0].value, 'Cancelled before a result was available.\n', 'the worker stopped waiting itself, it was not terminated');
    assert.ok(Date.now() - started < 1400, `${Date.now() - started} ms`);
    // Granted: it runs, in the same worker.
    const ran = await run(`target: 127.0.0.1:${port}\nprotocol: tcp-connect\nrequests: 5\nmode: closed\nwarmup: 0`, (p) => (asked.push(p), { ok: true }));
    assert.equal(ran.ok, true, ran.error?.message);
    assert.deepEqual(asked.at(-1)?.hosts, ['127.0.0.1']);
    // Other cells' results cross with the answer: present (here empty) in a notebook, absent alone.
    const explain = (answer: PreflightAnswer) => runner.run({ language: 'xenlat-explain', source: 'observed: abcd1234\n', notebookDir: dir }, { signal: new AbortController().signal, preflight: () => answer });
    assert.match((await explain({ ok: true, cellResults: {} })).error!.message, /cell "abcd1234" has no stored result/);
    assert.match((await explain({ ok: true })).error!.message, /xenlat exec runs one spec alone/);
    // An invalid spec still fails as before, with its positions, after the preflight.
    const invalid = await run('target: 127.0.0.1:1\nrequests: lots', () => ({ ok: true }));
    assert.equal(invalid.error?.name, 'InvalidCell');
    assert.match(invalid.error!.message, /^The xenlat-probe spec has a problem:\n {2}line 2: /);
  } finally {
    spy.restore();
    runner.dispose();
    server.close();
  }
  assert.deepEqual(spy.counts, {}, 'no spec was checked on the shell\'s thread');
});

test('the run starts when the shell has answered: the time the user took is not in the result\'s times', async () => {
  let answeredAt = 0;
  const r = await runCell(
    { language: 'xenlat-data', source: 'samples: [1, 2]', notebookDir: dir },
    { signal: new AbortController().signal, preflight: () => new Promise((resolve) => setTimeout(() => ((answeredAt = Date.now()), resolve({ ok: true })), 300)) },
  );
  assert.equal(r.ok, true);
  assert.ok(r.startTime >= answeredAt, `${r.startTime} < ${answeredAt}`);
  const provenance = (r.result as { provenance: { startTime: string } }).provenance;
  assert.ok(Date.parse(provenance.startTime) >= answeredAt, `${provenance.startTime} before ${new Date(answeredAt).toISOString()}`);
});
