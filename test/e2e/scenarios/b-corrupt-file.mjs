// Opening a truncated .xenlat file shows an error that says why, and never touches the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What counts as "the error names the reason": the word corrupt/invalid/truncated, or a line/column/position.
const REASON = /corrupt|invalid|truncated|unexpected end|line\s*\d+|column\s*\d+|position\s*\d+|\d+:\d+/i;

export default {
  name: 'corrupt file',
  async run({ page, workspace, serverUrl, helpers: h, log, screenshot }) {
    const file = join(workspace, 'corrupt.xenlat');
    const bytesBefore = readFileSync(file);

    await h.openWorkbench(page, serverUrl, workspace);
    let found = null;
    for (let attempt = 0; attempt < 3 && !found; attempt++) {
      await h.clickExplorerFile(page, 'corrupt.xenlat');
      found = await h
        .waitFor(
          async () => {
            const pane = await editorPaneText(page);
            const notes = await h.notificationsText(page);
            // The error must be about this file, not the raw JSON shown in a text editor.
            const asText = await page.locator('.part.editor .monaco-editor .view-lines').first().isVisible().catch(() => false);
            if (asText) return null;
            const m = (pane + '\n' + notes).split('\n').find((l) => REASON.test(l) && !/^\s*[{}\[\]"]/.test(l));
            return m ? { line: m.trim(), where: pane.includes(m) ? 'editor pane' : 'notification' } : null;
          },
          { timeout: 15_000, message: 'an error naming the reason' },
        )
        .catch(() => null);
      if (!found) {
        const asText = await page.locator('.part.editor .monaco-editor .view-lines').first().isVisible().catch(() => false);
        log(`no error shown yet (attempt ${attempt + 1}${asText ? ', opened as plain text' : ''}); reopening`);
        await h.runCommand(page, 'View: Close All Editors').catch(() => {});
        await h.sleep(3000);
      }
    }
    await screenshot('corrupt-error');
    if (!found) {
      const pane = (await editorPaneText(page)).slice(0, 400);
      const notes = (await h.notificationsText(page)).slice(0, 400);
      throw new Error(`no error naming the reason was shown for corrupt.xenlat\n  editor pane: ${JSON.stringify(pane)}\n  notifications: ${JSON.stringify(notes)}`);
    }
    log(`error shown in the ${found.where}: ${JSON.stringify(found.line.slice(0, 200))}`);
    const cells = await h.cellRows(page).count();
    h.assert(cells === 0, `corrupt.xenlat opened as a notebook with ${cells} cell(s)`);

    await h.sleep(2000); // give any (wrong) write-back a chance to happen
    const bytesAfter = readFileSync(file);
    h.assert(Buffer.compare(bytesBefore, bytesAfter) === 0, 'corrupt.xenlat changed on disk');
  },
};

async function editorPaneText(page) {
  const t = await page.locator('.part.editor').allInnerTexts().catch(() => []);
  return t.join('\n');
}
