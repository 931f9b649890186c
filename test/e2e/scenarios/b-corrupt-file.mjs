// Opening a truncated .xenlat file shows an error that says why, and never touches the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What counts as "the error names the reason": the word corrupt/invalid/truncated, or a line/column/position.
const REASON = /line\s*\d+,\s*column\s*\d+/i;

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
            // The error must be about this file, not the raw JSON shown in a text editor.
            if (await h.textEditorVisible(page)) return null;
            const t = await errorSurfacesText(page, h);
            for (const where of ['dialog', 'body', 'notes']) {
              // Ignore the file's own name ("corrupt.xenlat") and raw JSON lines.
              const m = t[where]
                .split('\n')
                .find((l) => REASON.test(l.replaceAll('corrupt.xenlat', '')) && !/^\s*[{}\[\]"]/.test(l));
              // VS Code puts the file name in the same surface ("Unable to open 'corrupt.xenlat'").
              if (m) return { line: m.trim(), where, namesFile: t[where].includes('corrupt.xenlat') };
            }
            return null;
          },
          { timeout: 15_000, message: 'an error naming the reason' },
        )
        .catch(() => null);
      if (!found) {
        const asText = await h.textEditorVisible(page);
        log(`no error shown yet (attempt ${attempt + 1}${asText ? ', opened as plain text' : ''}); reopening`);
        await h.runCommand(page, 'View: Close All Editors').catch(() => {});
        await h.sleep(3000);
      }
    }
    await screenshot('corrupt-error');
    if (!found) {
      const t = await errorSurfacesText(page, h);
      throw new Error(`no error naming the reason was shown for corrupt.xenlat: ${JSON.stringify(t).slice(0, 800)}`);
    }
    log(`error shown in the ${found.where}: ${JSON.stringify(found.line.slice(0, 200))}`);
    h.assert(found.namesFile, `the error in the ${found.where} does not name corrupt.xenlat`);
    // Dismiss a modal dialog with its Cancel button (never "Open in Text Editor").
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.isVisible().catch(() => false)) {
      const cancel = dialog.locator('.monaco-button', { hasText: /^\s*(Cancel|Close|OK)\s*$/ });
      if (await cancel.count()) await cancel.first().click();
      else await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    }
    const cells = await h.cellRows(page).count();
    h.assert(cells === 0, `corrupt.xenlat opened as a notebook with ${cells} cell(s)`);

    await h.sleep(2000); // give any (wrong) write-back a chance to happen
    const bytesAfter = readFileSync(file);
    h.assert(Buffer.compare(bytesBefore, bytesAfter) === 0, 'corrupt.xenlat changed on disk');
  },
};

/** Text of the places an open error can show: a modal dialog, the editor body (not its tabs), notifications. */
async function errorSurfacesText(page, h) {
  const dialog = (await page.locator('.monaco-dialog-box').allInnerTexts().catch(() => [])).join('\n');
  const body = (await page.locator('.part.editor .editor-container').allInnerTexts().catch(() => [])).join('\n');
  const notes = await h.notificationsText(page);
  return { dialog, body, notes };
}
