// `mode: bulk` of the xenlat-sim cell (issue #12): reachable from a cell, with its own result,
// chart and table, labelled as the papers labelled their configurations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { simCell } from '../../src/cells/sim';
import type { SimBulkResult } from '../../src/cells/sim/bulk-cell';
import { renderSvg } from '../../src/charts/svg';
import { CellError, type CellContext } from '../../src/cells/types';

const ctx = (): CellContext => ({ notebookDir: tmpdir(), signal: new AbortController().signal, progress: () => {} });

test('mode: bulk gives throughput rows by configuration, a chart and a table; the page-flip row carries the paper\'s 820 Mb/s', async () => {
  const { result, charts, markdown } = await simCell.run('mode: bulk\ntitle: Menon\n', ctx());
  const r = result as SimBulkResult;
  assert.equal(r.mode, 'bulk');
  assert.equal(r.summary.count, 0, 'no request latencies in bulk mode');
  const flip = r.bulk.rows.find((x) => /page flipping/.test(x.configuration))!;
  assert.equal(flip.paperMbps, 820);
  assert.ok(Math.abs(flip.mbps - 820) / 820 < 0.1, `${flip.mbps}`);
  assert.ok(r.bulk.rows.some((x) => x.direction === 'transmit' && /offloads/.test(x.configuration)));
  assert.deepEqual(charts.map((c) => c.id), ['bulk']);
  const svg = await renderSvg(charts[0].spec);
  assert.match(svg, /page flipping/);
  assert.match(markdown, /\| receive \| guest, grant copy \(later Xen\) \| \d+ \| – \|/);
  // The netback keys of the spec reach the model: a costlier copy lowers grant copy's row.
  const slow = (await simCell.run('mode: bulk\nnetback:\n  rxCopyUs: 12\n', ctx())).result as SimBulkResult;
  const copy = (rs: SimBulkResult) => rs.bulk.rows.find((x) => x.configuration === 'guest, grant copy (later Xen)')!.mbps;
  assert.ok(copy(slow) < copy(r), `${copy(slow)} vs ${copy(r)}`);
  await assert.rejects(simCell.run('mode: bulk\nsweep:\n  netback.rxCopyUs: [2, 4]\n', ctx()), CellError);
});
