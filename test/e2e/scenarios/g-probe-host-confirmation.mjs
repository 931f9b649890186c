// A notebook that probes a host beyond this machine asks first, saying host:port and what it will
// send; the default (Enter) is "Do Not Connect", which runs nothing and is not shown as a failure;
// "Allow Connecting" is remembered for the workspace. The host is a `.invalid` name, which the probe fails locally
// (no DNS query, no packet), so nothing leaves the machine whatever happens.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HOST = 'cache.example.invalid';

export default {
  name: 'probe: confirm a non-loopback host once per workspace',
  async prepare({ workspace }) {
    const nb = {
      format: 'xenlat', version: 1, metadata: {},
      cells: [{ id: 'remote01', kind: 'code', language: 'xenlat-probe', source: [`target: ${HOST}:11211`, 'requests: 20', 'mode: closed'] }],
    };
    writeFileSync(join(workspace, 'remote.xenlat'), JSON.stringify(nb, null, 2) + '\n');
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'remote.xenlat', { log });
    const dialog = page.locator('.monaco-dialog-box');

    await h.runCommand(page, 'Notebook: Run All');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await dialog.innerText();
    // It names host:port and what will be sent, not only the host.
    for (const part of [`${HOST}:11211`, 'memcached get requests', '20 requests', 'closed loop', 'over 2 connections']) {
      h.assert(text.includes(part), `the confirmation does not say ${JSON.stringify(part)}: ${JSON.stringify(text)}`);
    }
    // The safe answer is the default: the focused button is "Do Not Connect", so Enter declines.
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    h.assert(focused.includes('Do Not Connect'), `the focused default is ${JSON.stringify(focused)}, not "Do Not Connect"`);
    await screenshot('confirm');
    await page.keyboard.press('Enter');
    await h.waitFor(async () => (await errorText(page))?.includes('you chose not to connect') || null, { timeout: 20_000, message: 'the cell to say it did not run' });
    // Declining is not a failure of the cell: no error output, no failed state.
    const failedCells = await page.locator('.notebook-editor .cell-status-item .codicon-notebook-state-error').count();
    h.assert(failedCells === 0, 'a declined probe is shown as failed');
    h.assert(!(await errorText(page)).includes('NotRun'), 'a declined probe is shown as an error');
    await screenshot('declined');
    log('Enter: declined; the cell says it did not run, without an error');

    // Escape declines too (it answers with the dialog's cancel button).
    await h.runCommand(page, 'Notebook: Run All');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const buttons = await dialog.locator('.dialog-buttons a.monaco-button, .dialog-buttons .monaco-button').allInnerTexts();
    log(`buttons: ${JSON.stringify(buttons)}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    // Had Escape allowed it, the probe would run (a summary) and the host be remembered (the
    // dialog below would not come back).
    await h.sleep(3000);
    h.assert((await errorText(page)).includes('you chose not to connect') && !(await summaryOrOutput(page)), 'after Escape the cell did not say it did not run');
    h.assert((await page.locator('.notebook-editor .cell-status-item .codicon-notebook-state-error').count()) === 0, 'a probe declined with Escape is shown as failed');
    log('Escape: declined as well');

    await h.runCommand(page, 'Notebook: Run All');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Allow Connecting' }).click();
    await h.waitFor(async () => (await summaryOrOutput(page)) || null, { timeout: 30_000, message: 'the probe to run after Allow' });
    log('Allow: the probe ran (and recorded the unresolvable name as a fault)');

    await h.runCommand(page, 'Notebook: Run All');
    await h.sleep(3000);
    h.assert(!(await dialog.isVisible().catch(() => false)), 'asked again although the host was allowed for this workspace');
    log('second run: not asked again');
    await screenshot('allowed');
  },
};

async function errorText(page) {
  const t = await page.locator('.output').allInnerTexts().catch(() => []);
  for (const frame of page.frames()) t.push(...(await frame.locator('body').allInnerTexts().catch(() => [])));
  return t.join('\n');
}

async function summaryOrOutput(page) {
  for (const frame of page.frames()) {
    if ((await frame.locator('.xenlat-summary').count().catch(() => 0)) > 0) return true;
  }
  return false;
}
