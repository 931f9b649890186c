// The HTML report as a reader uses it: a table of contents into a long report, prose tables not
// forced to the right, and no instruction to click in a report where nothing can be clicked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportHtml } from '../../src/export/html';
import { REPORT_CSS } from '../../src/export/html-style';
import { simTimelineSpec } from '../../src/cells/sim/timeline-chart';
import { renderSvg } from '../../src/charts/svg';
import type { NotebookFile } from '../../src/format';

const notebook = (cells: object[]) => ({ format: 'xenlat', version: 1, metadata: {}, cells }) as unknown as NotebookFile;

test('a table of contents links every heading and code cell to its section', async () => {
  const html = await exportHtml(
    notebook([
      { id: 'intro', kind: 'markdown', source: '# The black 0.1 second\n\n```\n# not a heading\n```\n## Hypotheses', outputs: [] },
      { id: 'sim-black', kind: 'code', language: 'xenlat-sim', source: 'preset: black-0.1s\n', outputs: [] },
      { id: 'probe-get', kind: 'code', language: 'xenlat-probe', source: 'title: "GET latency"\ntarget: a:1\n', outputs: [] },
    ]),
  );
  const toc = /<nav class="toc"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  const links = [...toc.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(links, [
    ['cell-intro', 'The black 0.1 second'],
    ['cell-intro', 'Hypotheses'],
    ['cell-sim-black', 'preset black-0.1s (xenlat-sim)'],
    ['cell-probe-get', 'GET latency (xenlat-probe)'],
  ]);
  for (const [anchor] of links) assert.match(html, new RegExp(`<section [^>]*id="${anchor}"`));
});

test('tables are left-aligned unless the markdown aligns a column', async () => {
  const html = await exportHtml(notebook([{ id: 'm', kind: 'markdown', source: '| hypothesis | predicts |\n|---|---|\n| a | b |\n\n| n | ms |\n|:--|--:|\n| x | 1 |', outputs: [] }]));
  assert.match(REPORT_CSS, /th, td \{[^}]*text-align: left/);
  assert.doesNotMatch(REPORT_CSS, /text-align: right/);
  assert.match(html, /<td style="text-align:right">1<\/td>/);
  assert.match(html, /<td>b<\/td>/);
});

test('the static timeline image does not ask the reader to click', async () => {
  const request = { index: 1, latencyMs: 5, arriveUs: 0, cause: 'none', instantsMs: { arrive: 0, appSend: 0.01, appRead: 5 } } as never;
  const spec = simTimelineSpec([request], [{ vcpu: 'guest0', state: 'run', pcpu: 0, start: 0, end: 5000 }] as never);
  const svg = await renderSvg(spec);
  assert.doesNotMatch(svg, /click/i);
  // The editor's renderer shows the hint instead.
  assert.match(String((spec.usermeta as { xenlatHint?: string }).xenlatHint), /Click a request/);
});
