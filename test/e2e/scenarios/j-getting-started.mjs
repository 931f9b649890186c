// A newcomer's first minutes: "New Xenlat Notebook" shows every kind (data, probe, simulation);
// an empty .xenlat offers that template; a probe that reaches no server fails, red, with the
// plain cause first; the walkthrough opens the founding case from a copy in the workspace.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default {
  name: 'getting started: template, empty file offer, failed probe',
  async prepare({ workspace }) {
    writeFileSync(join(workspace, 'empty.xenlat'), '');
    // A loopback port nothing listens on: every request is refused, nothing leaves the machine.
    const nb = { format: 'xenlat', version: 1, metadata: {}, cells: [{ id: 'deadprobe', kind: 'code', language: 'xenlat-probe', source: ['target: 127.0.0.1:9', 'rate: 200/s', 'requests: 40', 'warmup: 0', 'hostSignals: false'] }] };
    writeFileSync(join(workspace, 'refused.xenlat'), JSON.stringify(nb, null, 2) + '\n');
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);

    // 1. The template.
    await h.runCommand(page, 'Xenlat: New Xenlat Notebook');
    await h.waitFor(async () => (await page.locator('.code-cell-row').count()) >= 3 || null, { timeout: 30_000, message: 'the template\'s code cells' });
    const languages = await page.locator('.code-cell-row .cell-status-item').allInnerTexts();
    for (const label of ['Xenlat data', 'Xenlat probe', 'Xenlat simulation']) {
      h.assert(languages.some((l) => l.includes(label)), `the template has no ${label} cell (status items: ${JSON.stringify(languages)})`);
    }
    await screenshot('template');
    log(`template: ${await page.locator('.code-cell-row').count()} code cells (data, probe, simulation)`);
    await h.runCommand(page, 'View: Revert and Close Editor').catch(() => h.runCommand(page, 'View: Close Editor'));
    await h.sleep(1000);
    const dontSave = page.getByRole('button', { name: /Don't Save/ });
    if (await dontSave.count()) await dontSave.first().click();

    // 2. An empty file offers the template.
    await h.clickExplorerFile(page, 'empty.xenlat');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'empty.xenlat is empty' }).first();
    await toast.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot('empty-offer');
    await toast.getByRole('button', { name: 'Insert Template' }).click();
    await h.waitFor(async () => (await page.locator('.code-cell-row').count()) >= 3 || null, { timeout: 20_000, message: 'the template inserted into empty.xenlat' });
    log('empty.xenlat: offered the template; Insert Template filled it');
    await h.runCommand(page, 'View: Revert and Close Editor').catch(() => {});
    await h.sleep(1000);

    // 3. A probe with no successful request: red, the cause first.
    await h.openNotebookFromExplorer(page, 'refused.xenlat', { log });
    await h.runCommand(page, 'Notebook: Run All');
    await h.waitFor(async () => (await page.locator('.notebook-editor .cell-status-item .codicon-notebook-state-error').count()) > 0 || null, {
      timeout: 60_000, message: 'the failed probe cell to be marked failed',
    });
    const outputs = await page.locator('.output').allInnerTexts().catch(() => []);
    const frames = [];
    for (const f of page.frames()) frames.push(...(await f.locator('body').allInnerTexts().catch(() => [])));
    const text = [...outputs, ...frames].join('\n');
    h.assert(/No server reachable at 127\.0\.0\.1:9/.test(text), `the failed probe does not lead with the cause: ${JSON.stringify(text.slice(0, 400))}`);
    h.assert((await page.locator('.notebook-editor .cell-status-item .codicon-notebook-state-success').count()) === 0, 'the failed probe shows a success tick');
    await h.sleep(1000);
    await screenshot('failed-probe');
    log('refused probe: failed state, "No server reachable" shown');

    // 4. The walkthrough, and its first step: the founding case, copied into the workspace.
    await h.runCommand(page, 'Welcome: Open Walkthrough...');
    const picker = page.locator('.quick-input-widget');
    await picker.waitFor({ state: 'visible', timeout: 15_000 });
    await picker.locator('input').first().fill('Hunt a latency stall');
    await picker.locator('.monaco-list-row', { hasText: 'Hunt a latency stall with Xenlat' }).first().click();
    const step = page.locator('.getting-started-step', { hasText: 'Open the founding case' }).first();
    await step.waitFor({ state: 'attached', timeout: 20_000 });
    await h.sleep(1500);
    await screenshot('walkthrough');
    for (const title of ['Run it', 'Read a verdict', 'Share it', 'Start your own']) {
      h.assert((await page.locator('.getting-started-step', { hasText: title }).count()) > 0, `the walkthrough has no step "${title}"`);
    }
    await step.click();
    await page.locator('.getting-started-step a, .getting-started-step .button-link, .getting-started-step button', { hasText: 'Open the Founding Case' }).first().click();
    const copied = join(workspace, 'xenlat-founding-case', 'black-0.1s.xenlat');
    await h.waitFor(() => existsSync(copied) && existsSync(join(workspace, 'xenlat-founding-case', 'data', 'cache-client.log')), { timeout: 30_000, message: 'the founding case copied into the workspace with its log' });
    await h.waitFor(async () => /^black-0\.1s/.test(await h.activeTabLabel(page)) || null, { timeout: 60_000, message: 'the founding case to open' });
    await h.sleep(2000);
    await screenshot('founding-case');
    log('walkthrough: five steps; Open the Founding Case copied it (with its log) into the workspace and opened it');
  },
};
