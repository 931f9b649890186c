// The shipped founding-case notebook opens in the editor with its stored outputs: its charts draw
// without running anything, including the timeline that shows the scheduler causing the stall.
import { cpSync } from 'node:fs';
import { join } from 'node:path';

export default {
  name: 'the founding-case example opens with its stored charts',
  async prepare({ workspace, repoRoot }) {
    cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), { recursive: true });
  },
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.showExplorer(page);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^examples$/ }).first().click();
    await h.sleep(800);
    await h.openNotebookFromExplorer(page, 'black-0.1s.xenlat', { log });
    await h.waitInFrames(page, '.xenlat-chart svg', { timeout: 60_000, message: 'a stored chart of the example to draw' });
    log('stored charts draw');
    // Scroll the notebook (mouse wheel over it) to a timeline chart, for the screenshot.
    const box = await page.locator('.notebook-editor').first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // One wheel event scrolls a bounded amount: many of them reach the end.
    for (let i = 0; i < 80; i++) {
      await page.mouse.wheel(0, 2500);
      await h.sleep(40);
    }
    await h.sleep(1500);
    // Titled by the cell (or its preset) first: "preset black-0.1s: slowest 20 of 100,000 requests ...".
    const timeline = '.xenlat-chart[aria-label*="slowest"]';
    await h.waitInFrames(page, `${timeline} svg`, { timeout: 30_000, message: 'the timeline of the slowest requests' });
    for (let i = 0; i < 12; i++) {
      const found = await h.findInFrames(page, timeline);
      const b = found && (await found.locator.last().boundingBox());
      if (!b) break;
      const offset = b.y - (box.y + 60);
      if (Math.abs(offset) < 40) break;
      for (let left = offset; Math.abs(left) > 1; left -= Math.sign(left) * Math.min(Math.abs(left), 2000)) {
        await page.mouse.wheel(0, Math.sign(left) * Math.min(Math.abs(left), 2000));
        await h.sleep(40);
      }
      await h.sleep(700);
    }
    await h.sleep(1000);
    await screenshot('timeline');
    h.assert((await page.locator('.tabs-container .tab.active.dirty').count()) === 0, 'opening the example made it dirty');
  },
};
