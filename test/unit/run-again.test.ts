// The re-runs `xenlat export --csv/--trace` and the editor's CSV and trace exports share
// (src/runner/run-again.ts): which cells run again, with what, and what is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCell } from '../../src/runner/run-cell';
import { runCellAgain, runCellsAgain, type RunAgainOutcome, type StoredCell } from '../../src/runner/run-again';
import type { CellRunner, RunHooks, RunRequest } from '../../src/runner/types';

const N = 400;
const SOURCE = `preset: vcpu-contention\nrequests: ${N}\nseed: 7\nstallThresholdMs: 20`;

/** The cell runner in-process, recording what it was asked to run. */
function inProcess(): CellRunner & { asked: RunRequest[] } {
  const asked: RunRequest[] = [];
  return { asked, run: (req: RunRequest, hooks: RunHooks) => (asked.push(req), runCell(req, hooks)), dispose() {} };
}

async function simCell(id: string, source = SOURCE): Promise<StoredCell> {
  const r = await runCell({ language: 'xenlat-sim', source, notebookDir: '.', cellId: id }, { signal: new AbortController().signal });
  assert.ok(r.ok && r.result);
  // As a file gives it back: plain JSON, samples left out.
  return { id, language: 'xenlat-sim', source, stored: JSON.parse(JSON.stringify(r.result)) as Record<string, unknown> };
}

const hooks = (signal = new AbortController().signal): RunHooks => ({ signal });

test('run again: a stored simulation gives its samples and, when asked, every request, in request order', async () => {
  const runner = inProcess();
  const cell = await simCell('sim1');
  const plain = await runCellAgain(runner, cell, '.', hooks());
  assert.ok(plain.ok, JSON.stringify(plain));
  assert.equal(plain.again.samples.length, N);
  assert.equal(plain.again.everyRequest, undefined, 'every request only when asked');
  const every = await runCellAgain(runner, cell, '.', hooks(), { keepRequests: true });
  assert.ok(every.ok, JSON.stringify(every));
  assert.deepEqual(every.again.samples, plain.again.samples);
  assert.equal(every.again.everyRequest?.length, N);
  assert.deepEqual(every.again.everyRequest!.map((r) => (r as { index: number }).index), [...Array(N).keys()]);
  assert.deepEqual(runner.asked.map((r) => [r.keepSamples, r.keepRequests]), [[true, undefined], [true, true]]);
});

test('run again: a declined preflight is not run, and says whether the user chose so', async () => {
  const cell = await simCell('sim1');
  const no = await runCellAgain(inProcess(), cell, '.', { ...hooks(), preflight: () => ({ ok: false, message: 'no thanks', declined: true }) });
  assert.deepEqual(no, { ok: false, why: 'notRun', message: 'no thanks', declined: true });
});

test('run again, every cell: only results without their samples run; a stale one is left out, the rest kept', async () => {
  const runner = inProcess();
  const fresh = await simCell('sim1');
  const edited = { ...(await simCell('sim2')), source: SOURCE.replace('seed: 7', 'seed: 8') };
  const keeps: StoredCell = { id: 'data1', language: 'xenlat-data', source: 'x', stored: { summary: {}, samples: [1, 2] } };
  const seen: [string, number, string][] = [];
  const made = await runCellsAgain([keeps, edited, fresh], async (cell, omitted) => {
    const outcome = await runCellAgain(runner, cell, '.', hooks(), { keepRequests: true });
    seen.push([cell.id, omitted, outcome.ok ? 'ok' : outcome.why]);
    return outcome;
  });
  assert.deepEqual(seen, [['sim2', N, 'stale'], ['sim1', N, 'ok']]);
  assert.deepEqual([...made.keys()], ['sim1']);
  assert.equal(made.get('sim1')!.everyRequest?.length, N);
});

test('run again, every cell: a cancel stops the cells after it', async () => {
  const cells = [await simCell('sim1'), await simCell('sim2')];
  const ran: string[] = [];
  const made = await runCellsAgain(cells, async (cell): Promise<RunAgainOutcome> => {
    ran.push(cell.id);
    const abort = new AbortController();
    abort.abort();
    return runCellAgain(inProcess(), cell, '.', hooks(abort.signal));
  });
  assert.deepEqual(ran, ['sim1']);
  assert.equal(made.size, 0);
});
