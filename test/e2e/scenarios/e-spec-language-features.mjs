// Editing a xenlat-data cell: a misspelt key is underlined with a message that says what is wrong,
// a quick fix rewrites it, the cell indents with 2 spaces, completion offers the keys the spec knows,
// and a key's hover links to its docs section, opened inside the editor.
export default {
  name: 'spec diagnostics and completion in a cell',
  async run({ page, serverUrl, workspace, helpers: h, log, screenshot }) {
    await h.openWorkbench(page, serverUrl, workspace);
    await h.openNotebookFromExplorer(page, 'demo.xenlat', { log });
    const editor = page.locator('.code-cell-row .cell-editor-container .monaco-editor').first();
    await editor.waitFor({ state: 'attached', timeout: 30_000 });
    await editor.click({ force: true });
    await page.keyboard.press('Control+End');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('unitt: ms', { delay: 20 });
    await h.waitFor(async () => (await page.locator('.code-cell-row .squiggly-error').count()) > 0, {
      timeout: 20_000, message: 'an error squiggle under the misspelt key',
    });
    log('error squiggle shown');
    // F8 (Go to Next Problem) opens the problem's message under the line: steadier than hovering
    // the squiggle, which may be zero-sized while the editor lays out.
    await page.keyboard.press('F8');
    const hover = await h.waitFor(async () => {
      const t = await page.locator('.marker-widget, .monaco-hover').allInnerTexts().catch(() => []);
      return t.find((x) => /unitt/.test(x) && /unit/.test(x.replace('unitt', ''))) ?? null;
    }, { timeout: 15_000, message: 'the diagnostic for "unitt" suggesting "unit"' });
    log(`diagnostic: ${JSON.stringify(hover.slice(0, 160))}`);
    await screenshot('diagnostic');

    // The "did you mean" diagnostic has a quick fix: Ctrl+. on the key offers it; Enter applies it.
    await page.keyboard.press('Escape');
    await editor.click({ force: true });
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+.');
    const fix = await h.waitFor(async () => {
      const rows = await page.locator('.action-widget .monaco-list-row, .context-view .action-widget li').allInnerTexts().catch(() => []);
      return rows.find((r) => r.includes('Change to "unit"')) ?? null;
    }, { timeout: 15_000, message: 'a quick fix "Change to \"unit\""' });
    log(`quick fix offered: ${JSON.stringify(fix)}`);
    await screenshot('quick-fix');
    await page.keyboard.press('Enter');
    // (The demo cell has a "unit" already, so the fixed line is then a duplicate key: the text is
    // what is checked here; the line is replaced below.)
    const lines = await h.waitFor(async () => {
      const t = (await page.locator('.code-cell-row .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
      return !/unitt/.test(t) && (t.match(/unit: ms/g) ?? []).length === 2 ? t : null;
    }, { timeout: 15_000, message: 'the quick fix to rewrite "unitt" as "unit"' });
    h.assert(lines, 'quick fix applied');
    log('quick fix applied');
    // Spec cells indent with 2 spaces, as every example does.
    const status = await page.locator('.part.statusbar').innerText();
    h.assert(/Spaces: 2/.test(status), `the cell editor does not use 2 spaces: ${JSON.stringify(status.replace(/\s+/g, ' '))}`);

    // Replace the bad line with the start of a known key and ask for completion.
    await page.keyboard.press('Escape');
    await editor.click({ force: true });
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('ti', { delay: 20 });
    await page.keyboard.press('Control+Space');
    const suggestion = await h.waitFor(async () => {
      const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts().catch(() => []);
      return rows.find((r) => r.includes('title')) ?? null;
    }, { timeout: 15_000, message: 'completion offering "title"' });
    log(`completion offered: ${JSON.stringify(suggestion.split('\n')[0])}`);
    await page.keyboard.press('Enter');
    await page.keyboard.type('GET latency', { delay: 20 });
    await h.waitFor(async () => (await page.locator('.code-cell-row .squiggly-error').count()) === 0, {
      timeout: 15_000, message: 'the error squiggle to go away once the key is valid',
    });
    await screenshot('completion');

    // Hover on a key: words kept whole, and a link to its section of the docs, which opens as a
    // preview inside the editor.
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hoverText = await h.waitFor(async () => {
      const t = await page.locator('.monaco-hover').allInnerTexts().catch(() => []);
      return t.find((x) => x.includes('Docs: docs/data.md')) ?? null;
    }, { timeout: 15_000, message: 'a hover with the docs link' });
    log(`hover: ${JSON.stringify(hoverText.slice(0, 160))}`);
    await screenshot('hover');
    await page.locator('.monaco-hover a', { hasText: 'Docs: docs/data.md' }).first().click();
    await h.waitFor(async () => /data\.md/.test(await h.activeTabLabel(page)) || null, { timeout: 20_000, message: 'the docs to open in an editor tab' });
    log(`docs opened in the editor: ${JSON.stringify(await h.activeTabLabel(page))}`);
    await h.sleep(1500);
    await screenshot('docs-preview');
  },
};
