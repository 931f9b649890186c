import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCell } from '../../src/runner/run-cell';
import { WorkerCellRunner } from '../../src/runner/worker-runner';
import { MIME_CHART, MIME_ERROR, MIME_MARKDOWN, MIME_RESULT, MIME_STDOUT } from '../../src/format/mimes';
import { fromFileJson } from '../../src/format';

const dir = mkdtempSync(path.join(tmpdir(), 'xenlat-runner-'));
const hooks = () => ({ signal: new AbortController().signal });

test('a data cell produces a result, a summary table and two charts (specs only: exports draw the SVGs)', async () => {
  const r = await runCell({ language: 'xenlat-data', source: 'samples: [1, 2, 3, 4, 200]\nunit: ms\nstallThresholdMs: 100', notebookDir: dir }, hooks());
  assert.equal(r.ok, true);
  assert.equal(r.cancelled, false);
  const [result, ...charts] = r.outputs;
  assert.deepEqual(result.items.map((i) => i.mime), [MIME_RESULT, MIME_MARKDOWN]);
  assert.equal(charts.length, 2);
  for (const c of charts) assert.deepEqual(c.items.map((i) => i.mime), [MIME_CHART]);
  const value = result.items[0].value as Record<string, any>;
  assert.equal(value.summary.count, 5);
  assert.equal(value.summary.stalls.count, 1);
  assert.equal(value.provenance.language, 'xenlat-data');
  assert.equal(value.provenance.spec.stallThresholdMs, 100);
  assert.ok(Date.parse(value.provenance.endTime) >= Date.parse(value.provenance.startTime));
  // Samples travel encoded and decode to exactly what went in.
  const decoded = fromFileJson(value) as { samples: Float64Array };
  assert.deepEqual(Array.from(decoded.samples), [1, 2, 3, 4, 200]);
});

test('an invalid spec fails with an error output that says where', async () => {
  const r = await runCell({ language: 'xenlat-data', source: 'samples: [1]\nunit: minutes', notebookDir: dir }, hooks());
  assert.equal(r.ok, false);
  assert.equal(r.outputs[0].items[0].mime, MIME_ERROR);
  assert.deepEqual(r.error?.details?.[0] && { line: r.error.details[0].line, column: r.error.details[0].column }, { line: 2, column: 7 });
  assert.match(String((r.outputs[0].items[0].value as { stack: string }).stack), /minutes/);
});

test('unknown languages fail with a readable message', async () => {
  const a = await runCell({ language: 'python', source: 'x', notebookDir: dir }, hooks());
  assert.match(a.error!.message, /Unknown cell language "python"/);
});

test('a cell cancelled before it produces anything is marked cancelled, not failed', async () => {
  const abort = new AbortController();
  abort.abort();
  const r = await runCell({ language: 'xenlat-data', source: 'samples: [1]', notebookDir: dir }, { signal: abort.signal });
  assert.equal(r.cancelled, true);
  assert.equal(r.ok, false);
  assert.equal(r.outputs[0].items[0].mime, MIME_STDOUT);
});

// The real bundle (test/run-unit.mjs builds it first): what the editor and the CLI load.
const workerOptions = { script: path.resolve('dist/cell-worker.js') };

test('the worker runner streams progress and returns the same outputs as the in-process runner', async () => {
  const runner = new WorkerCellRunner(workerOptions);
  try {
    const progress: string[] = [];
    const r = await runner.run(
      { language: 'xenlat-data', source: 'samples: [5, 6, 7]', notebookDir: dir },
      { signal: new AbortController().signal, onProgress: (m) => progress.push(m) },
    );
    assert.equal(r.ok, true);
    assert.ok(progress.length > 0, 'progress messages reach the caller');
    assert.equal((r.result as any).summary.count, 3);
  } finally {
    runner.dispose();
  }
});

test('cancelling a long cell in the worker stops it quickly and the runner stays usable', async () => {
  const big = path.join(dir, 'big.log');
  const line = 'took 1.5ms\n';
  writeFileSync(big, line.repeat(3_000_000));
  const runner = new WorkerCellRunner({ ...workerOptions, cancelGraceMs: 3000 });
  try {
    const abort = new AbortController();
    let cancelledAt = 0;
    const pending = runner.run(
      { language: 'xenlat-data', source: `file: big.log\npattern: 'took ([0-9.]+)ms'`, notebookDir: dir },
      {
        signal: abort.signal,
        onProgress: () => {
          if (!cancelledAt) {
            cancelledAt = Date.now();
            abort.abort();
          }
        },
      },
    );
    const r = await pending;
    assert.equal(r.cancelled, true);
    assert.ok(Date.now() - cancelledAt < 3000, `stopped ${Date.now() - cancelledAt} ms after cancel`);
    const next = await runner.run({ language: 'xenlat-data', source: 'samples: [1]', notebookDir: dir }, { signal: new AbortController().signal });
    assert.equal(next.ok, true);
  } finally {
    runner.dispose();
  }
});

test('probe cells run in their own worker (small young generation); other cells share the default one', async () => {
  const { createServer } = await import('node:net');
  const { workerClassOf } = await import('../../src/runner/worker-runner');
  assert.equal(workerClassOf('xenlat-probe'), 'probe');
  assert.equal(workerClassOf('xenlat-sim'), 'default');
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const runner = new WorkerCellRunner(workerOptions);
  try {
    const probe = await runner.run(
      { language: 'xenlat-probe', source: `target: 127.0.0.1:${port}\nprotocol: tcp-connect\nrequests: 20\nmode: closed\nwarmup: 0`, notebookDir: dir },
      { signal: new AbortController().signal },
    );
    assert.equal(probe.ok, true, probe.error?.message);
    assert.equal((probe.result as any).summary.count, 20);
    const data = await runner.run({ language: 'xenlat-data', source: 'samples: [1, 2]', notebookDir: dir }, { signal: new AbortController().signal });
    assert.equal(data.ok, true);
  } finally {
    runner.dispose();
    server.close();
  }
});

test('a cancelled probe keeps its partial result, marked cancelled in the result and in its summary table', async () => {
  const { createServer } = await import('node:net');
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 700);
    let stoppedAt = 0;
    const r = await runCell(
      { language: 'xenlat-probe', source: `target: 127.0.0.1:${port}\nprotocol: tcp-connect\nrequests: 100000\nrate: 200/s`, notebookDir: dir },
      { signal: abort.signal, onStopped: () => (stoppedAt = Date.now()) },
    );
    // The probe says it stopped (sockets closed) before it builds the partial result, so the
    // worker runner waits for that result instead of terminating the worker.
    assert.ok(stoppedAt > 0 && stoppedAt <= r.endTime, 'the probe said it had stopped before its result');
    assert.equal(r.cancelled, true);
    assert.equal(r.ok, false);
    const value = r.outputs[0].items[0].value as Record<string, any>;
    assert.equal(value.provenance.cancelled, true);
    assert.ok(value.summary.count > 0 && value.summary.count < 100000, `count ${value.summary.count}`);
    assert.match(String(r.outputs[0].items[1].value), /^\*\*Cancelled\*\*: partial result/);
  } finally {
    server.close();
  }
});

test('a cell that says its work is over may take longer than the cancel grace to send its result; one that ignores the cancel is terminated', async () => {
  // Before, the grace (1.5 s) ran to the result: a long probe run, whose analysis and charts take
  // seconds, lost its partial result to the terminate.
  const script = path.resolve('test/support/finish-worker.mjs');
  const runner = new WorkerCellRunner({ script, cancelGraceMs: 200, finishGraceMs: 3000 });
  const cancelled = async (source: string) => {
    const abort = new AbortController();
    let stopped = false;
    const pending = runner.run({ language: 'xenlat-probe', source, notebookDir: dir }, { signal: abort.signal, onStopped: () => (stopped = true) });
    setTimeout(() => abort.abort(), 50);
    const r = await pending;
    return { r, stopped, text: String(r.outputs[0]?.items[0]?.value) };
  };
  try {
    const slow = await cancelled('stop-then-finish:700');
    assert.equal(slow.stopped, true);
    assert.equal(slow.r.cancelled, true);
    assert.equal(slow.text, 'partial result');
    // Cancelled while it builds its result (it said so before the cancel): the result is kept.
    const building = await cancelled('finishing:700');
    assert.equal(building.text, 'whole result');
    const stuck = await cancelled('ignore-cancel');
    assert.equal(stuck.stopped, false);
    assert.match(stuck.text, /did not stop in time and was terminated/);
  } finally {
    runner.dispose();
  }
  // The wait after "stopped" is bounded too.
  const strict = new WorkerCellRunner({ script, cancelGraceMs: 200, finishGraceMs: 300 });
  try {
    const abort = new AbortController();
    const pending = strict.run({ language: 'xenlat-probe', source: 'stop-then-finish:5000', notebookDir: dir }, { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const r = await pending;
    assert.match(String(r.outputs[0].items[0].value), /did not stop in time and was terminated/);
  } finally {
    strict.dispose();
  }
});

test('an error output\'s stack is wrapped at spaces for the editor, the message kept whole', async () => {
  const { errorToOutputs, wrapLines } = await import('../../src/runner/outputs');
  const message = 'No server reachable at 127.0.0.1:9: all 40 requests failed before a connection was made (refused 40). Is the server running, and is `target` right?';
  const [out] = errorToOutputs({ name: 'NoSuccessfulRequest', message });
  const value = out.items[0].value as { message: string; stack: string };
  assert.equal(value.message, message);
  const lines = value.stack.split('\n');
  assert.ok(lines.length >= 2 && lines.every((l) => l.length <= 100), JSON.stringify(lines));
  assert.equal(lines.join(' '), message);
  // A word longer than the width stays whole; indented detail lines keep their indent.
  assert.equal(wrapLines('x'.repeat(120)), 'x'.repeat(120));
  assert.ok(wrapLines(`  line 2, column 1: ${'word '.repeat(30)}`).split('\n').slice(1).every((l) => l.startsWith('    ')));
});
