// An explain cell in the real editor: a data cell with a 40 ms delayed-ACK signature and an
// explain cell that names it (observed: <cell id>); Run All; the explain cell's ranking table
// (from the renderer) puts nagle-delayed-ack first and its tail-CDF chart draws.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function samples() {
  let a = 12345;
  const r = () => ((a = (a * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return Array.from({ length: 3000 }, (_, i) => Math.round((0.6 + 0.6 * r() + (i % 50 === 49 ? 40 + r() * 1.5 : 0)) * 1000) / 1000);
}

export default {
  name: 'an explain cell ranks the hypotheses and draws its charts',
  async prepare({ workspace }) {
    const cells = [
      { id: 'e2edata1', kind: 'code', language: 'xenlat-data', source: [`samples: [${samples().join(', ')}]`, 'stallThresholdMs: 10'] },
      { id: 'e2eexpl1', kind: 'code', language: 'xenlat-explain', source: ['title: delayed ACK?', 'observed: e2edata1', 'hypotheses: [nagle-delayed-ack, loss-rto]', 'requests: 5000'] },
    ];
    writeFileSync(join(workspace, 'explain.xenlat'), JSON.stringify({ format: 'xenlat', version: 1, metadata: {}, cells }, null, 2) + '\n');
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'explain.xenlat', { log });
    await h.runCommand(page, 'Notebook: Run All');
    const picker = page.locator('.quick-input-widget');
    if (await picker.isVisible().catch(() => false)) {
      await h.sleep(500);
      const row = picker.locator('.monaco-list-row', { hasText: /xenlat/i }).first();
      if (await row.count()) await row.click();
    }
    // VS Code renders outputs only near the viewport, and the data cell's outputs fill it: scroll
    // down (mouse wheel over the notebook) until the explain cell's ranking table is rendered.
    const box = await page.locator('.notebook-editor').first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await h.waitFor(async () => {
      if (await h.findInFrames(page, '.xenlat-ranking')) return true;
      await page.mouse.wheel(0, 1200);
      return false;
    }, { timeout: 180_000, interval: 1000, message: 'the explain cell\'s ranking table (.xenlat-ranking)' });
    const table = await h.findInFrames(page, '.xenlat-ranking');
    const text = await table.locator.first().innerText();
    log(`ranking: ${JSON.stringify(text.slice(0, 200))}`);
    h.assert(/^\s*rank[\s\S]*?\n\s*1\s+nagle-delayed-ack/m.test(text), `nagle-delayed-ack is not ranked first: ${text.slice(0, 300)}`);
    h.assert(/ruled-out/.test(text), 'loss-rto is not shown as ruled out');
    const cdf = '.xenlat-chart[aria-label^="Observed vs the best hypotheses"] svg, .xenlat-chart[aria-label^="Observed vs the best hypotheses"] canvas';
    await h.waitFor(async () => {
      if (await h.findInFrames(page, cdf)) return true;
      await page.mouse.wheel(0, 400);
      return false;
    }, { timeout: 60_000, interval: 1000, message: 'the tail CDF chart (observed vs hypotheses)' });
    // Bring the explain cell's outputs into view for the screenshot (the data cell's fill the screen).
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 600);
      await h.sleep(200);
    }
    await h.sleep(1500);
    await screenshot('explain');
  },
};
