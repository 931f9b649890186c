// An investigation exported for Jupyter readers (`xenlat export --ipynb`) opens in VS Code's own
// notebook editor (the built-in ipynb support; no Jupyter extension is installed): its markdown
// cells render as markdown, and each chart renders from its image/svg+xml alternate (there is no
// Vega-Lite renderer here), beside the summary table from text/markdown.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export default {
  name: 'jupyter: an exported .ipynb renders in the built-in notebook editor',
  async prepare({ workspace, repoRoot, log }) {
    const cli = join(repoRoot, 'dist', 'cli.js');
    const file = join(workspace, 'shared.xenlat');
    copyFileSync(join(workspace, 'demo.xenlat'), file);
    execFileSync(process.execPath, [cli, 'run', file], { stdio: 'ignore' });
    execFileSync(process.execPath, [cli, 'export', file, '--ipynb', join(workspace, 'shared.ipynb')], { stdio: 'ignore' });
    const nb = JSON.parse(readFileSync(join(workspace, 'shared.ipynb'), 'utf8'));
    log(`exported shared.ipynb: ${nb.cells.length} cells, ${nb.cells.flatMap((c) => c.outputs ?? []).length} outputs`);
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'shared.ipynb', { log });
    const rows = await h.cellRows(page).count();
    h.assert(rows === 3, `expected 3 cell rows (markdown, data, simulation), found ${rows}`);
    const tab = await h.activeTabLabel(page);
    h.assert(tab.startsWith('shared'), `the .ipynb is not the active editor (active tab: ${JSON.stringify(tab)})`);

    // The markdown cell renders (a heading, not the "# ..." source).
    const heading = await h.waitInFrames(page, 'h1:has-text("Demo: memcached GET latency")', { timeout: 30_000, message: 'the markdown cell rendered as a heading' });
    log(`markdown cell rendered: ${JSON.stringify((await heading.locator.first().innerText()).trim())}`);
    // The result's summary (text/markdown) renders as a table, and the charts as inline SVG: the
    // exported SVG is Vega's (class "marks"), so it is the export's own drawing that shows.
    const table = await h.waitInFrames(page, 'table', { timeout: 30_000, message: 'the summary table (text/markdown output)' });
    const tableText = await table.locator.first().innerText();
    h.assert(/p99/.test(tableText), `the summary table does not show percentiles: ${JSON.stringify(tableText.slice(0, 200))}`);
    const svg = await h.waitInFrames(page, 'svg.marks', { timeout: 30_000, message: 'a chart rendered from its image/svg+xml output' });
    const box = await svg.locator.first().boundingBox();
    h.assert(box && box.width > 200 && box.height > 100, `the chart SVG is not drawn at a readable size: ${JSON.stringify(box)}`);
    const marks = await svg.locator.first().locator('path, rect, line').count();
    h.assert(marks > 10, `the chart SVG has ${marks} marks`);
    // No output fell back to "no renderer" (the Vega-Lite alternate must not be chosen over the SVG).
    const shown = [await h.notificationsText(page)];
    for (const frame of page.frames()) shown.push(...(await frame.locator('body').allInnerTexts().catch(() => [])));
    h.assert(!/No renderer could be found/i.test(shown.join('\n')), 'an output shows "No renderer could be found"');
    log(`summary table and chart SVG (${Math.round(box.width)}x${Math.round(box.height)} px, ${marks} marks) rendered`);
    await h.sleep(1000);
    await screenshot('ipynb-open');
  },
};
