// Extension-host tests for desktops with internet access (`npx @vscode/test-cli`, see
// .vscode-test.mjs): the same path as test/e2e, driven through the VS Code API instead of the UI.
// CI cannot download VS Code and runs test/e2e against code-server instead.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const RESULT = 'application/vnd.xenlat.result+json';
const workspace = () => vscode.workspace.workspaceFolders[0].uri;

async function waitFor(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('Xenlat notebooks', () => {
  test('demo.xenlat opens as a Xenlat notebook, runs all cells in order and keeps the results', async () => {
    const uri = vscode.Uri.joinPath(workspace(), 'demo.xenlat');
    const doc = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(doc.notebookType, 'xenlat');
    await vscode.window.showNotebookDocument(doc);
    await vscode.commands.executeCommand('notebook.execute');
    const code = doc.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    await waitFor(() => code.every((c) => c.executionSummary?.success === true), 60_000, 'every code cell to succeed');
    assert.ok(code[0].executionSummary.executionOrder < code[1].executionSummary.executionOrder);
    for (const c of code) {
      const item = c.outputs[0].items.find((i) => i.mime === RESULT);
      assert.ok(item, `cell ${c.index} has a result`);
      const result = JSON.parse(new TextDecoder().decode(item.data));
      assert.ok(result.summary.count > 0);
      assert.equal(c.outputs[0].metadata.xenlat.metadata.xenlat.role, 'result');
    }
  });

  test('a corrupt file is refused with its line and column, and left as it was', async () => {
    const uri = vscode.Uri.joinPath(workspace(), 'corrupt.xenlat');
    const before = await vscode.workspace.fs.readFile(uri);
    await assert.rejects(vscode.workspace.openNotebookDocument(uri), /Line \d+, column \d+/);
    assert.deepEqual(await vscode.workspace.fs.readFile(uri), before);
  });

  test('the commands are contributed', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['xenlat.newNotebook', 'xenlat.exportHtml', 'xenlat.exportMarkdown', 'xenlat.exportTrace', 'xenlat.exportIpynb', 'xenlat.exportCsv', 'xenlat.setParameters', 'xenlat.clearResults', 'xenlat.storeSecret', 'xenlat.deleteSecret']) {
      assert.ok(all.includes(id), id);
    }
  });
});
