// Every chart of every kind draws without a Vega or Vega-Lite warning: a warning means something
// the reader does not see as intended ("Dropping fit-y because spec has discrete height", an
// "Infinite extent" from an empty or placeholder field, a dropped encoding...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataCell } from '../../src/cells/data';
import { simCell } from '../../src/cells/sim';
import { probeCharts } from '../../src/cells/probe/charts';
import { analyze } from '../../src/cells/probe/analyze';
import type { CellContext, ChartOutput } from '../../src/cells/types';
import { request, runOf, series } from '../support/probe-run';
import { vegaWarnings } from '../support/vega-warnings';

const ctx = (): CellContext => ({ notebookDir: '.', signal: new AbortController().signal, progress: () => {} });

async function assertClean(charts: ChartOutput[], what: string) {
  assert.ok(charts.length > 0, `${what}: has charts`);
  for (const c of charts) assert.deepEqual(await vegaWarnings(c.spec), [], `${what}: chart ${c.id} draws without warnings`);
}

test('data cell charts draw without warnings', async () => {
  const out = await dataCell.run('title: t\nsamples: [1, 2, 3, 4, 200, 0.5, 7]\nunit: ms\nstallThresholdMs: 100\n', ctx());
  await assertClean(out.charts, 'data');
});

test('probe charts draw without warnings (stalls, pauses, host signals, partial failure)', async () => {
  const records = Array.from({ length: 3000 }, (_, i) => request(i, i, 0.3));
  records[500] = request(500, 500, 80);
  records[1500] = request(1500, 1500, 60);
  for (let i = 2000; i < 2010; i++) records[i] = request(i, i, 0, { ok: false, fault: 'refused', tFirstByte: undefined, tWritten: undefined, tWriteCall: undefined, tEnd: i + 1 });
  const pauses = [{ kind: 'gc' as const, detail: 'major', start: 1500, end: 1560 }];
  const a = analyze(runOf(records, pauses, 20, [series('cpuSteal', -40, 3160, { 560: 12 }), series('tcpRetrans', -40, 3160)]));
  await assertClean(probeCharts(a, 'demo'), 'probe');
});

test('sim charts draw without warnings (single run and sweep)', { timeout: 120_000 }, async () => {
  for (const preset of ['black-0.1s', 'baseline', 'legacy-page-flip']) {
    const single = await simCell.run(`preset: ${preset}\nrequests: 3000\nseed: 3\n`, ctx());
    await assertClean(single.charts, `sim ${preset}`);
  }
  const bulk = await simCell.run('preset: baseline\nmode: bulk\n', ctx());
  await assertClean(bulk.charts, 'sim bulk');
  const sweep = await simCell.run('preset: vcpu-contention\nrequests: 1000\nseed: 3\nsweep:\n  neighbours.cpuBound: [0, 1, 2, 3]\n', ctx());
  await assertClean(sweep.charts, 'sim sweep');
});

test('capture charts draw without warnings', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { captureCell } = await import('../../src/cells/capture');
  const { writePcap } = await import('../support/pcap-writer');
  const { scriptedConversation } = await import('../support/tcp-conversation');
  const dir = mkdtempSync(join(tmpdir(), 'xenlat-vega-'));
  writeFileSync(join(dir, 'conv.pcap'), writePcap(scriptedConversation().frames, { link: 'ethernet' }));
  const out = await captureCell.run('file: conv.pcap\nstallThresholdMs: 20\n', { notebookDir: dir, signal: new AbortController().signal, progress: () => {} });
  await assertClean(out.charts, 'capture');
});
