// Open demo.xenlat (a data cell and a sim cell) from the Explorer, Run All, see the charts, save,
// check the file on disk, reload the window and see the charts again from the stored outputs
// (without running).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CHART = '.xenlat-chart svg, .xenlat-chart canvas';
const SUMMARY = '.xenlat-summary';

export default {
  name: 'open, Run All, chart, save, reopen',
  async run({ page, workspace, repoRoot, serverUrl, helpers: h, log, screenshot }) {
    const file = join(workspace, 'demo.xenlat');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    const expectedCount = expectedSampleCount(before);
    log(`fixture has ${expectedCount} samples`);

    await h.openWorkbench(page, serverUrl, workspace);
    log('workbench up');
    await h.openNotebookFromExplorer(page, 'demo.xenlat', { log });
    log('notebook open');
    const nCells = await h.cellRows(page).count();
    h.assert(nCells === 3, `expected 3 cell rows (markdown + data + sim), found ${nCells}`);
    h.assert((await h.findInFrames(page, CHART)) === null, 'a chart is shown before running (fixture has no outputs)');

    await runAll(page, h, log);
    log('Run All issued');
    const chart = await h.waitInFrames(page, CHART, { timeout: 60_000, message: 'the chart (.xenlat-chart svg/canvas) in an output webview' });
    const summary = await h.waitInFrames(page, SUMMARY, { timeout: 10_000, message: 'the summary table (.xenlat-summary)' });
    // Run All awaits each cell; while it runs the toolbar offers Interrupt instead of Run All.
    // (The sim cell's outputs are below the fold, where VS Code does not render them.)
    const toolbar = page.locator('.notebook-toolbar-container');
    await h.waitFor(async () => /Run All/.test(await toolbar.innerText()) && !/Interrupt/.test(await toolbar.innerText()), {
      timeout: 60_000, message: 'Run All to finish (the toolbar shows Run All again)',
    });
    const summaryText = (await summary.locator.first().innerText().catch(() => '')).trim();
    log(`chart found in frame ${chart.frame.url().slice(0, 60)}...; summary text: ${JSON.stringify(summaryText.slice(0, 120))}`);
    await h.sleep(1500); // let vega finish drawing for the screenshot
    await screenshot('after-run-all');

    // Each chart offers Save PNG / Save SVG / Copy PNG under it.
    const actions = await h.waitInFrames(page, '.xenlat-chart-actions button', { timeout: 15_000, message: 'the chart actions' });
    const labels = await actions.locator.allInnerTexts();
    h.assert(['Save PNG…', 'Save SVG…', 'Copy PNG'].every((l) => labels.includes(l)), `chart actions: ${JSON.stringify(labels)}`);
    // Save PNG goes through the extension (a webview cannot write files): the save dialog proposes
    // a name from the chart's title next to the notebook; accepted, the file is a real PNG.
    await actions.locator.filter({ hasText: 'Save PNG…' }).first().click();
    const pngDialog = page.locator('.quick-input-widget');
    await pngDialog.waitFor({ state: 'visible', timeout: 15_000 });
    const proposedPng = await pngDialog.locator('input').first().inputValue();
    log(`Save PNG proposes ${JSON.stringify(proposedPng)}`);
    await h.sleep(500);
    const okPng = pngDialog.getByRole('button', { name: 'OK' });
    if (await okPng.count()) await okPng.first().click();
    else await page.keyboard.press('Enter');
    const pngFile = join(workspace, 'latency-histogram.png');
    await h.waitFor(() => existsSync(pngFile), { timeout: 20_000, message: 'latency-histogram.png to be written by Save PNG' });
    const png = readFileSync(pngFile);
    h.assert(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && png.length > 2000, `latency-histogram.png is not a PNG (${png.length} bytes)`);
    log(`Save PNG wrote latency-histogram.png (${png.length} bytes)`);

    // Copy PNG where the page refuses an image on the clipboard (a webview may not be allowed
    // one): the chart's SVG markup is copied as text instead, and a message says so.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serverUrl });
    await page.evaluate(() => navigator.clipboard.writeText('before copy')).catch(() => {});
    await actions.frame.evaluate(() => {
      // (Without a clipboard object at all, the renderer's own call fails the same way.)
      if (navigator.clipboard) navigator.clipboard.write = () => Promise.reject(new DOMException('image writes refused by the test', 'NotAllowedError'));
    });
    await actions.locator.filter({ hasText: 'Copy PNG' }).first().click();
    const copiedToast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Copied the chart as SVG markup' });
    await copiedToast.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}`);
    });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    h.assert(/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(copied) && copied.includes('</svg>') && copied.length > 2000, `the clipboard does not hold the chart's SVG: ${JSON.stringify(copied.slice(0, 120))}`);
    log(`Copy PNG refused by the page: the clipboard holds the SVG markup (${copied.length} chars) and a message says so`);
    await copiedToast.locator('.codicon-notifications-clear').click({ timeout: 2000 }).catch(() => page.keyboard.press('Escape'));

    // The raw samples come out of the file as CSV, from the cell's own menu or the palette.
    await page.locator('.code-cell-row .cell-editor-container .monaco-editor').first().click({ force: true });
    await page.keyboard.press('Escape');
    await h.runCommand(page, 'Xenlat: Open Samples as CSV');
    // From the palette, with two cells that have results, it may ask which one.
    const which = page.locator('.quick-input-widget', { hasText: 'Which cell?' });
    if (await which.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
      await which.locator('.monaco-list-row', { hasText: 'xenlat-data' }).first().click();
      log('asked which cell: picked the data cell');
    }
    const csv = await h.waitFor(async () => {
      // The text editor the command opened (not one of the notebook's cell editors).
      const t = await page.evaluate(() => {
        const ed = [...document.querySelectorAll('.part.editor .editor-instance .monaco-editor')].find((e) => !e.closest('.notebook-editor') && e.getClientRects().length > 0);
        return ed?.querySelector('.view-lines')?.textContent ?? '';
      }).catch(() => '');
      return t.replace(/\u00a0/g, ' ').startsWith('index,latency_ms') ? t : null;
    }, { timeout: 15_000, message: 'the samples to open as CSV' }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}; active tab ${JSON.stringify(await h.activeTabLabel(page))}`);
    });
    h.assert(/0,2\.6/.test(csv.replace(/\u00a0/g, ' ')), `the first sample row is missing: ${JSON.stringify(csv.slice(0, 200))}`);
    await screenshot('samples-csv');
    log('Open Samples as CSV: an editor tab with index,latency_ms rows');
    await h.runCommand(page, 'View: Revert and Close Editor');
    await h.sleep(1000);

    // A simulation's result does not store its samples: asking for them runs the cell again (in
    // the cell runner, with a progress notification) and saves them as for measured samples.
    await page.locator('.code-cell-row .cell-editor-container .monaco-editor').first().click({ force: true });
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown'); // the simulation cell below the data cell
    await h.sleep(500);
    await h.runCommand(page, 'Xenlat: Save Samples as CSV...');
    const whichSim = page.locator('.quick-input-widget', { hasText: 'Which cell?' });
    if (await whichSim.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
      await whichSim.locator('.monaco-list-row', { hasText: 'xenlat-sim' }).first().click();
      log('asked which cell: picked the simulation cell');
    }
    // The re-run shows its progress (with Cancel) while the save dialog waits for the samples.
    const rerunToast = page.locator('.notifications-toasts .notification-toast', { hasText: 'again for its 3,000 samples' });
    if (await rerunToast.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) {
      log(`progress: ${JSON.stringify((await rerunToast.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 160))}`);
      await screenshot('sim-samples-rerun');
    } else log('the re-run ended before its progress notification could be seen');
    // The same quick input widget served "Which cell?": wait for it to propose the CSV's name.
    const simSave = page.locator('.quick-input-widget');
    const proposedCsv = await h.waitFor(async () => {
      const v = (await simSave.isVisible()) && (await simSave.locator('input').first().inputValue());
      return v && v.endsWith('.csv') ? v : null;
    }, { timeout: 60_000, message: 'the save dialog for the samples CSV' }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}`);
    });
    h.assert(proposedCsv.endsWith('sim00001-samples.csv'), `Save Samples proposes ${JSON.stringify(proposedCsv)}, not the simulation cell's`);
    await h.sleep(500);
    const okCsv = simSave.getByRole('button', { name: 'OK' });
    if (await okCsv.count()) await okCsv.first().click();
    else await page.keyboard.press('Enter');
    const simCsvFile = join(workspace, 'sim00001-samples.csv');
    await h.waitFor(() => existsSync(simCsvFile), { timeout: 20_000, message: 'sim00001-samples.csv to be written' });
    await h.sleep(300);
    const simCsv = readFileSync(simCsvFile, 'utf8').trimEnd().split('\r\n');
    h.assert(simCsv[0] === 'index,latency_ms' && simCsv.length === 3001, `the simulation's samples CSV has ${simCsv.length} lines, header ${JSON.stringify(simCsv[0])}`);
    const simCsvMax = Math.max(...simCsv.slice(1).map((l) => Number(l.split(',')[1])));
    log(`Save Samples as CSV of the simulation: ran it again, wrote 3,000 samples (max ${simCsvMax} ms)`);

    // Export as CSV (the whole notebook) runs the simulation again too, for its samples file.
    await h.runCommand(page, 'Xenlat: Export as CSV...');
    const folderDialog = page.locator('.quick-input-widget');
    await folderDialog.waitFor({ state: 'visible', timeout: 15_000 });
    await h.sleep(500);
    const here = folderDialog.getByRole('button', { name: /Export CSV here/ });
    if (await here.count()) await here.first().click();
    else await page.keyboard.press('Enter');
    const exportedSim = join(workspace, 'demo-csv', 'sim00001-samples.csv');
    await h.waitFor(() => existsSync(exportedSim), { timeout: 60_000, message: 'demo-csv/sim00001-samples.csv to be written by Export as CSV' }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}`);
    });
    await h.sleep(300);
    h.assert(readFileSync(exportedSim, 'utf8') === simCsv.join('\r\n') + '\r\n', 'Export as CSV wrote other samples for the simulation than Save Samples as CSV');
    h.assert(existsSync(join(workspace, 'demo-csv', 'data0001-samples.csv')) && existsSync(join(workspace, 'demo-csv', 'sim00001-requests.csv')), 'Export as CSV left out the data samples or the simulation requests');
    // Every request of the simulation, as `xenlat export --csv` gives (not only the slowest stored).
    const requestRows = readFileSync(join(workspace, 'demo-csv', 'sim00001-requests.csv'), 'utf8').trimEnd().split('\r\n');
    h.assert(requestRows.length === 3001, `Export as CSV wrote ${requestRows.length - 1} simulation requests, not every one of the 3,000`);
    log('Export as CSV: demo-csv/ holds the simulation samples (made again), its 3,000 requests and the data samples');

    // Export as Perfetto Trace runs the simulation again too: one request slice per request.
    await h.runCommand(page, 'Xenlat: Export as Perfetto Trace...');
    const traceDialog = page.locator('.quick-input-widget');
    await traceDialog.waitFor({ state: 'visible', timeout: 15_000 });
    await h.sleep(500);
    const okTrace = traceDialog.getByRole('button', { name: 'OK' });
    if (await okTrace.count()) await okTrace.first().click();
    else await page.keyboard.press('Enter');
    const traceToast = page.locator('.notifications-toasts .notification-toast', { hasText: 'again for its 3,000 samples and requests' });
    if (await traceToast.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) {
      log(`progress: ${JSON.stringify((await traceToast.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 160))}`);
      await screenshot('trace-rerun');
    } else log('the re-run ended before its progress notification could be seen');
    const traceFile = join(workspace, 'demo.trace.json');
    await h.waitFor(() => existsSync(traceFile), { timeout: 60_000, message: 'demo.trace.json to be written by Export as Perfetto Trace' }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}`);
    });
    await h.sleep(300);
    const trace = JSON.parse(readFileSync(traceFile, 'utf8'));
    const simPid = trace.traceEvents.find((e) => e.ph === 'M' && e.name === 'process_name' && e.args.name.startsWith('sim00001'))?.pid;
    const slices = trace.traceEvents.filter((e) => e.pid === simPid && e.ph === 'b' && /^request \d+$/.test(e.name));
    h.assert(slices.length === 3000 && new Set(slices.map((e) => e.id)).size === 3000, `the editor's trace has ${slices.length} request slices for the simulation, not one per request (3,000)`);
    h.assert(trace.otherData.requests.sim00001 === 'every request (3,000)', `the trace says ${JSON.stringify(trace.otherData.requests)}`);
    log(`Export as Perfetto Trace: ${trace.traceEvents.length} events, one slice per request (3,000) for the simulation`);

    // Save and check the file on disk.
    const mtimeBefore = statSync(file).mtimeMs;
    await h.runCommand(page, 'File: Save');
    await h.waitFor(() => statSync(file).mtimeMs !== mtimeBefore, { timeout: 15_000, message: 'demo.xenlat to be written by Save' });
    await h.sleep(500);
    const text = readFileSync(file, 'utf8');
    h.assert(text.endsWith('\n'), 'saved file does not end with a newline');
    let saved;
    try {
      saved = JSON.parse(text);
    } catch (e) {
      throw new Error(`saved file is not valid JSON: ${e.message}`);
    }
    h.assert(saved.format === 'xenlat', `saved file has format ${JSON.stringify(saved.format)}, expected "xenlat"`);
    const codeCells = (saved.cells || []).filter((c) => c.kind === 'code');
    h.assert(codeCells.length === 2, `saved file has ${codeCells.length} code cells, expected 2`);
    // Run All ran them in order, and each output keeps the role the runner gave it (the same
    // metadata `xenlat run` writes).
    h.assert(codeCells[0].execution?.order < codeCells[1].execution?.order, `execution order ${codeCells.map((c) => c.execution?.order)}`);
    for (const c of codeCells) {
      h.assert(c.execution?.success === true, `cell ${c.id} did not succeed`);
      const roles = c.outputs.map((o) => o.metadata?.xenlat?.role);
      h.assert(roles[0] === 'result' && roles.slice(1).every((r) => r === 'chart') && roles.length >= 3, `cell ${c.id} output roles ${JSON.stringify(roles)}`);
    }
    const code = codeCells[0];
    h.assert(code.outputs && code.outputs.length > 0, 'saved code cell has no outputs');
    const results = h.findMimeValues(code.outputs, h.MIME_RESULT);
    h.assert(results.length > 0, `saved code cell has no ${h.MIME_RESULT} output (outputs: ${JSON.stringify(code.outputs).slice(0, 300)})`);
    const count = results[0]?.summary?.count;
    h.assert(count === expectedCount, `saved summary.count is ${count}, expected ${expectedCount}`);
    log(`saved: format xenlat, ${code.outputs.length} output(s), summary.count ${count}, trailing newline`);
    // The samples made again are the stored result's: the same count and the same maximum.
    const simSummary = h.findMimeValues(codeCells[1].outputs, h.MIME_RESULT)[0]?.summary;
    h.assert(simSummary?.count === 3000 && simSummary.maxMs === simCsvMax, `the re-made samples (max ${simCsvMax}) are not the stored result's (${JSON.stringify(simSummary && { count: simSummary.count, maxMs: simSummary.maxMs })})`);
    // The editor's trace and CSV files are the command line's for the same notebook, byte for byte.
    const cliOut = join(workspace, 'cli-export');
    execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'export', file, '--trace', join(cliOut, 'demo.trace.json'), '--csv', join(cliOut, 'csv')], {
      stdio: 'ignore', env: { ...process.env, LANG: 'C', LANGUAGE: '', LC_ALL: '' },
    });
    h.assert(readFileSync(join(cliOut, 'demo.trace.json'), 'utf8') === readFileSync(traceFile, 'utf8'), 'the editor\'s trace is not the one `xenlat export --trace` writes');
    const csvNames = readdirSync(join(workspace, 'demo-csv')).sort();
    h.assert(JSON.stringify(readdirSync(join(cliOut, 'csv')).sort()) === JSON.stringify(csvNames), `CSV files: editor ${csvNames}, CLI ${readdirSync(join(cliOut, 'csv'))}`);
    for (const name of csvNames) h.assert(readFileSync(join(cliOut, 'csv', name), 'utf8') === readFileSync(join(workspace, 'demo-csv', name), 'utf8'), `demo-csv/${name} differs from the CLI's`);
    log(`the editor's trace and ${csvNames.length} CSV files equal \`xenlat export --trace --csv\`'s`);

    // Export as HTML through the editor's command: the save dialog is VS Code's own (a quick input
    // with the proposed path), accepted as proposed.
    const report = join(workspace, 'demo.html');
    await h.runCommand(page, 'Xenlat: Export as HTML Report...');
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const proposed = await dialog.locator('input').first().inputValue();
    log(`save dialog proposes ${JSON.stringify(proposed)}`);
    await h.sleep(500);
    const ok = dialog.getByRole('button', { name: 'OK' });
    if (await ok.count()) await ok.first().click();
    else await page.keyboard.press('Enter');
    await h.waitFor(() => existsSync(report), { timeout: 20_000, message: 'demo.html to be written by the Export command' });
    await h.sleep(500);
    const html = readFileSync(report, 'utf8');
    h.assert(!/<script/i.test(html), 'the exported report contains a script');
    // The file stores chart specs only; the export draws each as SVG (in a worker).
    const svgs = codeCells.reduce((n, c) => n + h.findMimeValues(c.outputs, 'application/vnd.xenlat.chart+json').length, 0);
    h.assert(svgs > 0 && (html.match(/<img [^>]*src="data:image\/svg\+xml;base64,/g) || []).length === svgs, `the exported report does not hold the ${svgs} charts as inline SVG`);
    h.assert(/<table>/.test(html), 'the exported report has no summary table');
    log(`exported demo.html: ${svgs} inline SVG charts, a summary table, no scripts`);
    // The toast's Open shows the report inside the editor (openExternal on a file did nothing in
    // code-server): a tab named after the report.
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Exported demo.html' });
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    await toast.getByRole('button', { name: 'Open' }).click();
    await h.waitFor(async () => (await h.activeTabLabel(page)) === 'demo.html' || null, { timeout: 15_000, message: 'the report to open in an editor tab' });
    await h.sleep(1500);
    await screenshot('report-open');
    log('Open: the report shows in an editor tab');
    await h.runCommand(page, 'View: Close Editor');
    await page.keyboard.press('Escape');

    // Reload the window and reopen: the chart must come back from the stored outputs.
    const mtimeSaved = statSync(file).mtimeMs;
    await page.evaluate(() => (window.__xenlatBeforeReload = true));
    await h.runCommand(page, 'Developer: Reload Window');
    await h.waitFor(() => page.evaluate(() => !window.__xenlatBeforeReload).catch(() => false), {
      timeout: 30_000, message: 'the window to reload',
    });
    await h.waitForWorkbench(page);
    const restored = await h.cellRows(page).count().catch(() => 0);
    if (restored === 0 || (await h.activeTabLabel(page)) !== 'demo.xenlat') {
      log('notebook not restored after reload; opening it from the Explorer');
      await h.openNotebookFromExplorer(page, 'demo.xenlat', { log });
    } else {
      log('notebook restored by the reload');
    }
    await h.waitInFrames(page, CHART, { timeout: 60_000, message: 'the chart after reload (from stored outputs)' });
    await h.waitInFrames(page, SUMMARY, { timeout: 10_000, message: 'the summary table after reload' });
    await h.sleep(1500);
    await screenshot('after-reload');
    h.assert(statSync(file).mtimeMs === mtimeSaved, 'demo.xenlat changed on disk after the reload (something re-ran or saved)');
    const dirty = await page.locator('.tabs-container .tab.active.dirty').count();
    h.assert(dirty === 0, 'the reopened notebook is dirty (it was re-run or modified)');

    // A simulation edited after it ran: its stored result is stale, so its samples cannot be made
    // again. Asking for them says so and offers to run the cell; once it ran, they come.
    // (The notebook list renders only the cells in view, and Playwright sees its rows as not
    // visible: reach the simulation cell, the last one, with commands and the keyboard.)
    const lastCell = await h.runCommand(page, 'Notebook: Focus Last Cell', { timeout: 5000 }).then(() => true, (e) => (log(`  ${e.message}`), false));
    if (!lastCell) {
      await page.locator('.code-cell-row .cell-editor-container .monaco-editor').first().click({ force: true });
      await page.keyboard.press('Escape');
      await page.keyboard.press('ArrowDown');
    }
    await h.sleep(500);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('0'); // stallThresholdMs: 20 -> 200
    await page.keyboard.press('Escape');
    await h.sleep(500);
    h.assert((await page.locator('.code-cell-row .monaco-editor', { hasText: 'stallThresholdMs: 200' }).count()) === 1, 'could not edit the simulation cell');
    const askSimSamples = async () => {
      await h.runCommand(page, 'Xenlat: Open Samples as CSV');
      const which = page.locator('.quick-input-widget', { hasText: 'Which cell?' });
      if (await which.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
        await which.locator('.monaco-list-row', { hasText: 'xenlat-sim' }).first().click();
      }
    };
    await askSimSamples();
    const stale = page.locator('.notifications-toasts .notification-toast', { hasText: 'stale' });
    await stale.waitFor({ state: 'visible', timeout: 60_000 }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}`);
    });
    const staleText = (await stale.innerText()).replace(/\s+/g, ' ');
    h.assert(/the cell was changed after it ran/.test(staleText), `the stale message does not say why: ${JSON.stringify(staleText)}`);
    await screenshot('sim-samples-stale');
    log(`edited simulation: ${JSON.stringify(staleText.slice(0, 160))}`);
    await stale.getByRole('button', { name: 'Run Cell' }).click();
    await h.waitFor(async () => {
      const t = await h.findInFrames(page, '.xenlat-summary:has-text("stalls > 200")');
      return t;
    }, { timeout: 60_000, message: 'the simulation to run again with stallThresholdMs 200 after "Run Cell"' });
    log('Run Cell: the simulation ran with the edited spec');
    await askSimSamples();
    await h.waitFor(async () => ((await openedTextEditorText(page)).startsWith('index,latency_ms') ? true : null), {
      timeout: 60_000, message: 'the simulation samples to open as CSV after the cell ran',
    }).catch(async (e) => {
      throw new Error(`${e.message}; notifications: ${JSON.stringify(await h.notificationsText(page))}`);
    });
    log('after Run Cell, Open Samples as CSV of the simulation opens its samples');
  },
};

async function runAll(page, h, log) {
  await h.runCommand(page, 'Notebook: Run All');
  // If VS Code asks which kernel to use, pick the Xenlat one.
  const picker = page.locator('.quick-input-widget');
  if (await picker.isVisible().catch(() => false)) {
    await h.sleep(500);
    const row = picker.locator('.monaco-list-row', { hasText: /xenlat/i }).first();
    if (await row.count()) {
      log(`kernel picker shown; choosing "${(await row.innerText()).split('\n')[0]}"`);
      await row.click();
    }
  }
}

/** Text of the visible text editor the command opened (not one of the notebook's cell editors). */
async function openedTextEditorText(page) {
  const t = await page.evaluate(() => {
    const ed = [...document.querySelectorAll('.part.editor .editor-instance .monaco-editor')].find((e) => !e.closest('.notebook-editor') && e.getClientRects().length > 0);
    return ed?.querySelector('.view-lines')?.textContent ?? '';
  }).catch(() => '');
  return t.replace(/\u00a0/g, ' ');
}

function expectedSampleCount(doc) {
  const code = doc.cells.find((c) => c.kind === 'code');
  const src = Array.isArray(code.source) ? code.source.join('\n') : code.source;
  const m = /samples:\s*\[([^\]]*)\]/.exec(src);
  if (!m) throw new Error('fixture demo.xenlat has no "samples: [...]" line');
  return m[1].split(',').filter((s) => s.trim() !== '').length;
}
