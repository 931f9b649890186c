// A simulation's timeline stores the vCPU schedule once per window of overlapping requests, and
// the chart picks the window of the request clicked (and shifts it by the request's arrival in
// it). In the editor: the vCPU panel first shows the slowest request's window; a click on a
// request of another window shows that window's schedule, bar for bar as stored.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'timeline.xenlat';
const TIMELINE = '.xenlat-chart[aria-label$="slowest requests and the vCPU schedule"]';

export default {
  name: 'timeline: a click on a request shows the vCPU schedule of its window',
  async prepare({ workspace, repoRoot }) {
    const cell = { id: 'sim', kind: 'code', language: 'xenlat-sim', source: ['preset: black-0.1s', 'requests: 20000'] };
    writeFileSync(join(workspace, FILE), JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells: [cell] }, null, 2) + '\n');
    execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'run', join(workspace, FILE)], { stdio: 'ignore' });
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    const stored = JSON.parse(readFileSync(join(workspace, FILE), 'utf8'));
    const spec = stored.cells[0].outputs.find((o) => o.metadata?.xenlat?.chart === 'timeline').items[0].value.spec;
    const places = spec.datasets.requests;
    const rows = spec.vconcat[1].layer[0].data.values;
    const first = places[0];
    const other = places.find((p) => p.win !== undefined && p.win !== first.win);
    h.assert(other, `the stored timeline has one vCPU window only: ${JSON.stringify(places.map((p) => p.win))}`);
    const expected = (win) => rows.filter((r) => r.win === win).map((r) => `${r.vcpu} ${r.state}`).sort();

    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, FILE, { log });
    const found = await h.waitInFrames(page, `${TIMELINE} svg`, { timeout: 60_000, message: 'the stored timeline to draw' });
    const chart = found.frame.locator(TIMELINE).first();
    // The vCPU bars are the marks whose description names a vCPU (the request bars name a request).
    const drawnBars = async () =>
      (await chart.locator('path[aria-label*="vcpu: "]').evaluateAll((ps) => ps.map((p) => p.getAttribute('aria-label'))))
        .map((l) => `${/vcpu: ([^;]+)/.exec(l)[1]} ${/state: ([^;]+)/.exec(l)[1]}`)
        .sort();
    await h.waitFor(async () => (await drawnBars()).length > 0, { timeout: 20_000, message: 'the vCPU bars' });
    h.assert(JSON.stringify(await drawnBars()) === JSON.stringify(expected(first.win)), `at first the slowest request's window (${first.win}): ${JSON.stringify(await drawnBars())}`);
    log(`window ${first.win} of #${first.req}: ${expected(first.win).length} vCPU bars`);

    // Click the widest stage bar of a request in another window.
    const bars = chart.locator(`path[aria-label*="request: #${other.req} "]`);
    const boxes = await bars.evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().width));
    await bars.nth(boxes.indexOf(Math.max(...boxes))).click();
    await h.waitFor(async () => JSON.stringify(await drawnBars()) === JSON.stringify(expected(other.win)), {
      timeout: 10_000,
      message: `the vCPU bars of window ${other.win} after clicking #${other.req}`,
    });
    log(`clicked #${other.req}: window ${other.win}, ${expected(other.win).length} vCPU bars`);
    await screenshot('picked');
  },
};
