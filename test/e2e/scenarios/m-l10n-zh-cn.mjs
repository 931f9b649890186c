// Xenlat in Chinese: code-server started with the display language zh-cn. VS Code's own UI stays
// English (no language pack offline); Xenlat's command titles (package.nls.zh-cn.json), its
// messages (vscode.l10n bundle) and the renderer's output (bundle sent over renderer messaging)
// are Chinese.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default {
  name: 'l10n zh-cn: command titles, messages and outputs in Chinese',
  locale: 'zh-cn',
  async prepare({ workspace }) {
    const nb = {
      format: 'xenlat',
      version: 1,
      metadata: {},
      cells: [
        { id: 'intro', kind: 'markdown', source: ['# 黑色0.1秒'] },
        { id: 'samples', kind: 'code', language: 'xenlat-data', source: ['samples: [2.6, 1.7, 2.4, 31.9, 1, 2, 0.9, 26.3, 3, 3.4]', 'unit: ms', 'stallThresholdMs: 10'] },
      ],
    };
    writeFileSync(join(workspace, 'zh.xenlat'), JSON.stringify(nb, null, 2) + '\n');
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'zh.xenlat', { log });

    // The cell's language, as the status bar of the cell names it (the alias from package.nls.zh-cn.json).
    await h.waitFor(async () => (await page.locator('.code-cell-row .cell-status-item').allInnerTexts()).some((l) => l.includes('Xenlat 数据')) || null, {
      timeout: 20_000, message: 'the cell language shown as "Xenlat 数据"',
    });

    // A command title in Chinese: the palette finds it by its zh-cn title, and it answers in Chinese.
    await h.runCommand(page, 'Xenlat: 设置参数...');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: '此笔记本没有声明参数' }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    log('"Xenlat: 设置参数..." ran and said so in Chinese');
    await screenshot('command-and-message');

    // Run it (VS Code's own "Run All" stays English): the summary and chart toolbar are Chinese.
    await h.runCommand(page, 'Notebook: Run All');
    const summary = await h.waitInFrames(page, '.xenlat-summary', { timeout: 60_000, message: 'the summary table' });
    await h.waitFor(async () => /数量/.test(await summary.locator.first().innerText()) || null, { timeout: 20_000, message: 'the summary in Chinese (数量)' });
    const text = await summary.locator.first().innerText();
    for (const label of ['数量', '最小值', '最大值', '卡顿 > 10.00 ms', '运行于']) h.assert(text.includes(label), `the summary lacks "${label}": ${JSON.stringify(text)}`);
    const actions = await h.waitInFrames(page, '.xenlat-chart-actions button', { timeout: 30_000, message: 'the chart actions' });
    const labels = await actions.locator.allInnerTexts();
    h.assert(['保存 PNG…', '保存 SVG…', '复制 PNG'].every((l) => labels.includes(l)), `chart actions: ${JSON.stringify(labels)}`);
    log(`summary: ${JSON.stringify(text.slice(0, 120))}; chart actions: ${JSON.stringify(labels)}`);
    await h.sleep(1500);
    await screenshot('outputs');

    // The founding case, first told in Chinese, opens in Chinese for a Chinese editor.
    await h.runCommand(page, 'Xenlat: 打开起源案例');
    const copied = join(workspace, 'xenlat-founding-case', 'black-0.1s.zh-cn.xenlat');
    await h.waitFor(() => existsSync(copied) || null, { timeout: 30_000, message: 'the Chinese founding case copied into the workspace' });
    h.assert(readFileSync(copied, 'utf8').includes('黑色0.1秒'), 'the copied founding case is not the Chinese one');
    await h.waitFor(async () => (await h.activeTabLabel(page)).includes('black-0.1s.zh-cn') || null, {
      timeout: 30_000, message: 'the Chinese founding case open in a tab',
    });
    log(`founding case open: ${JSON.stringify(await h.activeTabLabel(page))}`);
    await h.sleep(2000);
    await screenshot('founding-case-zh');
  },
};
