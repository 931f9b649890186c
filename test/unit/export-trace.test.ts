import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportTrace, traceText } from '../../src/export/trace';
import { STAGES } from '../../src/sim/xen/run-types';
import { exampleNotebook, probeNotebook } from './export-fixtures';
import { runCell } from '../../src/runner/run-cell';
import { toCellOutputs } from '../../src/runner/outputs';
import type { NotebookFile } from '../../src/format';
import { checkTrace } from './trace-format';

test('trace of the founding case: requests as async slices with stages, vCPU tracks, instants, µs, metadata', () => {
  const nb = exampleNotebook();
  const trace = exportTrace(nb);
  const { events: count } = trace;
  const text = traceText(trace);
  const { events, slices } = checkTrace(text);
  assert.equal(events.length, count);
  assert.ok(text.length / count <= 100, `${(text.length / count).toFixed(1)} bytes per event`);

  // Every simulation's slowest requests, one slice each.
  const black = nb.cells.find((c) => c.id === 'sim-black')!;
  const result = black.outputs[0]!.items[0]!.value as { slowest: { index: number; latencyMs: number; instantsMs: Record<string, number> }[] };
  const simCells = nb.cells.filter((c) => c.language === 'xenlat-sim');
  const expected = simCells.reduce((n, c) => n + (c.outputs[0]!.items[0]!.value as { slowest: unknown[] }).slowest.length, 0);
  assert.equal(slices.size, expected);

  // The slowest request of sim-black: its slice lasts its latency, in µs, its stages in path order.
  const pid = 1 + nb.cells.filter((c) => c.kind === 'code').findIndex((c) => c.id === 'sim-black');
  const slowest = result.slowest[0]!;
  const b = events.find((e) => e.pid === pid && e.ph === 'b' && e.name === `request ${slowest.index}`)!;
  const slice = slices.get(`${b.cat}/${b.id}`)!;
  assert.ok(Math.abs(slice.end - slice.ts - slowest.latencyMs * 1000) < 0.01, `${slice.end - slice.ts} µs`);
  // Its stages in path order: every stage the request went through for some time, each as long as its instants say.
  const stagesRun = STAGES.filter((st) => slowest.instantsMs[st.to]! > slowest.instantsMs[st.from]!);
  assert.deepEqual(slice.children.map((c) => c.name), stagesRun.map((st) => st.id));
  for (const [i, st] of stagesRun.entries()) {
    const child = slice.children[i]!;
    assert.ok(Math.abs(child.end - child.ts - (slowest.instantsMs[st.to]! - slowest.instantsMs[st.from]!) * 1000) < 0.01, st.id);
  }
  // Instants of guest capture and app read, at their µs offsets from the request's begin.
  const read = events.find((e) => e.pid === pid && e.ph === 'i' && e.name === 'app read' && e.args?.request === slowest.index)!;
  assert.ok(Math.abs(read.ts! - b.ts! - slowest.instantsMs.appRead! * 1000) < 0.01);
  assert.ok(events.some((e) => e.pid === pid && e.ph === 'i' && e.name === 'guest capture'));

  // vCPU tracks of the guest, dom0 and the neighbours, each its own thread with run/wait slices.
  const vcpuThreads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid).map((e) => e.args!.name as string);
  for (const who of ['vCPU guest.0', 'vCPU dom0.0', 'vCPU neighbour.0']) assert.ok(vcpuThreads.includes(who), `${who} in ${vcpuThreads.join(', ')}`);
  const tids = new Set(events.filter((e) => e.pid === pid && e.ph === 'X').map((e) => e.tid));
  assert.ok(tids.size >= 3);
  assert.ok(events.some((e) => e.pid === pid && e.ph === 'X' && e.name === 'wait'));
  assert.ok(events.some((e) => e.pid === pid && e.ph === 'X' && /^run on pCPU \d+$/.test(e.name)));
});

test('trace of a probe: stalls with stages in order, client pauses, host signals as counters, one timeline', () => {
  const text = traceText(exportTrace(probeNotebook()));
  const { events, slices } = checkTrace(text);
  assert.equal(slices.size, 2);
  const first = [...slices.values()].find((s) => s.name === 'request 17')!;
  assert.deepEqual(first.children.map((c) => c.name), ['queue', 'write', 'firstByte', 'transfer']);
  assert.ok(Math.abs(first.end - first.ts - 41.55 * 1000) < 0.01);
  // Rebased: the earliest event is the event-loop pause at -12.5 ms; the stall at 120.5 ms is 133 ms later.
  const b17 = events.find((e) => e.ph === 'b' && e.name === 'request 17')!;
  assert.equal(b17.ts, (120.5 + 12.5) * 1000);
  assert.deepEqual(events.filter((e) => e.ph === 'X').map((e) => [e.name, e.ts, e.dur]), [['event-loop', 0, 6000], ['gc (major)', (130.3 + 12.5) * 1000, 59800]]);
  assert.deepEqual(events.filter((e) => e.ph === 'C').map((e) => [e.name, e.ts, e.args]), [
    ['cpuSteal', 1900, { ms: 0 }],
    ['cpuSteal', (191.3 + 12.5) * 1000, { ms: 4.5 }],
    ['cpuSteal', (391.4 + 12.5) * 1000, { ms: 0 }],
  ]);
  const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
  assert.ok(threads.includes('client pauses (event loop, GC)'));
  assert.ok(events.some((e) => e.ph === 'M' && e.name === 'process_name' && e.args!.name === 'probe (xenlat-probe) GET, with stalls'));
});

test('trace: zero-length and backwards stages are left out, so b/e pairs still nest', () => {
  const nb = probeNotebook();
  const result = nb.cells[1]!.outputs[0]!.items[0]!.value as { stalls: { stagesMs: Record<string, number> }[] };
  result.stalls[0]!.stagesMs = { queue: 0, write: 0.04, firstByte: 41.2, transfer: -1 };
  const { slices } = checkTrace(traceText(exportTrace(nb)));
  assert.deepEqual([...slices.values()].find((s) => s.name === 'request 17')!.children.map((c) => c.name), ['write', 'firstByte']);
});

test('trace of a simulation stored with shared vCPU windows: each stored row is one X event at its time on the run', async () => {
  const source = 'preset: black-0.1s\nrequests: 5000\nseed: 3';
  const run = await runCell({ language: 'xenlat-sim', source, notebookDir: '.', cellId: 'sim' }, { signal: new AbortController().signal });
  assert.equal(run.ok, true);
  const nb: NotebookFile = { metadata: {}, cells: [{ id: 'sim', kind: 'code', language: 'xenlat-sim', source, outputs: toCellOutputs(run.outputs) }] };
  const { events } = checkTrace(traceText(exportTrace(nb)));
  const spec = (run.outputs.find((o) => (o.metadata?.xenlat as { chart?: string } | undefined)?.chart === 'timeline')!.items[0]!.value as { spec: Record<string, any> }).spec;
  const rows = spec.vconcat[1].layer[0].data.values as { win: number; vcpu: string; state: string; from: number; to: number }[];
  const places = spec.datasets.requests as { req: number; win: number; t0: number }[];
  // A window starts where its requests arrived (their begin events, rebased) less their place in it.
  const begin = new Map(events.filter((e) => e.ph === 'b').map((e) => [Number(e.name.replace('request ', '')), e.ts!]));
  const origin = new Map(places.map((p) => [p.win, begin.get(p.req)! - p.t0 * 1000]));
  const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args!.name as string]));
  const drawn = events.filter((e) => e.ph === 'X' && threads.get(e.tid)!.startsWith('vCPU ')).map((e) => `${threads.get(e.tid)} ${e.name.startsWith('run') ? 'run' : e.name} ${(e.ts! / 1000).toFixed(2)} ${((e.ts! + e.dur!) / 1000).toFixed(2)}`);
  // Merged rows of one vCPU can overlap by a few µs; on a trace thread they must not: a row starts
  // where the one before it ended.
  const ends = new Map<string, number>();
  const stored = rows
    .map((r) => ({ ...r, from: origin.get(r.win)! + r.from * 1000, to: origin.get(r.win)! + r.to * 1000 }))
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((r) => {
      const from = Math.max(r.from, ends.get(r.vcpu) ?? -Infinity);
      ends.set(r.vcpu, r.to);
      return `vCPU ${r.vcpu} ${r.state} ${(from / 1000).toFixed(2)} ${(r.to / 1000).toFixed(2)}`;
    });
  assert.ok(rows.length > 20);
  assert.deepEqual(drawn.sort(), stored.sort());
});
