// In an untrusted (Restricted Mode) workspace a notebook opens, but its cells cannot be run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHART = '.xenlat-chart svg, .xenlat-chart canvas';

export default {
  name: 'untrusted workspace: opens, cannot run',
  settings: {
    'security.workspace.trust.enabled': true,
    // No start-up "Do you trust...?" modal: the folder simply stays untrusted (Restricted Mode).
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
  },
  async run({ page, workspace, serverUrl, helpers: h, log, screenshot }) {
    const file = join(workspace, 'demo.xenlat');
    const bytesBefore = readFileSync(file);

    await h.openWorkbench(page, serverUrl, workspace);
    const status = await page.locator('.part.statusbar').innerText();
    h.assert(/restricted mode/i.test(status), `status bar does not show "Restricted Mode" (got ${JSON.stringify(status.replace(/\s+/g, ' '))})`);

    log('workbench up, Restricted Mode');
    await h.openNotebookFromExplorer(page, 'demo.xenlat', { log });
    log('notebook open');
    const nCells = await h.cellRows(page).count();
    h.assert(nCells === 3, `expected 3 cell rows in Restricted Mode, found ${nCells}`);

    await h.runCommand(page, 'Notebook: Run All');
    // VS Code asks for trust before executing (modal), or the extension refuses / offers no kernel.
    const dialog = page.locator('.monaco-dialog-box');
    const asked = await dialog.waitFor({ state: 'visible', timeout: 8000 }).then(() => true, () => false);
    if (asked) {
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      log(`trust dialog: ${JSON.stringify(text.slice(0, 160))}`);
      await screenshot('trust-requested');
      const cancel = dialog.locator('.monaco-button', { hasText: /^\s*Cancel\s*$/ });
      h.assert((await cancel.count()) > 0, 'the trust dialog has no Cancel button');
      await cancel.first().click();
      await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    } else {
      log('no trust dialog; checking that nothing ran');
      if (await page.locator('.quick-input-widget').isVisible().catch(() => false)) await page.keyboard.press('Escape');
    }

    await h.sleep(5000); // a run of the 50-sample fixture takes well under a second when allowed
    h.assert((await h.findInFrames(page, CHART)) === null, 'a chart was rendered: the cell ran in an untrusted workspace');
    const outputs = await page.locator('.notebook-editor .output-element, .notebook-editor .cell-output-toolbar').count();
    const succeeded = await page.locator('.notebook-editor .cell-status-item .codicon-notebook-state-success').count();
    h.assert(succeeded === 0, 'a cell shows the "succeeded" state in an untrusted workspace');
    log(`no chart, ${outputs} output element(s), no succeeded cell`);
    await screenshot('not-run');
    const dirty = await page.locator('.tabs-container .tab.active.dirty').count();
    h.assert(dirty === 0, 'the notebook became dirty (outputs were added) in an untrusted workspace');
    h.assert(Buffer.compare(bytesBefore, readFileSync(file)) === 0, 'demo.xenlat changed on disk');
  },
};
